"""Verbs of memberships; each checks the actor manages the program (its organisation or
a partner: `programs.permissions.require_program`) and is audited. Fees are whole rupiah."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.actions import record
from sinergi.audit.events import Reason
from sinergi.memberships.models import MembershipPeriod, MembershipPlan
from sinergi.programs.permissions import require_program
from sinergi.registry.models import Business


class MembershipError(ValueError):
    """A membership rule refused the action; the message is for the user."""


def _whole(amount: Any) -> int:
    if isinstance(amount, float) or isinstance(amount, bool):
        raise MembershipError("Jumlah dalam rupiah bulat / amounts are whole rupiah.")
    return int(amount)


def set_plan(actor: Any, program: Any, yearly_fee: int) -> MembershipPlan:
    require_program(actor, program, "set_plan")
    if program.kind != "membership":
        raise MembershipError(
            f"Program '{program}' bukan program keanggotaan / is not a membership program."
        )
    fee = _whole(yearly_fee)
    if fee < 0:
        raise MembershipError("Iuran tidak boleh negatif / the fee cannot be negative.")
    old_fee = (
        MembershipPlan.objects.filter(program=program).values_list("yearly_fee_idr", flat=True)
    ).first()
    plan, created = MembershipPlan.objects.update_or_create(
        program=program, defaults={"yearly_fee_idr": fee}
    )
    record(
        actor,
        "create" if created else "update",
        plan,
        changes={"yearly_fee_idr": (old_fee, fee)},
    )
    return plan


def open_year(actor: Any, program: Any, business: Any, year: int) -> MembershipPeriod:
    """A business's membership year, at the plan's current fee; refused if it exists."""
    require_program(actor, program, "open_year")
    if not Business.objects.visible_to(actor).filter(pk=business.pk).exists():
        raise NotAllowed("open_year")
    plan = MembershipPlan.objects.filter(program=program).first()
    if plan is None:
        raise MembershipError(
            f"Program '{program}' belum punya iuran tahunan / has no yearly fee yet."
        )
    try:
        with transaction.atomic():
            period = MembershipPeriod.objects.create(
                program=program, business=business, year=year, fee_idr=plan.yearly_fee_idr
            )
    except IntegrityError as exc:
        raise MembershipError(
            f"{business} sudah terdaftar tahun {year} / already has membership year {year}."
        ) from exc
    record(
        actor,
        "create",
        period,
        changes={"year": (None, year), "fee_idr": (None, plan.yearly_fee_idr)},
    )
    return period


@transaction.atomic
def record_payment(
    actor: Any, period: MembershipPeriod, *, amount: int, on: dt.date, reference: str = ""
) -> MembershipPeriod:
    """Mark a year paid in full and give it the next receipt number of the program."""
    require_program(actor, period.program, "record_payment")
    period = MembershipPeriod.objects.select_for_update().get(pk=period.pk)
    if period.paid_at is not None:
        raise MembershipError(
            f"{period} sudah lunas / is already paid (kuitansi / receipt {period.receipt_number})."
        )
    amount = _whole(amount)
    if amount != period.fee_idr:
        raise MembershipError(f"The fee of {period} is Rp{period.fee_idr}; Rp{amount} was entered.")
    # Lock the program's periods' receipt sequence: numbers are gap-free per program+year.
    taken = (
        MembershipPeriod.objects.select_for_update()
        .filter(program_id=period.program_id, year=period.year)
        .exclude(receipt_number="")
        .count()
    )
    period.receipt_number = f"KW-{period.program_id}-{period.year}-{taken + 1:05d}"
    period.paid_at = on
    period.paid_amount = amount
    period.payment_reference = reference[:100]
    period.recorded_by = actor
    period.save()
    record(
        actor,
        "update",
        period,
        changes={
            "paid_at": (None, on),
            "paid_amount": (None, amount),
            "receipt_number": (None, period.receipt_number),
        },
    )
    return period


@transaction.atomic
def cancel_payment(actor: Any, period: MembershipPeriod, *, reason: str) -> MembershipPeriod:
    """Undo a mistaken payment; the old values stay in the audit trail."""
    require_program(actor, period.program, "cancel_payment")
    if not reason.strip():
        raise MembershipError("Pembatalan perlu alasan / a cancellation needs a reason.")
    period = MembershipPeriod.objects.select_for_update().get(pk=period.pk)
    if period.paid_at is None:
        raise MembershipError(f"{period} belum dibayar / is not paid.")
    old = {
        "paid_at": period.paid_at,
        "paid_amount": period.paid_amount,
        "receipt_number": period.receipt_number,
    }
    period.paid_at = None
    period.paid_amount = None
    period.payment_reference = ""
    # The receipt number is kept out of use: cancelled receipts are not reissued.
    period.receipt_number = f"{old['receipt_number']}-BATAL"
    period.save()
    new = {"paid_at": None, "paid_amount": None, "receipt_number": period.receipt_number}
    changes = {field: (old[field], new[field]) for field in old}
    record(actor, "update", period, changes=changes, event=Reason(reason))
    return period


def renew_all(actor: Any, program: Any, year: int) -> int:
    """Open year `year` for every business that had year-1 and has no `year` yet."""
    require_program(actor, program, "renew_all")
    previous = MembershipPeriod.objects.filter(program=program, year=year - 1)
    existing = set(
        MembershipPeriod.objects.filter(program=program, year=year).values_list(
            "business_id", flat=True
        )
    )
    opened = 0
    for period in previous.select_related("business"):
        if period.business_id not in existing:
            open_year(actor, program, period.business, year)
            opened += 1
    return opened
