"""Writes to programs: every verb checks permission, changes data and audits, in one
transaction. Views, CLI, demo and tasks call these; the money rules live here once.

Invariants:
- a cycle moves draft -> submitted -> verified -> approved -> paid, never back;
- submitting freezes each nomination's snapshot and screens the frozen lines;
- approval is refused while any finding of the cycle is open;
- `disburse` is the only writer of positive ledger entries: it locks the program row and
  the business row (in that order, so two payers never deadlock), then checks the budget
  and the one-grant-per-kind-per-period rule against committed rows. Two simultaneous
  attempts for one business therefore serialise, and exactly one succeeds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from sinergi.accounts.scope import NotAllowed, code_in, scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.core.bulk import update_rows
from sinergi.programs import eligibility
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Disbursement,
    Finding,
    FindingStatus,
    Nomination,
    NominationStatus,
    Program,
    ProgramKind,
    ProgramStatus,
)
from sinergi.programs.permissions import require_program
from sinergi.programs.references import (  # upload_reference_list: a verb callers use here
    screening_lines,
    upload_reference_list,  # noqa: F401
)
from sinergi.programs.snapshots import business_snapshot, histories
from sinergi.registry.models import Business

NOT_ELIGIBLE = "NOT_ELIGIBLE"


class ProgramError(Exception):
    """A refused step; the message is Indonesian / English, shown to the user."""


class DisbursementRefused(ProgramError):
    pass


def _require_manager(user: Any, organisation: Any, region_scope: str) -> None:
    """A new program: its organisation is the creator's own (a system admin may create one
    for any organisation), inside the creator's own region."""
    scope = scope_for(user)
    if not scope.perms.manage_programs:
        raise NotAllowed("create_program")
    own = scope.perms.manage_any_program or getattr(organisation, "pk", organisation) == (
        scope.organisation_id
    )
    if not own or not scope.contains(region_scope or ""):
        raise NotAllowed("create_program")


def _whole_rupiah(amount: Any) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ProgramError(
            f"nominal harus rupiah bulat > 0 / amount must be whole rupiah > 0: {amount!r}"
        )
    return amount


# ------------------------------------------------------------------------------ programs


@transaction.atomic
def create_program(user: Any, **fields: Any) -> Program:
    """Create a program; `eligibility_rules` are validated first."""
    _require_manager(user, fields.get("organisation"), fields.get("region_scope", ""))
    fields["eligibility_rules"] = eligibility.validate_rules(fields.get("eligibility_rules", []))
    if fields["budget_idr"] < 0 or isinstance(fields["budget_idr"], float):
        raise ProgramError("anggaran tidak valid / invalid budget")
    program = Program.objects.create(created_by=user, **fields)
    record(user, Action.CREATE, program, changes={"budget_idr": {"new": program.budget_idr}})
    return program


@transaction.atomic
def create_cycle(user: Any, program: Program, name: str) -> Cycle:
    """A new cycle; refused for a closed program (every caller, not only the page)."""
    require_program(user, program, "create_cycle")
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status == ProgramStatus.CLOSED:
        raise ProgramError(
            "program sudah ditutup; tidak bisa membuat siklus baru / "
            "the program is closed: no new cycles"
        )
    cycle = Cycle.objects.create(program=program, name=name, created_by=user)
    record(user, Action.CREATE, cycle)
    return cycle


# ---------------------------------------------------------------------------- nominating


def _in_scope(program: Program, business: Business) -> bool:
    return code_in(business.village_code or business.regency_code or "", program.region_scope)


@transaction.atomic
def nominate(user: Any, cycle: Cycle, business: Business, amount_idr: int) -> Nomination:
    """Nominate one business. Only a business visible to `user`, inside the program's
    region, not already active in the cycle, while the cycle is a draft."""
    require_program(user, cycle.program, "nominate")
    amount_idr = _whole_rupiah(amount_idr)
    if cycle.status != CycleStatus.DRAFT:
        raise ProgramError("siklus sudah diajukan / the cycle is already submitted")
    if not Business.objects.visible_to(user).filter(pk=business.pk).exists():
        raise PermissionDenied
    if not _in_scope(cycle.program, business):
        raise ProgramError(
            f"{business.name}: di luar wilayah program / outside the program's region"
        )
    if cycle.nominations.filter(business=business, status=NominationStatus.ACTIVE).exists():
        raise ProgramError(f"{business.name}: sudah dinominasikan / already nominated")
    nomination = Nomination.objects.create(
        cycle=cycle, business=business, amount_idr=amount_idr, nominated_by=user
    )
    record(user, Action.CREATE, nomination, changes={"amount_idr": {"new": amount_idr}})
    return nomination


