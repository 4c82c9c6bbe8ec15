"""Committed money and closed programs where money is decided: approving a cycle counts
what other approved cycles still owe; a closed loan program lends no more; the rules
freeze from submission."""

from __future__ import annotations

from typing import Any

import pytest
from tests.programs.lifecycle_helpers import approve, edit_data, page_text

from sinergi.programs import actions, lifecycle
from sinergi.programs.models import Cycle, CycleStatus, Disbursement, Program

pytestmark = pytest.mark.django_db


def test_a_closed_loan_program_disburses_no_loan(
    admin: Any, bangka_business: Any, make_business: Any
) -> None:
    import datetime as dt
    from decimal import Decimal

    from sinergi.accounts.models import Organisation
    from sinergi.loans import actions as loans
    from sinergi.programs.lifecycle import close_program

    other_business = make_business(name="Kedai Kopi Pak Amat", nik="1901011201700011")
    third_business = make_business(name="Toko Besi Jaya", nik="1901011201700012")
    org = Organisation.objects.create(name="Program Kemitraan BUMN", kind="soe_partnership")
    program = Program.objects.create(
        organisation=org,
        kind="loan",
        name="Pinjaman Kemitraan 2024",
        budget_idr=50_000_000,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        region_scope="19",
    )
    application = loans.submit_application(
        admin, program=program, business=bangka_business, amount=12_000_000, tenor_months=12
    )
    agreement = loans.approve_application(
        admin,
        application,
        principal=12_000_000,
        tenor_months=12,
        admin_fee_rate=Decimal("0.06"),
        start_date=dt.date(2024, 1, 15),
    )
    waiting = loans.submit_application(
        admin, program=program, business=other_business, amount=5_000_000, tenor_months=6
    )
    close_program(admin, program, "dana kemitraan dihentikan")
    with pytest.raises(loans.LoanError, match="program sudah ditutup"):
        loans.disburse_loan(admin, agreement, on=dt.date(2024, 1, 15))
    assert not Disbursement.objects.exists()
    # Nor does it take a new application or approve one that was waiting.
    with pytest.raises(loans.LoanError, match="sudah ditutup"):
        loans.submit_application(
            admin, program=program, business=third_business, amount=1_000_000, tenor_months=6
        )
    with pytest.raises(loans.LoanError, match="sudah ditutup"):
        loans.approve_application(
            admin,
            waiting,
            principal=5_000_000,
            tenor_months=6,
            admin_fee_rate=Decimal("0.06"),
            start_date=dt.date(2024, 2, 1),
        )


# ------------------------------------------------------------------ committed money


def test_two_approved_unpaid_cycles_cannot_together_exceed_the_budget(
    officer_bangka: Any, grant_program: Program, cycle: Cycle, make_business: Any
) -> None:
    """Approval counts what other approved cycles still owe, not only what is paid."""
    first = [make_business(name=f"Usaha A{i}", nik=f"190101010170{i:04d}") for i in range(3)]
    approve(officer_bangka, cycle, *((b, 2_400_000) for b in first))  # Rp7.2m reserved
    second = actions.create_cycle(officer_bangka, grant_program, "Tahap 2")
    more = [make_business(name=f"Usaha B{i}", nik=f"190101010180{i:04d}") for i in range(2)]
    with pytest.raises(actions.ProgramError, match="belum terikat Rp2.800.000"):
        approve(officer_bangka, second, *((b, 2_400_000) for b in more))  # Rp4.8m > 2.8m left
    second.refresh_from_db()
    assert second.status == CycleStatus.VERIFIED
    assert not Disbursement.objects.exists()


def test_the_cycle_verb_itself_refuses_a_closed_program(
    officer_bangka: Any, grant_program: Program
) -> None:
    """Not only the page: the demo, the CLI and tasks call `actions.create_cycle` directly."""
    lifecycle.close_program(officer_bangka, grant_program, "anggaran dialihkan")
    with pytest.raises(actions.ProgramError, match="tidak bisa membuat siklus baru"):
        actions.create_cycle(officer_bangka, grant_program, "Tahap 2")
    assert not grant_program.cycles.exists()


def test_rules_are_frozen_from_submission_when_the_cycle_is_screened_not_before(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    """A submitted cycle's eligibility verdicts and findings were made under the rules."""
    client = client_of(officer_bangka)
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    rules = '[{"type": "covid_affected"}]'
    response = client.post(  # a draft cycle: the rules may still change
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, eligibility_rules=rules)
    )
    assert response.status_code == 302
    actions.submit_cycle(officer_bangka, cycle)
    program = Program.objects.get(pk=grant_program.pk)
    response = client.post(
        f"/programs/{program.pk}/edit/", edit_data(program, eligibility_rules="[]")
    )
    assert response.status_code == 200
    assert "sudah diajukan dan disaring" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).eligibility_rules == [
        {"type": "covid_affected"}
    ]
