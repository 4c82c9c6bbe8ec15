"""Counts per kecamatan, pre-aggregated (`models.Fact`), and how they stay fresh.

Why: a province holds a million businesses; grouping them on every dashboard view costs
seconds. The facts table holds a few thousand rows per province and is summed within the
viewer's scope in milliseconds (docs/benchmarks.md).

Fresh: `is_stale()` compares the snapshot with the registry's highest business id and
last `updated_at` (both indexed: two index lookups). A stale snapshot of a small registry
(below `SYNC_LIMIT` businesses) is rebuilt inline by the page that notices it; a large one
is rebuilt by the background task `refresh_facts_task` (enqueued at most once per
`REQUEUE_AFTER`), while pages show the previous snapshot and its time. `sinergi manage
refresh_insights` rebuilds on demand (e.g. from cron after the nightly imports).

Scopes that the per-kecamatan facts cannot answer (a village scope) are counted live from
`Business.objects.visible_to(user)` with the same `count_rows`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sinergi.accounts.scope import Scope
from sinergi.insights.models import Fact, Snapshot

SYNC_LIMIT = 50_000
REQUEUE_AFTER = dt.timedelta(minutes=5)
FACT_LEVEL = {2: "province_code", 4: "regency_code", 6: "district_code"}
AREA = ("province_code", "regency_code", "district_code")

# measure -> dimension -> the expression grouped by.
BUSINESS_DIMENSIONS: dict[str, Any] = {
    "all": None,
    "size": "size_class",
    "category": "sector__category",
    "covid": "covid_affected",
    "month": TruncMonth("created_at"),
}
RECORD_DIMENSIONS: dict[str, Any] = {"nik_status": "nik_status", "link": "link_status"}


def online_stage() -> Any:
    """A business's furthest stage in the go-online funnel (`catalog.funnel`: registered,
    listed, online, sold), as one expression, so the facts count it per kecamatan and the
    dashboard never runs the funnel's per-business subqueries over a province."""
    from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When

    from sinergi.catalog.models import BuyLink, FirstOnlineSale, Product

    online = Q(
        Exists(BuyLink.objects.filter(product__business=OuterRef("pk")).exclude(kind="plut"))
    )
    online |= ~Q(marketplace_url="") | ~Q(social_url="")
    return Case(
        When(Exists(FirstOnlineSale.objects.filter(business=OuterRef("pk"))), then=Value("sold")),
        When(online, then=Value("online")),
        When(Exists(Product.objects.filter(business=OuterRef("pk"))), then=Value("listed")),
        default=Value("registered"),
        output_field=CharField(),
    )


def _value(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m}"
    return str(value)[:40]


def count_rows(qs: models.QuerySet, dimension: Any) -> list[tuple[str, str, str, str, int]]:
    """(province, regency, district, value, count) of `qs` grouped by kecamatan and
    `dimension` (a field name, an expression, or None for the total)."""
    if dimension is None:
        grouped = qs.values(*AREA)
        key = None
    elif isinstance(dimension, str):
        grouped = qs.values(*AREA, dimension)
        key = dimension
    else:
        grouped = qs.annotate(_d=dimension).values(*AREA, "_d")
        key = "_d"
    rows: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for row in grouped.annotate(_n=Count("id")).order_by():
        value = _value(row[key]) if key else ""
        rows[(row["province_code"], row["regency_code"], row["district_code"], value)] += row["_n"]
    return [(*k, n) for k, n in rows.items()]


def _sources() -> dict[str, models.QuerySet]:
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    return {
        "businesses": Business.objects.filter(status="active"),
        "records": SourceRecord.objects.all(),
    }


def _marks() -> dict[str, Any]:
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    marks = Business.objects.aggregate(i=Max("id"), u=Max("updated_at"))
    return {
        "max_business_id": marks["i"] or 0,
        "max_business_updated": marks["u"],
        "max_record_id": SourceRecord.objects.aggregate(i=Max("id"))["i"] or 0,
    }


def refresh_all() -> Snapshot:
    """Rebuild every fact in one transaction; returns the new snapshot."""
    started = time.perf_counter()
    marks = _marks()
    sources = _sources()
    facts: list[Fact] = []
    business_dims = {**BUSINESS_DIMENSIONS, "stage": online_stage()}
    for measure, dims in (("businesses", business_dims), ("records", RECORD_DIMENSIONS)):
        for dimension, expr in dims.items():
            for p, r, d, value, n in count_rows(sources[measure], expr):
                facts.append(
                    Fact(measure=measure, dimension=dimension, value=value, province_code=p,
                         regency_code=r, district_code=d, count=n)
                )  # fmt: skip
    with transaction.atomic():
        Fact.objects.all().delete()
        Fact.objects.bulk_create(facts, batch_size=2000)
        snapshot, _ = Snapshot.objects.update_or_create(
            pk=1,
            defaults={
                "computed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
                **marks,
            },
        )
    _SNAPSHOT_SEEN.clear()  # this process reads the new snapshot at once
    return snapshot


