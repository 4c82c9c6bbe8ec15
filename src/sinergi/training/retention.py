"""Retention of a cohort: who is still active, month by month, and who dropped out.

A member is ACTIVE in a month when, in that month, they were present at a session of any
training event (`Attendance.present`), or their business record was changed (an audit
UPDATE of the business: profile updated by them or for them), or a sale of theirs was
reported through a channel the catalog lists (`catalog.sales.reported_sales`: a campaign
purchase reported by its buyer, the first online sale of the go-online funnel; dated by
the day of the sale). A member DROPPED OUT when they were active at some month and not
in any of the last `DROP_MONTHS` months. `ACTIVITY_SOURCES` is where a new source joins;
each cell keeps which sources made the member active.

Reads only; months are calendar months in Asia/Jakarta; at most the last 12 months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from sinergi.audit.models import AuditEvent
from sinergi.catalog.sales import reported_sales
from sinergi.registry.models import Business
from sinergi.training.models import Attendance, Cohort

DROP_MONTHS = 3
MONTHS = 12
ACTIVITY_SOURCES = ("attendance", "profile", "sale")
JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass
class Retention:
    months: list[str]  # "2026-01", oldest first
    active: list[int]  # active members per month
    members: int
    dropped: list[Business]
    # Per member, per month: the sources that made them active, sorted (empty: none).
    rows: list[tuple[Business, list[tuple[str, ...]]]]
    # Per source, members active through it per month (a member may count in several).
    by_source: dict[str, list[int]]

    def source_rows(self) -> list[tuple[str, list[int]]]:
        """The table's per-source rows: (label, members per month)."""
        from django.utils.translation import gettext as _

        labels = {
            "attendance": _("Present at a session"),
            "profile": _("Profile updated"),
            "sale": _("Sale reported"),
        }
        return [(labels[s], self.by_source[s]) for s in ACTIVITY_SOURCES]

    def bars(self, height: int = 120, step: int = 50) -> list[dict[str, int | str]]:
        """Bar geometry of the chart, drawn as inline SVG: active members per month, and
        inside each bar the members with a reported sale that month."""
        top = max(self.members, 1)
        out = []
        sales = self.by_source["sale"]
        for i, (month, n) in enumerate(zip(self.months, self.active, strict=True)):
            h = round(height * n / top)
            sh = round(height * sales[i] / top)
            out.append(
                {
                    "x": i * step + 5,
                    "y": height - h + 10,
                    "h": h,
                    "n": n,
                    "month": month,
                    "sale_x": i * step + 17,
                    "sale_y": height - sh + 10,
                    "sale_h": sh,
                    "sales": sales[i],
                }
            )
        return out


def _month(value: dt.datetime) -> str:
    return value.astimezone(JAKARTA).strftime("%Y-%m")


def months_until(today: dt.date, n: int = MONTHS) -> list[str]:
    out, y, m = [], today.year, today.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def cohort_retention(cohort: Cohort, today: dt.date | None = None) -> Retention:
    today = today or timezone.localdate()
    months = months_until(today)
    start = dt.datetime.strptime(months[0] + "-01", "%Y-%m-%d").replace(tzinfo=JAKARTA)
    members = list(
        Business.objects.filter(cohort_memberships__cohort=cohort).order_by("name", "pk")
    )
    ids = [b.pk for b in members]
    # {business: {month: sources}}
    seen: dict[int, dict[str, set[str]]] = {pk: {} for pk in ids}
    attended = Attendance.objects.filter(
        registration__business_id__in=ids, present=True, session__starts_at__gte=start
    ).values_list("registration__business_id", "session__starts_at")
    for business_id, at in attended:
        seen[business_id].setdefault(_month(at), set()).add("attendance")
    changed = (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Business),
            object_id__in=[str(i) for i in ids],
            action="update",
            at__gte=start,
        )
        .exclude(kind="consent_recorded")
        .values_list("object_id", "at")
    )
    for object_id, at in changed:
        seen[int(object_id)].setdefault(_month(at), set()).add("profile")
    for business_id, day in reported_sales(ids, start.date()):
        seen[business_id].setdefault(day.strftime("%Y-%m"), set()).add("sale")
    recent = set(months[-DROP_MONTHS:])
    dropped = [b for b in members if seen[b.pk] and not (set(seen[b.pk]) & recent)]
    return Retention(
        months=months,
        active=[sum(m in seen[pk] for pk in ids) for m in months],
        members=len(members),
        dropped=dropped,
        rows=[(b, [tuple(sorted(seen[b.pk].get(m, ()))) for m in months]) for b in members],
        by_source={
            source: [sum(source in seen[pk].get(m, ()) for pk in ids) for m in months]
            for source in ACTIVITY_SOURCES
        },
    )
