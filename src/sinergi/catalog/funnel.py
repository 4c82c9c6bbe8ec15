"""The go-online funnel: registered -> product listed -> online channel -> first online sale.

A business's stage is derived, never stored: `listed` when it has a product, `online`
when a product has a where-to-buy link other than the PLUT gallery or the business has a
marketplace or social link in the registry, `sold` when a first online sale was reported
(`FirstOnlineSale`). Progress is counted per child region of the region looked at (a
province by regency, a regency by district ...) against the office's `FunnelTarget`.

Who: reading needs `view_campaigns` (officers, field assistants, auditors) and shows
only the user's region (`Business.objects.visible_to`); setting a target needs
`manage_campaigns` inside the region; reporting a first sale is a catalog edit of the
business (`actions.require_edit`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.http import HttpRequest

from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.catalog.actions import require_edit
from sinergi.catalog.models import BuyLink, FirstOnlineSale, FunnelTarget, Product
from sinergi.registry.models import Business

STAGES = ("registered", "listed", "online", "sold")
CHILD_COLUMN = {0: "province_code", 2: "regency_code", 4: "district_code", 6: "village_code"}


def with_stages(qs: Any) -> Any:
    """Businesses annotated with `listed`, `online` and `sold` (booleans)."""
    online = Q(
        Exists(BuyLink.objects.filter(product__business=OuterRef("pk")).exclude(kind="plut"))
    )
    online |= ~Q(marketplace_url="") | ~Q(social_url="")
    return qs.annotate(
        listed=Exists(Product.objects.filter(business=OuterRef("pk"))),
        online=Case(When(online, then=Value(True)), default=Value(False),
                    output_field=BooleanField()),
        sold=Exists(FirstOnlineSale.objects.filter(business=OuterRef("pk"))),
    )  # fmt: skip


def stuck_at(qs: Any, stage: str) -> Any:
    """Businesses whose furthest stage is `stage` (the follow-up list)."""
    qs = with_stages(qs)
    if stage == "registered":
        return qs.filter(listed=False, online=False, sold=False)
    if stage == "listed":
        return qs.filter(listed=True, online=False, sold=False)
    if stage == "online":
        return qs.filter(online=True, sold=False)
    return qs.filter(sold=True)


@dataclass(frozen=True)
class FunnelRow:
    code: str
    name: str
    registered: int
    listed: int
    online: int
    sold: int
    target: int | None

    @property
    def target_pct(self) -> int | None:
        return round(100 * self.online / self.target) if self.target else None


def funnel(user: Any, region: str, year: int) -> list[FunnelRow]:
    from sinergi.regions.models import Region

    column = CHILD_COLUMN.get(len(region))
    if column is None:
        return []
    qs = with_stages(Business.objects.visible_to(user).active().within(region))
    rows = (
        qs.order_by()
        .values(column)
        .annotate(
            registered=Count("pk"),
            listed=Count("pk", filter=Q(listed=True) | Q(online=True) | Q(sold=True)),
            online=Count("pk", filter=Q(online=True) | Q(sold=True)),
            sold=Count("pk", filter=Q(sold=True)),
        )
    )
    counted = {r[column]: r for r in rows}
    names = dict(Region.objects.filter(code__in=list(counted)).values_list("code", "name"))
    targets = dict(
        FunnelTarget.objects.filter(region_id__in=list(counted), year=year).values_list(
            "region_id", "online_target"
        )
    )
    return [
        FunnelRow(
            code=code,
            name=names.get(code, code or "—"),
            registered=r["registered"],
            listed=r["listed"],
            online=r["online"],
            sold=r["sold"],
            target=targets.get(code),
        )  # fmt: skip
        for code, r in sorted(counted.items(), key=lambda item: names.get(item[0], item[0]))
    ]


@transaction.atomic
def set_target(
    actor: Any, region: str, year: int, online_target: int, *, request: HttpRequest | None = None
) -> FunnelTarget:
    scope = scope_for(actor)
    if not scope.perms.manage_campaigns or not scope.contains(region):
        raise NotAllowed("manage_campaigns")
    target, _ = FunnelTarget.objects.get_or_create(
        region_id=region, year=year, defaults={"online_target": online_target, "set_by": actor}
    )
    old = target.online_target
    target.online_target, target.set_by = online_target, actor
    target.save()
    record(actor, Action.UPDATE, target, changes={"online_target": (old, online_target)},
           request=request)  # fmt: skip
    return target


@transaction.atomic
def report_first_sale(
    actor: Any, business: Business, on: dt.date, channel: str, *,
    request: HttpRequest | None = None,
) -> FirstOnlineSale:  # fmt: skip
    require_edit(actor, business)
    sale, created = FirstOnlineSale.objects.get_or_create(
        business=business, defaults={"on": on, "channel": channel, "reported_by": actor}
    )
    if created:
        record(actor, Action.CREATE, sale,
               changes={"on": (None, on), "channel": (None, channel)}, request=request)  # fmt: skip
    return sale
