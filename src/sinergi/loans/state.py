"""The state of loans on a date, derived from their schedule and ledger (never stored).

`states_of(agreements, as_of)` reads every schedule and the ledger sums in two queries,
then applies the pure rules of sinergi.loans.schedule and sinergi.loans.quality.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum

from sinergi.loans.quality import Quality, quality_class
from sinergi.loans.schedule import Instalment as Row
from sinergi.loans.schedule import allocate, days_past_due, due_by


@dataclass(frozen=True)
class LoanState:
    disbursed: int
    paid: int  # repayments net of reversed repayments
    fee_paid: int
    principal_paid: int
    principal_outstanding: int  # 0 once written off (reported in written_off)
    fee_outstanding: int
    credit: int
    arrears: int  # due on or before the date and not yet paid
    days_past_due: int
    quality: Quality | None  # None before disbursement and after write-off
    written_off: int


def ledger_totals(agreement_ids: Iterable[int], up_to: dt.date | None = None) -> dict:
    """{agreement_id: {kind: net amount}} where reversals are netted against their kind."""
    from sinergi.loans.models import LoanEntry

    ids = list(agreement_ids)
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    qs = LoanEntry.objects.filter(agreement_id__in=ids)
    if up_to is not None:
        qs = qs.filter(date__lte=up_to)
    plain = qs.exclude(kind="reversal").values("agreement_id", "kind").annotate(s=Sum("amount"))
    for row in plain:
        totals[row["agreement_id"]][row["kind"]] += row["s"]
    undone = (
        qs.filter(kind="reversal")
        .values("agreement_id", "reverses__kind")
        .annotate(s=Sum("amount"))
    )
    for row in undone:
        totals[row["agreement_id"]][row["reverses__kind"]] -= row["s"]
    return totals


def schedules_of(agreement_ids: Iterable[int]) -> dict[int, list[Row]]:
    from sinergi.loans.models import Instalment

    out: dict[int, list[Row]] = defaultdict(list)
    rows = Instalment.objects.filter(agreement_id__in=list(agreement_ids)).order_by(
        "agreement_id", "number"
    )
    for i in rows.values_list("agreement_id", "number", "due_date", "principal_due", "fee_due"):
        out[i[0]].append(Row(i[1], i[2], i[3], i[4]))
    return out


def compute_state(
    schedule: list[Row], totals: dict[str, int], as_of: dt.date, *, written_off: bool
) -> LoanState:
    """Pure: the state of one loan from its schedule and net ledger totals."""
    # The ledger is the truth: a write-off entry closes the loan whatever the row says.
    written_off = written_off or totals.get("write_off", 0) > 0
    disbursed = totals.get("disbursement", 0)
    paid = max(totals.get("repayment", 0), 0)
    allocation = allocate(schedule, paid)
    arrears = max(due_by(schedule, as_of) - (paid - allocation.credit), 0)
    if written_off:
        dpd, quality = days_past_due(schedule, paid, as_of), None
    elif disbursed:
        dpd = days_past_due(schedule, paid, as_of)
        quality = quality_class(dpd)
    else:
        dpd, quality = 0, None
    return LoanState(
        disbursed=disbursed,
        paid=paid,
        fee_paid=allocation.fee_paid,
        principal_paid=allocation.principal_paid,
        principal_outstanding=0
        if written_off or not disbursed
        else allocation.principal_outstanding,
        fee_outstanding=0 if written_off or not disbursed else allocation.fee_outstanding,
        credit=allocation.credit,
        arrears=arrears if disbursed and not written_off else 0,
        days_past_due=dpd,
        quality=quality,
        written_off=totals.get("write_off", 0),
    )


def states_of(agreements: Iterable, as_of: dt.date) -> dict[int, LoanState]:
    """{agreement.pk: LoanState} for `agreements` (model instances) on `as_of`."""
    agreements = list(agreements)
    ids = [a.pk for a in agreements]
    schedules = schedules_of(ids)
    totals = ledger_totals(ids, up_to=as_of)
    return {
        a.pk: compute_state(
            schedules.get(a.pk, []),
            totals.get(a.pk, {}),
            as_of,
            written_off=a.status == "written_off",
        )
        for a in agreements
    }


def state_of(agreement: object, as_of: dt.date) -> LoanState:
    return states_of([agreement], as_of)[agreement.pk]
