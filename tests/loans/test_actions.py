"""Loan verbs: approval, disbursement within budget, repayments, reversals, revisions,
write-off — each audited, the ledger append-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.audit.models import AuditEvent
from sinergi.loans import actions
from sinergi.loans.models import AppendOnlyError, LoanEntry
from sinergi.loans.quality import Quality
from sinergi.loans.state import state_of

from .conftest import START


def test_approval_creates_the_agreement_with_its_schedule(make_loan, bangka_business) -> None:
    agreement = make_loan(bangka_business, disburse=False)
    rows = list(agreement.instalments.order_by("number"))
    assert len(rows) == 12
    assert sum(r.principal_due for r in rows) == 12_000_000
    assert sum(r.fee_due for r in rows) == 720_000
    assert rows[0].due_date == dt.date(2024, 2, 15)
    assert AuditEvent.objects.for_object(agreement).exists()


def test_it_refuses_a_loan_application_on_a_grant_program(loan_program, admin, bangka_business):
    loan_program.kind = "grant"
    loan_program.save()
    with pytest.raises(actions.LoanError):
        actions.submit_application(
            admin, program=loan_program, business=bangka_business, amount=1, tenor_months=1
        )


def test_disbursed_principal_never_exceeds_the_program_budget(
    make_loan, make_business, admin
) -> None:
    make_loan(make_business(), principal=30_000_000)
    second = make_loan(make_business(), principal=25_000_000, disburse=False)
    with pytest.raises(actions.LoanError, match="Budget exceeded"):
        actions.disburse_loan(admin, second, on=START)
    second.refresh_from_db()
    assert second.status == "signed"
    assert actions.disbursed_principal(second.program) == 30_000_000


def test_a_loan_cannot_be_disbursed_twice(make_loan, bangka_business, admin) -> None:
    agreement = make_loan(bangka_business)
    with pytest.raises(actions.LoanError):
        actions.disburse_loan(admin, agreement, on=START)


def test_disbursing_on_another_day_rebases_the_schedule(make_loan, bangka_business, admin):
    agreement = make_loan(bangka_business, disburse=False)
    actions.disburse_loan(admin, agreement, on=dt.date(2024, 3, 1))
    first = agreement.instalments.order_by("number").first()
    assert first.due_date == dt.date(2024, 4, 1)


def test_a_repayment_pays_the_admin_fee_before_principal(make_loan, bangka_business, admin):
    agreement = make_loan(bangka_business)  # 1.000.000 principal + 60.000 fee a month
    actions.record_repayment(admin, agreement, amount=50_000, on=dt.date(2024, 2, 10))
    state = state_of(agreement, dt.date(2024, 2, 10))
    assert (state.fee_paid, state.principal_paid) == (50_000, 0)
    assert state.principal_outstanding == 12_000_000


def test_quality_follows_days_past_due_of_the_oldest_unpaid_instalment(
    make_loan, bangka_business, admin
) -> None:
    agreement = make_loan(bangka_business)  # first due 15 Feb 2024
    assert state_of(agreement, dt.date(2024, 3, 16)).quality == Quality.LANCAR  # 30 days
    assert state_of(agreement, dt.date(2024, 3, 17)).quality == Quality.KURANG_LANCAR
    actions.record_repayment(admin, agreement, amount=1_060_000, on=dt.date(2024, 3, 1))
    state = state_of(agreement, dt.date(2024, 3, 17))  # now counted from 15 March
    assert (state.days_past_due, state.quality) == (2, Quality.LANCAR)


def test_the_ledger_is_append_only_and_corrections_are_reversals(
    make_loan, bangka_business, admin
) -> None:
    agreement = make_loan(bangka_business)
    entry = actions.record_repayment(admin, agreement, amount=100_000, on=dt.date(2024, 2, 1))
    entry.amount = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(actions.LoanError):
        actions.reverse_entry(admin, entry, reason=" ", on=dt.date(2024, 2, 2))
    actions.reverse_entry(admin, entry, reason="salah input", on=dt.date(2024, 2, 2))
    assert state_of(agreement, dt.date(2024, 2, 2)).paid == 0
    assert LoanEntry.objects.filter(agreement=agreement).count() == 3
    with pytest.raises(actions.LoanError, match="already"):
        actions.reverse_entry(admin, entry, reason="lagi", on=dt.date(2024, 2, 3))


def test_a_loan_repaid_in_full_is_closed(make_loan, bangka_business, admin) -> None:
    agreement = make_loan(bangka_business, principal=1_000_000, tenor=1, rate="0.12")
    actions.record_repayment(admin, agreement, amount=1_010_000, on=dt.date(2024, 2, 15))
    agreement.refresh_from_db()
    assert agreement.status == "repaid"


def test_a_rescheduling_keeps_history_and_clears_the_arrears(make_loan, bangka_business, admin):
    agreement = make_loan(bangka_business)
    on = dt.date(2024, 9, 1)
    assert state_of(agreement, on).quality == Quality.DIRAGUKAN
    revision = actions.revise_loan(
        admin, agreement, kind="reschedule", on=on, tenor_months=24, reason="usaha terdampak banjir"
    )
    assert revision.old_terms["tenor_months"] == 12
    assert len(revision.old_terms["schedule"]) == 12
    state = state_of(agreement, on)
    assert state.quality == Quality.LANCAR
    assert state.principal_outstanding == 12_000_000
    assert AuditEvent.objects.for_object(agreement).filter(action="update").exists()


def test_a_rescheduling_cannot_change_the_rate(make_loan, bangka_business, admin) -> None:
    agreement = make_loan(bangka_business)
    with pytest.raises(actions.LoanError):
        actions.revise_loan(
            admin,
            agreement,
            kind="reschedule",
            on=dt.date(2024, 6, 1),
            tenor_months=12,
            reason="x",
            admin_fee_rate=Decimal("0.03"),
        )


def test_a_restructuring_changes_the_rate(make_loan, bangka_business, admin) -> None:
    agreement = make_loan(bangka_business)
    actions.revise_loan(
        admin,
        agreement,
        kind="restructure",
        on=dt.date(2024, 6, 1),
        tenor_months=12,
        reason="keringanan",
        admin_fee_rate=Decimal("0.03"),
        waive_arrears_fee=True,
    )
    agreement.refresh_from_db()
    assert agreement.admin_fee_rate == Decimal("0.03")
    assert agreement.revisions.get().new_terms["waive_arrears_fee"] is True


def test_a_write_off_takes_the_loan_out_of_the_outstanding(make_loan, bangka_business, admin):
    agreement = make_loan(bangka_business)
    actions.record_repayment(admin, agreement, amount=1_060_000, on=dt.date(2024, 2, 15))
    entry = actions.write_off(admin, agreement, on=dt.date(2025, 6, 1), reason="macet, usaha tutup")
    assert entry.amount == 11_000_000
    state = state_of(agreement, dt.date(2025, 6, 1))
    assert (state.principal_outstanding, state.written_off, state.quality) == (0, 11_000_000, None)


def test_it_refuses_an_application_from_outside_the_program_region(make_loan, make_business):
    with pytest.raises(actions.LoanError, match="outside the program's region"):
        make_loan(make_business("5171011001"))


def test_it_refuses_an_application_the_eligibility_rules_exclude(
    make_loan, loan_program, bangka_business
) -> None:
    loan_program.eligibility_rules = [{"type": "size_class", "classes": ["kecil"]}]
    loan_program.save()
    with pytest.raises(actions.LoanError, match="not eligible"):
        make_loan(bangka_business)


def test_a_business_has_one_running_loan_per_program(make_loan, bangka_business) -> None:
    make_loan(bangka_business)
    with pytest.raises(actions.LoanError, match="running loan"):
        make_loan(bangka_business)


def test_a_disbursement_is_in_the_programs_ledger_and_its_reversal_too(
    make_loan, bangka_business, admin
) -> None:
    agreement = make_loan(bangka_business)
    program = agreement.program
    assert program.budget_used() == 12_000_000
    entry = agreement.entries.get(kind="disbursement")
    assert entry.program_entry.business_id == bangka_business.pk
    actions.reverse_entry(admin, entry, reason="salah rekening", on=START)
    assert program.budget_used() == 0
    agreement.refresh_from_db()
    assert agreement.status == "signed"
