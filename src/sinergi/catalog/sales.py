"""Sales reported through the catalog's listed channels, read by other apps.

The one public read of catalog sales (training's cohort retention uses it), so other
apps never query catalog's tables themselves. A sale counts when it was REPORTED through
a channel the catalog lists:
- a purchase of a buy-local campaign reported by its buyer (`Purchase`, status
  `reported`; a pledge is not yet a sale);
- the go-online funnel's first online sale (`FirstOnlineSale`), reported with its
  channel (marketplace, WhatsApp, social media, ...).
Reads only; no permission is checked here (the caller already chose the businesses it may
see, and gets no more than business ids and days back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sinergi.catalog.models import FirstOnlineSale, Purchase, PurchaseStatus

__all__ = ["reported_sales"]


def reported_sales(business_ids: Iterable[int], since: dt.date) -> list[tuple[int, dt.date]]:
    """(business id, day) of every sale reported for these businesses on or after `since`."""
    ids = sorted(set(business_ids))
    out: list[tuple[int, dt.date]] = []
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        out.extend(
            Purchase.objects.filter(
                business_id__in=chunk, status=PurchaseStatus.REPORTED, on__gte=since
            )
            .order_by()
            .values_list("business_id", "on")
        )
        out.extend(
            FirstOnlineSale.objects.filter(business_id__in=chunk, on__gte=since)
            .order_by()
            .values_list("business_id", "on")
        )
    return out
