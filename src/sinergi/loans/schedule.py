"""Repayment schedules of partnership loans (pinjaman kemitraan), as pure functions.

How these programs compute it (and so how Sinergi does):

- The admin fee (jasa administrasi) is **flat**: a yearly rate on the *original*
  principal, for the whole tenor: ``total_fee = round(principal * rate * tenor / 12)``.
  It does not shrink as principal is repaid (unlike an effective/annuity rate).
- Principal and fee are spread evenly over the monthly instalments; the rupiah that do
  not divide evenly go to the **last** instalment, so every instalment but the last is the
  same and the sums are exact.
- Instalment k (1-based) falls due k months after the start date, on the same day of the
  month (clamped to the month's last day: a loan started on 31 January is due on 28/29
  February).
- A payment is allocated to the **oldest** instalment not yet paid, and within an
  instalment the **admin fee before principal** (state-company partnership rule). What
  is left after the whole schedule is paid is returned as ``credit``, never dropped.

Invariants (tested, also with hypothesis):
- every amount is a whole-rupiah ``int`` (never a float);
- ``sum(principal_due) == principal`` and ``sum(fee_due) == total_fee``;
- allocation never produces a negative amount and conserves money:
  ``sum(fee_paid) + sum(principal_paid) + credit == total paid``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Instalment:
    """One row of a schedule: amounts due, never amounts paid."""

    number: int
    due_date: dt.date
    principal_due: int
    fee_due: int

    @property
    def total_due(self) -> int:
        return self.principal_due + self.fee_due


@dataclass(frozen=True)
class Allocated:
    """What a total of payments covers of one instalment."""

    instalment: Instalment
    fee_paid: int
    principal_paid: int

    @property
    def paid(self) -> int:
        return self.fee_paid + self.principal_paid

    @property
    def fee_unpaid(self) -> int:
        return self.instalment.fee_due - self.fee_paid

    @property
    def principal_unpaid(self) -> int:
        return self.instalment.principal_due - self.principal_paid

    @property
    def is_paid(self) -> bool:
        return self.paid >= self.instalment.total_due


@dataclass(frozen=True)
class Allocation:
    rows: tuple[Allocated, ...]
    credit: int  # paid beyond the whole schedule: kept, shown, refundable

    @property
    def fee_paid(self) -> int:
        return sum(r.fee_paid for r in self.rows)

    @property
    def principal_paid(self) -> int:
        return sum(r.principal_paid for r in self.rows)

    @property
    def principal_outstanding(self) -> int:
        return sum(r.principal_unpaid for r in self.rows)

    @property
    def fee_outstanding(self) -> int:
        return sum(r.fee_unpaid for r in self.rows)


def whole_rupiah(value: int | Decimal | str) -> int:
    """An amount as an int of rupiah; refuses floats and fractions of a rupiah."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"amounts are whole rupiah (int or Decimal), not {type(value).__name__}")
    amount = Decimal(str(value))
    if amount != amount.to_integral_value():
        raise ValueError(f"{value} is not a whole rupiah amount")
    return int(amount)