def is_stale(snapshot: Snapshot | None) -> bool:
    if snapshot is None:
        return True
    marks = _marks()
    return any(getattr(snapshot, k) != v for k, v in marks.items())


_last_enqueued: dict[str, float] = {}


def ensure_fresh() -> Snapshot | None:
    """The current snapshot, rebuilt first when stale and small (module docstring)."""
    snapshot = Snapshot.objects.filter(pk=1).first()
    if not is_stale(snapshot):
        return snapshot
    from sinergi.registry.models import Business

    size = Business.objects.aggregate(i=Max("id"))["i"] or 0
    if snapshot is None or size < SYNC_LIMIT:
        return refresh_all()
    now = time.monotonic()
    if now - _last_enqueued.get("facts", -1e9) > REQUEUE_AFTER.total_seconds():
        from sinergi.insights.tasks import refresh_facts_task

        _last_enqueued["facts"] = now
        refresh_facts_task.enqueue()
    return snapshot


_SCOPE_FACTS: dict[tuple[Any, str], list[tuple[str, str, str, str, str, str, int]]] = {}
# The snapshot's time as read last, and when: a dashboard asks `scope_facts` once per
# chart (nine times a page), which was nine identical queries; one a second is enough.
_SNAPSHOT_SEEN: dict[str, Any] = {}
SNAPSHOT_RECHECK_SECONDS = 1.0


def snapshot_time() -> Any:
    """The current snapshot's time (its identity: every rebuild writes a new one), read at
    most once a second per process; a rebuild in this process is seen at once."""
    now = time.monotonic()
    if now - _SNAPSHOT_SEEN.get("at", -1e18) < SNAPSHOT_RECHECK_SECONDS:
        return _SNAPSHOT_SEEN["value"]
    value = Snapshot.objects.filter(pk=1).values_list("computed_at", flat=True).first()
    _SNAPSHOT_SEEN.update(at=now, value=value)
    return value


def scope_facts(scope: Scope) -> list[tuple[str, str, str, str, str, str, int]]:
    """Every fact row inside `scope`: (measure, dimension, value, province, regency,
    district, count), read in one query and kept per process until the snapshot changes
    (facts change only when the whole table is rebuilt)."""
    snapshot = snapshot_time()
    key = (snapshot, scope.region)
    cached = _SCOPE_FACTS.get(key)
    if cached is not None:
        return cached
    rows = list(
        Fact.objects.filter(scope.q("", by_level=FACT_LEVEL)).values_list(
            "measure", "dimension", "value", *AREA, "count"
        )
    )
    if len(_SCOPE_FACTS) > 64:
        _SCOPE_FACTS.clear()
    _SCOPE_FACTS[key] = rows
    return rows


def fact_counts(
    scope: Scope, measure: str, dimension: str, *, by: str | None = None
) -> dict[tuple[str, str], int]:
    """{(area, value): count} within `scope`; `area` is the code at level `by`
    ("regency_code", "district_code") or "" for the whole scope."""
    at = AREA.index(by) if by else None
    out: dict[tuple[str, str], int] = defaultdict(int)
    for m, dim, value, p, r, d, n in scope_facts(scope):
        if m == measure and dim == dimension:
            out[((p, r, d)[at] if at is not None else "", value)] += n
    return dict(out)


def live_counts(
    qs: models.QuerySet, dimension: Any, *, by: str | None = None
) -> dict[tuple[str, str], int]:
    """The same as `fact_counts`, counted from a queryset (scopes facts cannot answer)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for p, r, d, value, n in count_rows(qs, dimension):
        area = {"province_code": p, "regency_code": r, "district_code": d}.get(by or "", "")
        out[(area, value)] += n
    return dict(out)


def answerable(scope: Scope) -> bool:
    """Whether the per-kecamatan facts answer this scope (national ... kecamatan)."""
    return not scope.is_nobody and not scope.perms.is_owner and len(scope.region) in (0, 2, 4, 6)


def counts(
    user: Any, scope: Scope, measure: str, dimension: str, *, by: str | None = None
) -> dict[tuple[str, str], int]:
    """Counts for a dashboard: from the facts when they answer the scope, else live."""
    if answerable(scope):
        return fact_counts(scope, measure, dimension, by=by)
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    visible = Business.objects.visible_to(user)
    if measure == "businesses":
        expr = online_stage() if dimension == "stage" else BUSINESS_DIMENSIONS[dimension]
        return live_counts(visible.filter(status="active"), expr, by=by)
    records = SourceRecord.objects.filter(business__in=visible)
    return live_counts(records, RECORD_DIMENSIONS[dimension], by=by)


def totals(pairs: Iterable[tuple[tuple[str, str], int]], *, index: int) -> dict[str, int]:
    """Sum counts over one part of the key (0 = area, 1 = value)."""
    out: dict[str, int] = defaultdict(int)
    for key, n in pairs:
        out[key[index]] += n
    return dict(out)
