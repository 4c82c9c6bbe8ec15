"""A program's life after creation: editing it, closing it, opening and cancelling cycles.

Every verb checks permission (the role table, then the program's visibility to the user),
validates, changes and audits in one transaction, and raises `actions.ProgramError` with
an Indonesian / English message when it refuses.

Invariants:
- *committed* money is what is paid (net ledger) plus what approved cycles still owe
  (their active lines without a payment); a budget is never set below it;
- the period, region scope and eligibility rules are frozen once any cycle has been
  submitted (and not cancelled) or any money was paid: its eligibility verdicts and
  findings were made under them, and what was decided, was decided under them (the period
  also gives the ledger's period key, on which the one-grant rule counts);
- the region scope only narrows, stays inside the editor's own scope, and never leaves
  an active nomination of a running cycle outside it;
- a closed program gets no new cycle and pays nothing more (`actions.disburse_lines`
  refuses under the same program-row lock these verbs take); closing it cancels its
  cycles that paid nothing and closes those that paid part;
- a cycle is cancelled only while none of its lines is paid; its lines are then never
  paid and it no longer reserves budget.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from sinergi.accounts.scope import code_in, scope_for
from sinergi.audit.actions import diff, record
from sinergi.audit.models import Action
from sinergi.core.formatting import rupiah
from sinergi.programs import actions, eligibility
from sinergi.programs.actions import ProgramError
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Disbursement,
    Nomination,
    NominationStatus,
    Program,
    ProgramStatus,
)
from sinergi.programs.permissions import require_program
from sinergi.regions.models import Region
from sinergi.registry.models import Business

# A cycle in one of these states was screened (eligibility and findings, at submission)
# and possibly decided under the program's rules as they are: changing them would leave
# its findings stale.
SCREENED = (
    CycleStatus.SUBMITTED,
    CycleStatus.VERIFIED,
    CycleStatus.APPROVED,
    CycleStatus.PAID,
    CycleStatus.CLOSED,
)
# A cycle in one of these states can still be cancelled (if nothing of it is paid).
CANCELLABLE = (
    CycleStatus.DRAFT,
    CycleStatus.SUBMITTED,
    CycleStatus.VERIFIED,
    CycleStatus.APPROVED,
)
FROZEN_FIELDS = ("period_start", "period_end", "region_scope", "eligibility_rules")
EDITABLE_FIELDS = ("name", "budget_idr", *FROZEN_FIELDS)


def _locked_visible_program(user: Any, pk: int) -> Program:
    """The program row, locked; NotAllowed unless the user may manage it (its
    organisation or a partner: `permissions.may_manage`)."""
    program = Program.objects.select_for_update().get(pk=pk)
    require_program(user, program)
    return program


# --------------------------------------------------------------------------------- reads


def reserved_idr(program: Program) -> int:
    """Rupiah approved but not yet paid: active lines without a payment in approved cycles."""
    total = (
        Nomination.objects.filter(
            cycle__program=program,
            cycle__status=CycleStatus.APPROVED,
            status=NominationStatus.ACTIVE,
        )
        .exclude(payments__isnull=False)
        .aggregate(t=models.Sum("amount_idr"))["t"]
    )
    return int(total or 0)


def committed_idr(program: Program) -> int:
    """Paid (net) plus approved-not-paid: the lowest budget the program may have."""
    return program.budget_used() + reserved_idr(program)


def frozen_reason(program: Program) -> str:
    """Why the period, scope and rules can no longer change ('' when they can)."""
    screened = program.cycles.filter(status__in=SCREENED).order_by("id").first()
    if screened is not None:
        return (
            f"siklus “{screened.name}” sudah diajukan dan disaring dengan periode, wilayah dan "
            f"aturan yang sekarang / cycle “{screened.name}” was submitted and screened under "
            "the current period, region scope and rules"
        )
    if Disbursement.objects.filter(program=program).exists():
        return (
            "sudah ada penyaluran dari program ini: periode, wilayah dan aturan saat itu "
            "yang berlaku / money was already paid from this program under the current "
            "period, region scope and rules"
        )
    return ""


def can_be_cancelled(cycle: Cycle) -> bool:
    return cycle.status in CANCELLABLE and not _paid_lines(cycle)


# --------------------------------------------------------------------------------- verbs


@transaction.atomic
def update_program(
    user: Any,
    program: Program,
    *,
    name: str,
    budget_idr: int,
    period_start: date,
    period_end: date,
    region_scope: str,
    eligibility_rules: Any,
    request: HttpRequest | None = None,
) -> dict[str, dict[str, Any]]:
    """Change a program's name, budget, period, region scope and rules.

    Returns the changes written ({field: {"old", "new"}}; empty when nothing changed, and
    then no audit event is written).
    """
    locked = _locked_visible_program(user, program.pk)
    if locked.status == ProgramStatus.CLOSED:
        raise ProgramError("program sudah ditutup; tidak bisa diubah / the program is closed")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ProgramError("nama wajib diisi, maks. 200 huruf / a name of 1–200 characters")
    if isinstance(budget_idr, bool) or not isinstance(budget_idr, int) or budget_idr < 0:
        raise ProgramError(
            f"anggaran harus rupiah bulat ≥ 0 / the budget must be whole rupiah ≥ 0: {budget_idr!r}"
        )
    if period_end < period_start:
        raise ProgramError("periode berakhir sebelum dimulai / the period ends before it starts")
    try:
        rules = eligibility.validate_rules(eligibility_rules)
    except ValueError as exc:
        raise ProgramError(str(exc)) from exc
    region_scope = (region_scope or "").strip()

    old = {field: getattr(locked, field) for field in EDITABLE_FIELDS}
    new = {
        "name": name,
        "budget_idr": budget_idr,
        "period_start": period_start,
        "period_end": period_end,
        "region_scope": region_scope,
        "eligibility_rules": rules,
    }
    changes = diff(old, new)
    if not changes:
        return {}

    if set(changes) & set(FROZEN_FIELDS):
        reason = frozen_reason(locked)
        if reason:
            raise ProgramError(
                "periode, wilayah dan aturan tidak bisa diubah lagi / the period, region "
                f"scope and rules can no longer change — {reason}"
            )
    if "region_scope" in changes:
        _check_scope(user, locked, region_scope)
    if "budget_idr" in changes:
        used, reserved = locked.budget_used(), reserved_idr(locked)
        if budget_idr < used + reserved:
            raise ProgramError(
                f"anggaran {rupiah(budget_idr)} di bawah yang sudah terikat "
                f"{rupiah(used + reserved)} (dibayar {rupiah(used)} + disetujui belum dibayar "
                f"{rupiah(reserved)}) / the budget is below what is already committed "
                "(paid + approved, not yet paid)"
            )

    for field, value in new.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(changes))
    record(user, Action.UPDATE, locked, changes=changes, fields=sorted(changes), request=request)
    program.refresh_from_db()
    return changes


def _check_scope(user: Any, program: Program, scope: str) -> None:
    own = scope_for(user)
    if not code_in(scope, program.region_scope):
        raise ProgramError(
            f"wilayah hanya bisa dipersempit (di dalam “{program.region_scope or 'Indonesia'}”)"
            " / the region scope can only be narrowed"
        )
    if not own.contains(scope):
        raise ProgramError(
            f"wilayah {scope} di luar wilayah Anda ({own.region}) / outside your own scope"
        )
    if scope and not (scope.isdigit() and Region.objects.filter(code=scope).exists()):
        raise ProgramError(f"kode wilayah tidak dikenal / unknown region code: {scope}")
    outside = (
        Nomination.objects.filter(cycle__program=program, status=NominationStatus.ACTIVE)
        .exclude(cycle__status__in=(CycleStatus.CANCELLED, CycleStatus.CLOSED))
        .exclude(business__in=Business.objects.within(scope))
        .count()
    )
    if outside:
        raise ProgramError(
            f"{outside} nominasi aktif berada di luar wilayah {scope}; hapus dulu / "
            f"{outside} active nominations lie outside {scope}; remove them first"
        )


@transaction.atomic
def close_program(
    user: Any, program: Program, reason: str, *, request: HttpRequest | None = None
) -> Program:
    """Close a program: no new cycles, no more payments.

    Its cycles still running end with it: those that paid nothing are cancelled, an
    approved cycle that paid part is closed (its unpaid lines stay unpaid).
    """
    locked = _locked_visible_program(user, program.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ProgramError("alasan wajib diisi / a reason is required")
    if locked.status == ProgramStatus.CLOSED:
        raise ProgramError("program sudah ditutup / the program is already closed")
    now = timezone.now()
    ended: dict[str, list[int]] = {"cancelled": [], "closed": []}
    running = locked.cycles.select_for_update().filter(status__in=CANCELLABLE).order_by("id")
    for cycle in running:
        if _paid_lines(cycle):
            changes = {"status": {"old": cycle.status, "new": CycleStatus.CLOSED}}
            cycle.status, cycle.closed_by, cycle.closed_at = CycleStatus.CLOSED, user, now
            cycle.save(update_fields=["status", "closed_by", "closed_at"])
            ended["closed"].append(cycle.pk)
        else:
            changes = _cancel(user, cycle, f"program ditutup / program closed: {reason}", now)
            ended["cancelled"].append(cycle.pk)
        record(user, Action.UPDATE, cycle, changes=changes, request=request)
    old_status = locked.status
    locked.status = ProgramStatus.CLOSED
    locked.closed_by, locked.closed_at, locked.closed_reason = user, now, reason[:500]
    locked.save(update_fields=["status", "closed_by", "closed_at", "closed_reason"])
    record(
        user,
        Action.UPDATE,
        locked,
        fields=["status"],
        changes={
            "status": {"old": old_status, "new": ProgramStatus.CLOSED},
            "reason": {"new": reason},
            "cycles_cancelled": {"new": ended["cancelled"]},
            "cycles_closed": {"new": ended["closed"]},
        },
        request=request,
    )
    program.refresh_from_db()
    return program


@transaction.atomic
def open_cycle(user: Any, program: Program, name: str) -> Cycle:
    """A new cycle of an open program (`actions.create_cycle`, after the program check)."""
    locked = _locked_visible_program(user, program.pk)
    return actions.create_cycle(user, locked, name)  # refuses a closed program


@transaction.atomic
def cancel_cycle(
    user: Any, cycle: Cycle, reason: str, *, request: HttpRequest | None = None
) -> Cycle:
    """Cancel a cycle none of whose lines is paid; its budget reservation is released."""
    _locked_visible_program(user, cycle.program_id)  # before the cycle: the payers' order
    reason = (reason or "").strip()
    if not reason:
        raise ProgramError("alasan wajib diisi / a reason is required")
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status not in CANCELLABLE:
        raise ProgramError(
            f"siklus berstatus “{locked.status}” tidak bisa dibatalkan / "
            f"a {locked.status} cycle cannot be cancelled"
        )
    paid = _paid_lines(locked)
    if paid:
        raise ProgramError(
            f"{paid} baris sudah dibayar; siklus yang sudah dibayar tidak bisa dibatalkan / "
            f"{paid} lines are already paid; a paid cycle cannot be cancelled"
        )
    changes = _cancel(user, locked, reason, timezone.now())
    record(user, Action.UPDATE, locked, changes=changes, request=request)
    cycle.refresh_from_db()
    return cycle


def _paid_lines(cycle: Cycle) -> int:
    """How many of the cycle's lines have a ledger entry (a reversed payment still counts)."""
    return (
        Disbursement.objects.filter(nomination__cycle=cycle).values("nomination").distinct().count()
    )


def _cancel(user: Any, cycle: Cycle, reason: str, now: Any) -> dict[str, Any]:
    """Mark `cycle` cancelled (caller holds the program and cycle locks); the audit changes."""
    released = 0
    if cycle.status == CycleStatus.APPROVED:
        released = (
            cycle.nominations.filter(status=NominationStatus.ACTIVE).aggregate(
                t=models.Sum("amount_idr")
            )["t"]
            or 0
        )
    old = cycle.status
    cycle.status = CycleStatus.CANCELLED
    cycle.cancelled_by, cycle.cancelled_at, cycle.cancel_reason = user, now, reason[:500]
    cycle.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    return {
        "status": {"old": old, "new": CycleStatus.CANCELLED},
        "reason": {"new": reason},
        "released_idr": {"new": int(released)},
    }
