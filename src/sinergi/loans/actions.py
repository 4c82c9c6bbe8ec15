"""Verbs of partnership loans: every write goes through here, and each is audited.

Rules enforced here, once:
- only programs of kind "loan" take loan applications;
- disbursed principal of a program never exceeds `Program.budget_idr` (checked with
  the program row locked, so two concurrent disbursements cannot both pass); a
  disbursement is also written through `programs.actions.disburse` to the programs
  ledger (the one place money paid out is counted), and its reversal through
  `reverse_disbursement`;
- the ledger is append-only: corrections are reversals;
- a revision keeps what was paid and records old and new terms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sinergi.accounts.scope import NotAllowed, code_in
from sinergi.audit.actions import record
from sinergi.audit.events import Reason
from sinergi.loans.models import (
    AgreementStatus,
    ApplicationStatus,
    EntryKind,
    Instalment,
    LoanAgreement,
    LoanApplication,
    LoanEntry,
    LoanRevision,
    RevisionKind,
)
from sinergi.loans.schedule import build_schedule, revise_schedule, whole_rupiah
from sinergi.loans.state import schedules_of, state_of
from sinergi.programs.permissions import require_program


class LoanError(ValueError):
    """A loan rule refused the action; the message is for the user."""


def _require(actor: Any, program: Any, what: str, business: Any = None) -> None:
    """Every loan verb starts here: the actor manages the loan's program (its organisation
    or a partner, `programs.permissions.may_manage`) and, for a new application, may see
    the business."""
    from sinergi.registry.models import Business

    require_program(actor, program, what)
    if business is not None and not (
        Business.objects.visible_to(actor).filter(pk=business.pk).exists()
    ):
        raise NotAllowed(what)


def _check_loan_program(program: Any) -> None:
    """A loan program that is still open (a closed one takes no application or approval)."""
    if program.kind != "loan":
        raise LoanError(
            f"Program '{program}' bukan program pinjaman kemitraan / "
            f"is not a partnership-loan program."
        )
    if program.status == "closed":
        raise LoanError(
            f"Program '{program}' sudah ditutup / is closed: "
            "tidak menerima permohonan atau persetujuan baru / no new applications or approvals."
        )


def eligibility_problem(program: Any, business: Any) -> str:
    """Why `business` may not borrow from `program` ('' when it may).

    The program's region and eligibility rules are decided by sinergi.programs (one
    place), including "has not received program kind X in this period"; a business
    holds at most one open application and one running loan per program.
    """
    from sinergi.programs.eligibility import evaluate
    from sinergi.programs.snapshots import business_snapshot, histories

    code = business.village_code or business.regency_code or ""
    if not code_in(code, program.region_scope):
        return f"{business.name}: di luar wilayah program / outside the program's region"
    history = histories(
        [(business.pk, business.owner.nik)],
        organisation=program.organisation,
        exclude_program_id=program.pk,
    )
    verdict = evaluate(
        program.eligibility_rules,
        business_snapshot(business),
        history.get(business.pk, []),
        period_key=program.period_key,
        on=program.period_start,
    )
    if not verdict.eligible:
        return f"{business.name}: {verdict.explain('id')} / {verdict.explain('en')}"
    if LoanApplication.objects.filter(
        program=program, business=business, status=ApplicationStatus.SUBMITTED
    ).exists():
        return f"{business.name}: sudah ada permohonan / already has an open application"
    if LoanAgreement.objects.filter(
        program=program,
        business=business,
        status__in=[AgreementStatus.SIGNED, AgreementStatus.ACTIVE],
    ).exists():
        return f"{business.name}: pinjaman masih berjalan / already has a running loan"
    return ""


def submit_application(
    actor: Any,
    *,
    program: Any,
    business: Any,
    amount: int,
    tenor_months: int,
    purpose: str = "",
) -> LoanApplication:
    _require(actor, program, "submit_application", business)
    _check_loan_program(program)
    amount = whole_rupiah(amount)
    if amount <= 0:
        raise LoanError("Jumlah harus lebih dari Rp0 / the amount must be more than Rp0.")
    problem = eligibility_problem(program, business)
    if problem:
        raise LoanError(problem)
    application = LoanApplication.objects.create(
        program=program,
        business=business,
        amount_requested=amount,
        tenor_months=tenor_months,
        purpose=purpose,
        created_by=actor,
    )
    record(
        actor,
        "create",
        application,
        changes={"amount": (None, amount), "tenor": (None, tenor_months)},
    )
    return application


def reject_application(actor: Any, application: LoanApplication, note: str) -> None:
    _require(actor, application.program, "reject_application")
    if application.status != ApplicationStatus.SUBMITTED:
        raise LoanError(
            "Hanya permohonan yang diajukan yang bisa ditolak / "
            "only a submitted application can be rejected."
        )
    application.status = ApplicationStatus.REJECTED
    application.decision_note = note
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    record(
        actor, "update", application, changes={"status": {"new": "rejected"}}, event=Reason(note)
    )


def _store_schedule(agreement: LoanAgreement, rows: list) -> None:
    Instalment.objects.bulk_create(
        Instalment(
            agreement=agreement,
            number=r.number,
            due_date=r.due_date,
            principal_due=r.principal_due,
            fee_due=r.fee_due,
        )
        for r in rows
    )


def _schedule_json(rows: list) -> list[dict[str, Any]]:
    return [
        {
            "number": r.number,
            "due_date": r.due_date.isoformat(),
            "principal_due": r.principal_due,
            "fee_due": r.fee_due,
        }
        for r in rows
    ]


@transaction.atomic
def approve_application(
    actor: Any,
    application: LoanApplication,
    *,
    principal: int,
    tenor_months: int,
    admin_fee_rate: Decimal,
    start_date: dt.date,
    number: str = "",
) -> LoanAgreement:
    """Approve and sign: the agreement and its schedule (first instalment a month later)."""
    _require(actor, application.program, "approve_application")
    application = LoanApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise LoanError(
            "Hanya permohonan yang diajukan yang bisa disetujui / "
            "only a submitted application can be approved."
        )
    principal = whole_rupiah(principal)
    rows = build_schedule(principal, tenor_months, Decimal(str(admin_fee_rate)), start_date)
    from sinergi.programs.models import Program

    # The program row lock serialises numbering: two approvals never get the same number.
    program = Program.objects.select_for_update().get(pk=application.program_id)
    _check_loan_program(program)
    if not number:
        seq = LoanAgreement.objects.filter(program=program).count() + 1
        number = f"PK{program.pk:03d}-{start_date.year}-{seq:05d}"
    agreement = LoanAgreement.objects.create(
        number=number,
        application=application,
        program=program,
        business=application.business,
        principal=principal,
        tenor_months=tenor_months,
        admin_fee_rate=admin_fee_rate,
        start_date=start_date,
        created_by=actor,
    )
    _store_schedule(agreement, rows)
    application.status = ApplicationStatus.APPROVED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    record(actor, "update", application, changes={"status": {"new": "approved"}})
    record(
        actor,
        "create",
        agreement,
        changes={
            "principal": (None, principal),
            "tenor": (None, tenor_months),
            "rate": (None, admin_fee_rate),
        },
    )
    return agreement


def disbursed_principal(program: Any) -> int:
    """Principal paid out by `program`, net of reversed disbursements."""
    entries = LoanEntry.objects.filter(agreement__program=program)
    out = entries.filter(kind=EntryKind.DISBURSEMENT).aggregate(s=Sum("amount"))["s"] or 0
    back = (
        entries.filter(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.DISBURSEMENT).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )
    return out - back


@transaction.atomic
def disburse_loan(
    actor: Any, agreement: LoanAgreement, *, on: dt.date, reference: str = ""
) -> LoanEntry:
    """Pay the principal out. The schedule is re-based on the disbursement date.

    The program row is locked first, so the budget check and the insert are one step
    for concurrent requests (PostgreSQL); SQLite serialises writers anyway.
    """
    _require(actor, agreement.program, "disburse_loan")
    from sinergi.programs.models import Program

    program = Program.objects.select_for_update().get(pk=agreement.program_id)
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.SIGNED:
        raise LoanError(
            f"Perjanjian {agreement.number} sudah dicairkan / has already been disbursed."
        )
    used = disbursed_principal(program)
    if used + agreement.principal > program.budget_idr:
        raise LoanError(
            f"Anggaran terlampaui / Budget exceeded: {program} "
            f"sisa / has Rp{program.budget_idr - used} left, "
            f"{agreement.number} perlu / needs Rp{agreement.principal}."
        )
    if on != agreement.start_date:
        agreement.instalments.all().delete()
        rows = build_schedule(
            agreement.principal, agreement.tenor_months, agreement.admin_fee_rate, on
        )
        _store_schedule(agreement, rows)
        agreement.start_date = on
    from sinergi.programs import actions as program_actions

    try:
        paid = program_actions.disburse(
            actor,
            program=program,
            business=agreement.business,
            amount_idr=agreement.principal,
            note=f"{agreement.number} {reference}".strip()[:300],
        )
    except program_actions.ProgramError as exc:
        raise LoanError(str(exc)) from exc
    entry = LoanEntry.objects.create(
        agreement=agreement,
        kind=EntryKind.DISBURSEMENT,
        amount=agreement.principal,
        date=on,
        reference=reference,
        program_entry=paid,
        created_by=actor,
    )
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    record(actor, "create", entry, changes={"amount": (None, entry.amount), "date": (None, on)})
    return entry


def _refresh_repaid(agreement: LoanAgreement) -> None:
    state = state_of(agreement, dt.date.max)
    repaid = state.principal_outstanding == 0 and state.fee_outstanding == 0
    if agreement.status == AgreementStatus.ACTIVE and repaid:
        agreement.status = AgreementStatus.REPAID
        agreement.save(update_fields=["status"])
    elif agreement.status == AgreementStatus.REPAID and not repaid:
        agreement.status = AgreementStatus.ACTIVE
        agreement.save(update_fields=["status"])


@transaction.atomic
def record_repayment(
    actor: Any,
    agreement: LoanAgreement,
    *,
    amount: int,
    on: dt.date,
    reference: str = "",
    source: str = "manual",
    note: str = "",
) -> LoanEntry:
    """A repayment; its split (admin fee first, then principal) is derived, not stored."""
    _require(actor, agreement.program, "record_repayment")
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in {AgreementStatus.ACTIVE, AgreementStatus.REPAID}:
        raise LoanError(
            f"Perjanjian {agreement.number} tidak berjalan / "
            f"is not running (not disbursed or closed)."
        )
    amount = whole_rupiah(amount)
    if amount <= 0:
        raise LoanError("Angsuran harus lebih dari Rp0 / a repayment must be more than Rp0.")
    entry = LoanEntry.objects.create(
        agreement=agreement,
        kind=EntryKind.REPAYMENT,
        amount=amount,
        date=on,
        reference=reference,
        source=source,
        note=note,
        created_by=actor,
    )
    record(
        actor,
        "create",
        entry,
        changes={"amount": (None, amount), "date": (None, on), "source": (None, source)},
    )
    _refresh_repaid(agreement)
    return entry


@transaction.atomic
def reverse_entry(actor: Any, entry: LoanEntry, *, reason: str, on: dt.date) -> LoanEntry:
    """Undo a repayment or disbursement with a reversing entry (the original stays)."""
    _require(actor, entry.agreement.program, "reverse_entry")
    if not reason.strip():
        raise LoanError("Pembalikan perlu alasan / a reversal needs a reason.")
    entry = LoanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind not in {EntryKind.REPAYMENT, EntryKind.DISBURSEMENT}:
        raise LoanError(
            "Hanya angsuran dan pencairan yang bisa dibalik / "
            "only repayments and disbursements can be reversed."
        )
    if LoanEntry.objects.filter(reverses=entry).exists():
        raise LoanError("Entri ini sudah dibalik / this entry has already been reversed.")
    agreement = LoanAgreement.objects.select_for_update().get(pk=entry.agreement_id)
    if (
        entry.kind == EntryKind.DISBURSEMENT
        and agreement.entries.filter(kind=EntryKind.REPAYMENT).exists()
    ):
        raise LoanError(
            "Pencairan yang sudah diangsur tidak bisa dibalik; hapus buku / "
            "a disbursement with repayments cannot be reversed; write it off."
        )
    program_reversal = None
    if entry.program_entry_id is not None:
        from sinergi.programs import actions as program_actions

        program_reversal = program_actions.reverse_disbursement(
            actor, entry.program_entry, reason[:300]
        )
    reversal = LoanEntry.objects.create(
        agreement=agreement,
        kind=EntryKind.REVERSAL,
        amount=entry.amount,
        date=on,
        reverses=entry,
        note=reason,
        program_entry=program_reversal,
        created_by=actor,
    )
    record(actor, "create", reversal, changes={"reverses": (None, entry.pk)}, event=Reason(reason))
    if entry.kind == EntryKind.DISBURSEMENT:
        agreement.status = AgreementStatus.SIGNED
        agreement.save(update_fields=["status"])
    else:
        _refresh_repaid(agreement)
    return reversal


@transaction.atomic
def revise_loan(
    actor: Any,
    agreement: LoanAgreement,
    *,
    kind: str,
    on: dt.date,
    tenor_months: int,
    reason: str,
    admin_fee_rate: Decimal | None = None,
    waive_arrears_fee: bool = False,
) -> LoanRevision:
    """Reschedule (new tenor, same rate) or restructure (new rate, may waive arrears fee)."""
    _require(actor, agreement.program, "revise_loan")
    if not reason.strip():
        raise LoanError(
            "Penjadwalan ulang atau restrukturisasi perlu alasan / "
            "a rescheduling or restructuring needs a reason."
        )
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise LoanError(f"Perjanjian {agreement.number} tidak berjalan / is not running.")
    if kind == RevisionKind.RESCHEDULE:
        if admin_fee_rate is not None and admin_fee_rate != agreement.admin_fee_rate:
            raise LoanError(
                "Penjadwalan ulang tidak mengubah tarif; gunakan restrukturisasi / "
                "a rescheduling keeps the rate; use a restructuring."
            )
        if waive_arrears_fee:
            raise LoanError(
                "Penghapusan jasa adalah restrukturisasi / waiving fees is a restructuring."
            )
        admin_fee_rate = agreement.admin_fee_rate
    elif kind != RevisionKind.RESTRUCTURE:
        raise LoanError(f"Unknown revision kind {kind!r}.")
    rate = Decimal(str(admin_fee_rate if admin_fee_rate is not None else agreement.admin_fee_rate))
    old_rows = schedules_of([agreement.pk])[agreement.pk]
    state = state_of(agreement, dt.date.max)
    try:
        new_rows = revise_schedule(
            old_rows,
            state.paid,
            on=on,
            tenor_months=tenor_months,
            yearly_rate=rate,
            waive_arrears_fee=waive_arrears_fee,
        )
    except ValueError as exc:
        raise LoanError(str(exc)) from exc
    revision = LoanRevision.objects.create(
        agreement=agreement,
        kind=kind,
        effective_date=on,
        reason=reason,
        old_terms={
            "tenor_months": agreement.tenor_months,
            "admin_fee_rate": str(agreement.admin_fee_rate),
            "schedule": _schedule_json(old_rows),
        },
        new_terms={
            "tenor_months": tenor_months,
            "admin_fee_rate": str(rate),
            "waive_arrears_fee": waive_arrears_fee,
            "schedule": _schedule_json(new_rows),
        },
        created_by=actor,
    )
    agreement.instalments.all().delete()
    _store_schedule(agreement, new_rows)
    agreement.tenor_months = tenor_months
    agreement.admin_fee_rate = rate
    agreement.save(update_fields=["tenor_months", "admin_fee_rate"])
    record(
        actor,
        "update",
        agreement,
        changes={
            "revision": {"new": kind},
            "tenor_months": {"new": tenor_months},
            "admin_fee_rate": {"new": str(rate)},
        },
        event=Reason(reason),
    )
    return revision


@transaction.atomic
def write_off(actor: Any, agreement: LoanAgreement, *, on: dt.date, reason: str) -> LoanEntry:
    """Write off the outstanding principal; the loan leaves the outstanding portfolio."""
    _require(actor, agreement.program, "write_off")
    if not reason.strip():
        raise LoanError("Hapus buku perlu alasan / a write-off needs a reason.")
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise LoanError(f"Perjanjian {agreement.number} tidak berjalan / is not running.")
    outstanding = state_of(agreement, dt.date.max).principal_outstanding
    if outstanding <= 0:
        raise LoanError(
            "Tidak ada sisa pokok untuk dihapus buku / nothing outstanding to write off."
        )
    entry = LoanEntry.objects.create(
        agreement=agreement,
        kind=EntryKind.WRITE_OFF,
        amount=outstanding,
        date=on,
        note=reason,
        created_by=actor,
    )
    agreement.status = AgreementStatus.WRITTEN_OFF
    agreement.save(update_fields=["status"])
    record(actor, "create", entry, changes={"amount": (None, outstanding)}, event=Reason(reason))
    return entry