def nominate_many(
    user: Any, cycle: Cycle, businesses: Iterable[Business], amount_idr: int
) -> tuple[list[Nomination], list[str]]:
    """Nominate each business; returns (created, messages for the ones refused)."""
    created: list[Nomination] = []
    refused: list[str] = []
    for business in businesses:
        try:
            created.append(nominate(user, cycle, business, amount_idr))
        except ProgramError as exc:
            refused.append(str(exc))
    return created, refused


@transaction.atomic
def remove_nomination(user: Any, nomination: Nomination, reason: str) -> Nomination:
    """Take a line out of the cycle (before approval); its open findings close as removed."""
    require_program(user, nomination.cycle.program, "remove_nomination")
    if not reason.strip():
        raise ProgramError("alasan wajib diisi / a reason is required")
    if nomination.cycle.status in (CycleStatus.APPROVED, CycleStatus.PAID, CycleStatus.CLOSED):
        raise ProgramError("siklus sudah disetujui / the cycle is already approved")
    now = timezone.now()
    nomination.findings.filter(status=FindingStatus.OPEN).update(
        status=FindingStatus.REMOVED, resolution_reason=reason, resolved_by=user, resolved_at=now
    )
    nomination.status = NominationStatus.REMOVED
    nomination.removed_reason = reason
    nomination.save(update_fields=["status", "removed_reason"])
    record(
        user,
        Action.UPDATE,
        nomination,
        changes={"status": {"old": "active", "new": "removed"}, "reason": {"new": reason}},
    )
    return nomination


# ------------------------------------------------------------------- submit and screening


