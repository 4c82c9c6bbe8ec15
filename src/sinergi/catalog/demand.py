"""The demand signal: which KBLI sections and products gain catalog views, pledges and
purchases, week by week, inside the user's region — so an office can advise businesses
to shift (as with masks and hand sanitiser in 2020).

Pure reads: `ProductView` (one row per product per day, counted by the public product
page) and campaign `Purchase` rows, grouped by ISO week. Scoped with the registry's one
region rule (`Scope.q` on the stored regency code); `view_campaigns` may read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from sinergi.accounts.scope import scope_for
from sinergi.catalog.models import Product, ProductView, Purchase
from sinergi.registry.kbli import CATEGORIES

METRICS = ("views", "pledges", "purchases_idr")


@dataclass
class Series:
    category: str
    title: str
    values: dict[str, list[int]] = field(default_factory=dict)

    def trend(self, metric: str) -> int:
        """Change of the last 4 weeks over the 4 before, in percent (new demand: 100)."""
        points = self.values[metric]
        recent, before = sum(points[-4:]), sum(points[-8:-4])
        if before == 0:
            return 100 if recent else 0
        return round(100 * (recent - before) / before)

    def polyline(self, metric: str, width: int = 160, height: int = 32) -> str:
        """SVG polyline points (drawn on the server: no chart script on the page)."""
        points = self.values[metric]
        top = max(points) or 1
        step = width / max(1, len(points) - 1)
        return " ".join(
            f"{round(i * step, 1)},{round(height - height * v / top, 1)}"
            for i, v in enumerate(points)
        )


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def demand(user: Any, *, weeks: int = 12, today: dt.date | None = None) -> dict[str, Any]:
    scope = scope_for(user)
    today = today or dt.date.today()
    start = _week(today) - dt.timedelta(weeks=weeks - 1)
    axis = [start + dt.timedelta(weeks=n) for n in range(weeks)]
    index = {w: n for n, w in enumerate(axis)}
    series: dict[str, Series] = {}

    def add(category: str, metric: str, day: dt.date, amount: int) -> None:
        item = series.setdefault(
            category or "-",
            Series(category or "-", str(CATEGORIES.get(category, "—")),
                   {m: [0] * weeks for m in METRICS}),
        )  # fmt: skip
        item.values[metric][index[_week(day)]] += int(amount or 0)

    views = (
        ProductView.objects.filter(day__gte=start, product__in=Product.objects.filter(
            scope.q("regency_code")))
        .values_list("product__category", "day")
        .annotate(n=Sum("views"))
    )  # fmt: skip
    for category, day, n in views:
        add(category, "views", day, n)
    purchases = (
        Purchase.objects.filter(on__gte=start, on__lte=today)
        .filter(scope.q("regency_code"))
        .values_list("category", "on", "status")
        .annotate(n=Count("id"), amount=Sum("amount_idr"))
    )
    for category, day, status, n, amount in purchases:
        if status == "pledged":
            add(category, "pledges", day, n)
        else:
            add(category, "purchases_idr", day, amount)
    top_products = list(
        ProductView.objects.filter(day__gte=_week(today) - dt.timedelta(weeks=3))
        .filter(product__in=Product.objects.filter(scope.q("regency_code")))
        .values("product_id", "product__name", "product__business__name")
        .annotate(n=Sum("views"))
        .order_by("-n")[:10]
    )
    ordered = sorted(series.values(), key=lambda s: (-s.trend("views"), s.category))
    return {"axis": axis, "series": ordered, "top_products": top_products}