def add_months(start: dt.date, months: int) -> dt.date:
    """`start` moved by `months` calendar months, day clamped to the month's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def total_admin_fee(principal: int, yearly_rate: Decimal, tenor_months: int) -> int:
    """Flat admin fee over the whole tenor, rounded half-up to whole rupiah."""
    fee = Decimal(principal) * Decimal(yearly_rate) * Decimal(tenor_months) / Decimal(12)
    return int(fee.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _spread(total: int, parts: int) -> list[int]:
    """`total` in `parts` equal whole amounts; the remainder goes to the last part."""
    base = total // parts
    return [base] * (parts - 1) + [total - base * (parts - 1)]


def build_schedule(
    principal: int,
    tenor_months: int,
    yearly_rate: Decimal,
    start: dt.date,
    *,
    extra_fee: int = 0,
    first_number: int = 1,
) -> list[Instalment]:
    """The monthly instalments of a flat-fee loan (see module doc).

    `extra_fee` (e.g. arrears fee carried into a rescheduled loan) is spread with the fee.
    """
    principal = whole_rupiah(principal)
    if principal <= 0:
        raise ValueError("principal must be more than Rp0")
    if tenor_months < 1:
        raise ValueError("tenor must be at least 1 month")
    rate = Decimal(str(yearly_rate))
    if rate < 0:
        raise ValueError("admin fee rate cannot be negative")
    if extra_fee < 0:
        raise ValueError("extra fee cannot be negative")
    fee = total_admin_fee(principal, rate, tenor_months) + extra_fee
    principals = _spread(principal, tenor_months)
    fees = _spread(fee, tenor_months)
    return [
        Instalment(first_number + k, add_months(start, k + 1), principals[k], fees[k])
        for k in range(tenor_months)
    ]


def allocate(schedule: Sequence[Instalment], total_paid: int) -> Allocation:
    """Apply `total_paid` rupiah to `schedule`: oldest instalment first, fee before principal.

    Allocating the running total (rather than each payment on its own) gives the same
    result, because the rule is a strict order: paying a + b at once covers exactly what
    paying a then b covers.
    """
    total_paid = whole_rupiah(total_paid)
    if total_paid < 0:
        raise ValueError("total paid cannot be negative")
    left = total_paid
    rows = []
    for inst in sorted(schedule, key=lambda i: (i.due_date, i.number)):
        fee = min(left, inst.fee_due)
        left -= fee
        principal = min(left, inst.principal_due)
        left -= principal
        rows.append(Allocated(inst, fee, principal))
    return Allocation(tuple(rows), credit=left)


def split_payment(
    schedule: Sequence[Instalment], paid_before: int, amount: int
) -> tuple[int, int, int]:
    """(fee, principal, credit) that one payment of `amount` covers after `paid_before`."""
    before = allocate(schedule, paid_before)
    after = allocate(schedule, paid_before + amount)
    return (
        after.fee_paid - before.fee_paid,
        after.principal_paid - before.principal_paid,
        after.credit - before.credit,
    )


def days_past_due(schedule: Sequence[Instalment], total_paid: int, as_of: dt.date) -> int:
    """Days since the due date of the oldest instalment not fully paid (0 if none is late).

    An instalment due today is not late yet: it is late from the next day.
    """
    for row in allocate(schedule, total_paid).rows:
        if not row.is_paid:
            late = (as_of - row.instalment.due_date).days
            return max(late, 0)
    return 0


def due_by(schedule: Iterable[Instalment], as_of: dt.date) -> int:
    """Everything (fee and principal) that had fallen due on or before `as_of`."""
    return sum(i.total_due for i in schedule if i.due_date <= as_of)


def revise_schedule(
    schedule: Sequence[Instalment],
    total_paid: int,
    *,
    on: dt.date,
    tenor_months: int,
    yearly_rate: Decimal,
    waive_arrears_fee: bool = False,
) -> list[Instalment]:
    """A rescheduled/restructured schedule: what is paid stays, the rest gets new terms.

    - Instalments already fully paid stay as they are; a partly paid one is cut to what
      was paid (so the kept rows are exactly covered by `total_paid`).
    - The unpaid principal is spread over `tenor_months` new instalments starting a month
      after `on`, with a flat fee at `yearly_rate` on that unpaid principal.
    - Unpaid fee of instalments already due on `on` (arrears) is carried into the new
      schedule, unless `waive_arrears_fee` (a restructuring may forgive it). Fee of
      instalments not yet due is replaced by the new fee.

    Invariant: principal is conserved: sum(principal_due) of the result equals that of
    `schedule`.
    """
    allocation = allocate(schedule, total_paid)
    kept: list[Instalment] = []
    principal_left = 0
    arrears_fee = 0
    for row in allocation.rows:
        inst = row.instalment
        if row.paid:
            kept.append(Instalment(inst.number, inst.due_date, row.principal_paid, row.fee_paid))
        principal_left += row.principal_unpaid
        if inst.due_date <= on:
            arrears_fee += row.fee_unpaid
    if principal_left == 0:
        raise ValueError("nothing left to reschedule: the principal is fully repaid")
    next_number = max((i.number for i in kept), default=0) + 1
    new = build_schedule(
        principal_left,
        tenor_months,
        yearly_rate,
        on,
        extra_fee=0 if waive_arrears_fee else arrears_fee,
        first_number=next_number,
    )
    return kept + new