@transaction.atomic
def submit_cycle(user: Any, cycle: Cycle) -> Cycle:
    """Freeze every active line, check eligibility, screen, store findings, submit."""
    from sinergi.programs.screening import screen_lines

    require_program(user, cycle.program, "submit_cycle")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.DRAFT:
        raise ProgramError("siklus bukan draf / the cycle is not a draft")
    program = cycle.program
    noms = list(
        cycle.nominations.filter(status=NominationStatus.ACTIVE)
        .select_related("business__owner", "business__village__parent__parent")
        .order_by("id")
    )
    if not noms:
        raise ProgramError("belum ada nominasi / no nominations yet")
    for n in noms:
        n.snapshot = business_snapshot(n.business)
    # This program's own earlier cycles count too: a grant paid in stage 1 is "received".
    history = histories(
        [(n.business_id, n.snapshot["nik"]) for n in noms], organisation=program.organisation
    )
    findings: list[Finding] = []
    for n in noms:
        verdict = eligibility.evaluate(
            program.eligibility_rules,
            n.snapshot,
            history.get(n.business_id, []),
            period_key=program.period_key,
            on=program.period_start,
        )
        n.eligibility = verdict.as_json()
        if not verdict.eligible:
            findings.append(
                Finding(
                    nomination=n,
                    reason=NOT_ELIGIBLE,
                    message_id=verdict.explain("id"),
                    message_en=verdict.explain("en"),
                )
            )
    update_rows(noms, ["snapshot", "eligibility"])
    lines = screening_lines(cycle, noms)
    by_ref = {f"nomination:{n.pk}": n for n in noms}
    for issue in screen_lines(lines["proposed"], lines["received"], lines["exclude"]):
        findings.append(
            Finding(
                nomination=by_ref[issue.nomination_ref],
                reason=issue.reason,
                related=issue.related,
                probability=issue.probability,
                evidence=issue.evidence,
                message_id=issue.message_id,
                message_en=issue.message_en,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=1000)
    _step(user, cycle, CycleStatus.SUBMITTED, "submitted")
    return cycle


def _step(user: Any, cycle: Cycle, new: str, field: str) -> None:
    old = cycle.status
    cycle.status = new
    setattr(cycle, f"{field}_by", user)
    setattr(cycle, f"{field}_at", timezone.now())
    cycle.save(update_fields=["status", f"{field}_by", f"{field}_at"])
    record(user, Action.UPDATE, cycle, changes={"status": {"old": old, "new": new}})


@transaction.atomic
def resolve_finding(user: Any, finding: Finding, reason: str) -> Finding:
    """Keep the line: the finding is checked and explained by an authorised user."""
    require_program(user, finding.nomination.cycle.program, "resolve_finding")
    if not reason.strip():
        raise ProgramError("alasan wajib diisi / a reason is required")
    if finding.status != FindingStatus.OPEN:
        raise ProgramError("temuan sudah ditutup / the finding is already closed")
    finding.status = FindingStatus.RESOLVED
    finding.resolution_reason = reason
    finding.resolved_by = user
    finding.resolved_at = timezone.now()
    finding.save(update_fields=["status", "resolution_reason", "resolved_by", "resolved_at"])
    record(
        user,
        Action.UPDATE,
        finding,
        changes={"status": {"old": "open", "new": "resolved"}, "reason": {"new": reason}},
    )
    return finding


@transaction.atomic
def verify_cycle(user: Any, cycle: Cycle) -> Cycle:
    require_program(user, cycle.program, "verify_cycle")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.SUBMITTED:
        raise ProgramError("siklus belum diajukan / the cycle is not submitted")
    _step(user, cycle, CycleStatus.VERIFIED, "verified")
    return cycle


def open_findings(cycle: Cycle) -> models.QuerySet[Finding]:
    return Finding.objects.filter(nomination__cycle=cycle, status=FindingStatus.OPEN)


@transaction.atomic
def approve_cycle(user: Any, cycle: Cycle) -> Cycle:
    """Approve a verified cycle: no open findings, and the lines fit the budget not yet
    committed (paid, or owed by other approved cycles). The program row is locked first,
    as the payers do, so two approvals of one program cannot both spend the same rupiah."""
    from sinergi.programs.lifecycle import committed_idr

    require_program(user, cycle.program, "approve_cycle")
    program = Program.objects.select_for_update().get(pk=cycle.program_id)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.VERIFIED:
        raise ProgramError("siklus belum diverifikasi / the cycle is not verified")
    count = open_findings(cycle).count()
    if count:
        raise ProgramError(f"masih ada {count} temuan terbuka / {count} findings are still open")
    total = (
        cycle.nominations.filter(status=NominationStatus.ACTIVE).aggregate(
            t=models.Sum("amount_idr")
        )["t"]
        or 0
    )
    left = program.budget_idr - committed_idr(program)
    if total > left:
        raise ProgramError(
            f"total Rp{total:,} melebihi sisa anggaran yang belum terikat Rp{left:,} / "
            f"total exceeds the budget not yet committed".replace(",", ".")
        )
    _step(user, cycle, CycleStatus.APPROVED, "approved")
    return cycle


# --------------------------------------------------------------------------- the ledger


@dataclass(frozen=True)
class PaymentLine:
    """One payment asked of `disburse_lines`."""

    business_id: int
    amount_idr: int
    nomination_id: int | None = None
    label: str = ""


def disburse_lines(
    user: Any, program: Program, lines: list[PaymentLine], *, batch: str = "", note: str = ""
) -> tuple[list[Disbursement], list[str]]:
    """Pay `lines` from `program` in ONE transaction; the one place money is written.

    Rules, checked against committed rows while the program row and every business row of
    the lines are locked (program first, then businesses in id order, so payers never
    deadlock): the budget is never exceeded, and for a grant a business holding a grant
    of the same kind in the same period (net of reversals) is refused. Lines are taken in
    order; refused lines are returned as messages and nothing is written for them.
    """
    require_program(user, program, "disburse_lines")
    for line in lines:
        _whole_rupiah(line.amount_idr)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        # Closing a program and cancelling a cycle lock this row too (programs.lifecycle).
        if locked.status == ProgramStatus.CLOSED:
            raise DisbursementRefused("program sudah ditutup / the program is closed")
        nomination_ids = [line.nomination_id for line in lines if line.nomination_id]
        if Cycle.objects.filter(
            nominations__in=nomination_ids, status=CycleStatus.CANCELLED
        ).exists():
            raise DisbursementRefused("siklus sudah dibatalkan / the cycle is cancelled")
        ids = sorted({line.business_id for line in lines})
        list(
            Business.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        used = locked.budget_used()
        is_grant = locked.kind == ProgramKind.GRANT
        held: dict[int, int] = {}
        if is_grant:
            held = dict(
                Disbursement.objects.filter(
                    business_id__in=ids,
                    program_kind=ProgramKind.GRANT,
                    period_key=locked.period_key,
                )
                .values("business_id")
                .annotate(t=models.Sum("amount_idr"))
                .values_list("business_id", "t")
            )
        entries: list[Disbursement] = []
        refused: list[str] = []
        for line in lines:
            if used + line.amount_idr > locked.budget_idr:
                left = f"{locked.budget_idr - used:,}".replace(",", ".")
                refused.append(
                    f"{line.label}: anggaran tidak cukup (sisa Rp{left}) / budget exceeded"
                )
                continue
            if is_grant and held.get(line.business_id, 0) > 0:
                refused.append(
                    f"{line.label}: sudah menerima hibah pada {locked.period_key} / "
                    f"already received a grant in {locked.period_key}"
                )
                continue
            used += line.amount_idr
            held[line.business_id] = held.get(line.business_id, 0) + line.amount_idr
            entries.append(
                Disbursement(
                    program=locked,
                    nomination_id=line.nomination_id,
                    business_id=line.business_id,
                    program_kind=locked.kind,
                    period_key=locked.period_key,
                    amount_idr=line.amount_idr,
                    batch=batch,
                    note=note,
                    created_by=user,
                )
            )
        Disbursement.objects.bulk_create(entries, batch_size=1000)
        if len(entries) == 1:
            record(
                user,
                Action.CREATE,
                entries[0],
                changes={"amount_idr": {"new": entries[0].amount_idr}},
            )
        elif entries:
            # Each entry keeps who and when itself; one event per batch keeps the trail short.
            record(
                user,
                Action.CREATE,
                locked,
                fields=["disbursement"],
                changes={
                    "batch": {"new": batch},
                    "entries": {"new": len(entries)},
                    "amount_idr": {"new": sum(e.amount_idr for e in entries)},
                },
            )
    return entries, refused


def disburse(
    user: Any,
    *,
    program: Program,
    business: Business,
    amount_idr: int,
    nomination: Nomination | None = None,
    batch: str = "",
    note: str = "",
) -> Disbursement:
    """Pay one business; raises DisbursementRefused with the reason (see disburse_lines).

    Two simultaneous calls for one business serialise on its row lock, and exactly one
    succeeds when the one-grant rule applies.
    """
    line = PaymentLine(
        business_id=business.pk,
        amount_idr=_whole_rupiah(amount_idr),
        nomination_id=nomination.pk if nomination else None,
        label=business.name,
    )
    entries, refused = disburse_lines(user, program, [line], batch=batch, note=note)
    if refused:
        raise DisbursementRefused(refused[0])
    return entries[0]


@transaction.atomic
def reverse_disbursement(user: Any, entry: Disbursement, reason: str) -> Disbursement:
    """A correction: a new entry with the negated amount, pointing at `entry`."""
    require_program(user, entry.program, "reverse_disbursement")
    if not reason.strip():
        raise ProgramError("alasan wajib diisi / a reason is required")
    Program.objects.select_for_update().get(pk=entry.program_id)
    if entry.amount_idr < 0 or Disbursement.objects.filter(reverses=entry).exists():
        raise ProgramError("entri ini tidak bisa dibalik / this entry cannot be reversed")
    reversal = Disbursement.objects.create(
        program_id=entry.program_id,
        nomination_id=entry.nomination_id,
        business_id=entry.business_id,
        program_kind=entry.program_kind,
        period_key=entry.period_key,
        amount_idr=-entry.amount_idr,
        reverses=entry,
        note=reason[:300],
        created_by=user,
    )
    record(user, Action.CREATE, reversal, changes={"reverses": {"new": entry.pk}})
    return reversal


def disburse_cycle(user: Any, cycle: Cycle, *, batch_size: int = 500) -> dict[str, Any]:
    """Pay the approved cycle's unpaid lines, `batch_size` lines per transaction.

    Re-runnable: lines already paid are skipped. A refused line (budget, one-grant rule)
    is reported and left unpaid; the cycle becomes 'paid' when no active line is unpaid.
    """
    require_program(user, cycle.program, "disburse_cycle")
    cycle = Cycle.objects.select_related("program").get(pk=cycle.pk)  # the stored status
    if cycle.status not in (CycleStatus.APPROVED, CycleStatus.PAID):
        raise ProgramError("siklus belum disetujui / the cycle is not approved")
    batch = f"{date.today():%Y%m%d}-{uuid.uuid4().hex[:8]}"
    pending = list(
        cycle.nominations.filter(status=NominationStatus.ACTIVE)
        .exclude(payments__isnull=False)
        .select_related("business")
        .order_by("id")
    )
    paid, refused = 0, []
    for start in range(0, len(pending), batch_size):
        lines = [
            PaymentLine(n.business_id, n.amount_idr, n.pk, n.snapshot.get("name", ""))
            for n in pending[start : start + batch_size]
        ]
        entries, messages = disburse_lines(user, cycle.program, lines, batch=batch)
        paid += len(entries)
        refused += messages
    with transaction.atomic():
        unpaid = (
            cycle.nominations.filter(status=NominationStatus.ACTIVE)
            .exclude(payments__isnull=False)
            .exists()
        )
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if not unpaid and cycle.status == CycleStatus.APPROVED:
            old = cycle.status
            cycle.status = CycleStatus.PAID
            cycle.closed_by, cycle.closed_at = user, timezone.now()
            cycle.save(update_fields=["status", "closed_by", "closed_at"])
            record(user, Action.UPDATE, cycle, changes={"status": {"old": old, "new": "paid"}})
    return {"batch": batch, "paid": paid, "refused": refused}
