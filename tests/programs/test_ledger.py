"""The disbursement ledger: append-only, whole rupiah, budget, one grant per period."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from sinergi.programs import actions
from sinergi.programs.models import AppendOnlyError, Disbursement

pytestmark = pytest.mark.django_db


def pay(user: Any, program: Any, business: Any, amount: Any = 2_400_000) -> Disbursement:
    return actions.disburse(user, program=program, business=business, amount_idr=amount)


def second_grant_program(user: Any, year: int = 2020) -> Any:
    return actions.create_program(
        user,
        organisation=user.membership.organisation,
        kind="grant",
        name=f"Hibah Lain {year}",
        budget_idr=50_000_000,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        region_scope="1901",
    )


def test_a_ledger_entry_cannot_be_changed_or_deleted(
    grant_program: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    entry = pay(officer_bangka, grant_program, bangka_business)
    entry.amount_idr = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Disbursement.objects.filter(pk=entry.pk).update(amount_idr=1)
    with pytest.raises(AppendOnlyError):
        Disbursement.objects.filter(pk=entry.pk).delete()
    assert Disbursement.objects.get(pk=entry.pk).amount_idr == 2_400_000


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_the_database_itself_refuses_to_rewrite_the_ledger(
    grant_program: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    from django.db import DatabaseError, transaction

    entry = pay(officer_bangka, grant_program, bangka_business)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("UPDATE programs_disbursement SET amount_idr = 1 WHERE id = %s", [entry.pk])


def test_it_refuses_a_second_grant_to_the_same_business_in_the_period(
    grant_program: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    pay(officer_bangka, grant_program, bangka_business)
    other = second_grant_program(officer_bangka)
    with pytest.raises(actions.DisbursementRefused, match="sudah menerima hibah pada 2020"):
        pay(officer_bangka, other, bangka_business)
    # Another year is another period.
    pay(officer_bangka, second_grant_program(officer_bangka, 2021), bangka_business)


def test_a_reversed_grant_frees_the_business_for_a_corrected_payment(
    grant_program: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    wrong = pay(officer_bangka, grant_program, bangka_business, 3_000_000)
    reversal = actions.reverse_disbursement(officer_bangka, wrong, "nominal salah")
    assert reversal.amount_idr == -3_000_000 and reversal.reverses == wrong
    pay(officer_bangka, grant_program, bangka_business, 2_400_000)
    assert grant_program.budget_used() == 2_400_000
    with pytest.raises(actions.ProgramError):
        actions.reverse_disbursement(officer_bangka, wrong, "dua kali")


def test_the_budget_can_never_be_exceeded(
    grant_program: Any, officer_bangka: Any, make_business: Any
) -> None:
    pay(officer_bangka, grant_program, make_business(), 6_000_000)
    with pytest.raises(actions.DisbursementRefused, match="anggaran tidak cukup"):
        pay(officer_bangka, grant_program, make_business(), 4_000_001)
    pay(officer_bangka, grant_program, make_business(), 4_000_000)
    assert grant_program.budget_left() == 0


@pytest.mark.parametrize("amount", [2.5, 0, -5, "100", True])
def test_amounts_must_be_whole_positive_rupiah(
    grant_program: Any, officer_bangka: Any, bangka_business: Any, amount: Any
) -> None:
    with pytest.raises(actions.ProgramError, match="rupiah bulat"):
        pay(officer_bangka, grant_program, bangka_business, amount)
    assert not Disbursement.objects.exists()


def test_paying_twice_in_one_loan_program_is_allowed_but_not_for_grants(
    officer_bangka: Any, bangka_business: Any
) -> None:
    loan = actions.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="loan",
        name="Pinjaman Kemitraan",
        budget_idr=100_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="1901",
    )
    pay(officer_bangka, loan, bangka_business, 10_000_000)
    pay(officer_bangka, loan, bangka_business, 10_000_000)
    assert loan.budget_used() == 20_000_000


def test_a_batch_pays_what_fits_and_names_the_lines_it_refuses(
    grant_program: Any, officer_bangka: Any, make_business: Any
) -> None:
    a, b, c = make_business(), make_business(), make_business()
    lines = [
        actions.PaymentLine(a.pk, 4_000_000, label=a.name),
        actions.PaymentLine(a.pk, 1_000_000, label=a.name),  # a second grant to `a`
        actions.PaymentLine(b.pk, 5_000_000, label=b.name),
        actions.PaymentLine(c.pk, 2_000_000, label=c.name),  # beyond the budget left
    ]
    entries, refused = actions.disburse_lines(officer_bangka, grant_program, lines, batch="b1")
    assert [(e.business_id, e.amount_idr) for e in entries] == [
        (a.pk, 4_000_000),
        (b.pk, 5_000_000),
    ]
    assert refused == [
        f"{a.name}: sudah menerima hibah pada 2020 / already received a grant in 2020",
        f"{c.name}: anggaran tidak cukup (sisa Rp1.000.000) / budget exceeded",
    ]
    assert grant_program.budget_left() == 1_000_000
