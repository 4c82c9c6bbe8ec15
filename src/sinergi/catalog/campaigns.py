"""Buy-local campaigns: the curated selection, fair rotation, purchases, the fairness report.

Who: `may_manage(actor, campaign)` — a role with `manage_campaigns` whose region holds the
campaign's region and who belongs to the campaign's organisation (a system admin: any);
`may_read` — `view_campaigns` and the regions overlap. Purchases: `report_purchases`.

Fairness, checked in `record_purchase` inside one transaction with the campaign row
locked (two buyers cannot both take the last slot):
- `max_purchases_per_business` counted purchases (pledged or reported) per business in
  the `period_days` window ending on the purchase date;
- `max_business_share_pct`: after this purchase, the business's share of the campaign's
  spending may not pass the cap (once spending passes `share_floor_idr`);
- the business must be in the campaign's selection.
A refusal raises `FairnessRefused` (its message names the rule and the figures) and is
audited as `PurchaseRefused`.

`rotation(campaign, day)`: the selection ordered so that businesses, regions and sectors
bought from least recently come first — what the campaign page shows buyers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import diff, record
from sinergi.audit.events import CampaignSelection, PurchaseRefused
from sinergi.audit.models import Action
from sinergi.catalog.models import Campaign, CampaignEntry, Product, Purchase
from sinergi.registry.actions import snapshot
from sinergi.registry.models import Business


class FairnessRefused(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def may_manage(actor: Any, campaign: Campaign) -> bool:
    scope = scope_for(actor)
    perms = scope.perms
    if not perms.manage_campaigns:
        return False
    if perms.manage_any_program:
        return True
    return scope.contains(campaign.region_id) and scope.owns(campaign)


def may_read(actor: Any, campaign: Campaign) -> bool:
    scope = scope_for(actor)
    if may_manage(actor, campaign):
        return True
    perms = scope.perms
    return (perms.view_campaigns or perms.report_purchases) and scope.overlaps(campaign.region_id)


def campaigns_for(actor: Any) -> list[Campaign]:
    scope = scope_for(actor)
    if scope.is_nobody:
        return []
    return [c for c in Campaign.objects.select_related("region") if may_read(actor, c)]


@transaction.atomic
def create_campaign(
    actor: Any, data: dict[str, Any], region_code: str, *, request: HttpRequest | None = None
) -> Campaign:
    scope = scope_for(actor)
    membership = getattr(actor, "membership", None)
    if not scope.perms.manage_campaigns or membership is None:
        raise NotAllowed("manage_campaigns")
    if not scope.contains(region_code):
        raise NotAllowed("manage_campaigns")
    campaign = Campaign(organisation_id=membership.organisation_id, region_id=region_code, **data)
    campaign.save()
    record(actor, Action.CREATE, campaign, changes=diff({}, snapshot(campaign)), request=request)
    return campaign


@transaction.atomic
def change_selection(
    actor: Any,
    campaign: Campaign,
    *,
    add: list[int] = (),
    remove: list[int] = (),
    request: HttpRequest | None = None,
) -> None:
    """Add and remove businesses; only active businesses inside the campaign's region."""
    if not may_manage(actor, campaign):
        raise NotAllowed("manage_campaigns")
    allowed = set(
        Business.objects.active()
        .within(campaign.region_id)
        .filter(pk__in=add)
        .values_list("pk", flat=True)
    )
    refused = set(add) - allowed
    if refused:
        raise NotAllowed("campaign_selection")
    existing = set(campaign.entries.values_list("business_id", flat=True))
    added = sorted(allowed - existing)
    CampaignEntry.objects.bulk_create(
        CampaignEntry(campaign=campaign, business_id=pk) for pk in added
    )
    removed = sorted(set(remove) & existing)
    campaign.entries.filter(business_id__in=removed).delete()
    if added or removed:
        record(
            actor,
            Action.UPDATE,
            campaign,
            request=request,
            event=CampaignSelection(added=added, removed=removed),
        )


def _counted(campaign: Campaign) -> Any:
    return Purchase.objects.filter(campaign=campaign)


def record_purchase(
    actor: Any,
    campaign: Campaign,
    business: Business,
    *,
    amount: int,
    on: dt.date,
    pledge: bool,
    product: Product | None = None,
    receipt: bytes | None = None,
    request: HttpRequest | None = None,
) -> Purchase:
    """Record a pledge or a reported purchase, or refuse it by a fairness rule (audited)."""
    perms = permissions_for(actor)
    if not perms.report_purchases or not may_read(actor, campaign):
        raise NotAllowed("report_purchases")
    try:
        with transaction.atomic():
            return _record_purchase(actor, campaign, business, amount=amount, on=on,
                                    pledge=pledge, product=product, receipt=receipt,
                                    request=request)  # fmt: skip
    except FairnessRefused as error:
        event = PurchaseRefused(rule=error.rule, business=business.pk, detail=error.message)
        record(actor, Action.UPDATE, campaign, event=event, request=request)
        raise


def _record_purchase(
    actor: Any,
    campaign: Campaign,
    business: Business,
    *,
    amount: int,
    on: dt.date,
    pledge: bool,
    product: Product | None,
    receipt: bytes | None,
    request: HttpRequest | None,
) -> Purchase:
    # Lock the campaign: purchases of one campaign are checked one at a time.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if not campaign.entries.filter(business=business).exists():
        raise FairnessRefused(
            "selection",
            _("%(name)s is not in this campaign's selection.") % {"name": business.name},
        )
    if product is not None and product.business_id != business.pk:
        raise FairnessRefused("selection", _("That product is not sold by this business."))
    if not campaign.starts_on <= on <= campaign.ends_on:
        raise FairnessRefused(
            "dates",
            _("The campaign runs from %(start)s to %(end)s.")
            % {"start": campaign.starts_on, "end": campaign.ends_on},
        )
    mine = _counted(campaign).filter(business=business)
    limit = campaign.max_purchases_per_business
    if limit:
        since = on - dt.timedelta(days=campaign.period_days - 1)
        count = mine.filter(on__gte=since, on__lte=on).count()
        if count >= limit:
            raise FairnessRefused(
                "per_period",
                _("%(name)s already has %(count)d of %(limit)d purchases allowed in %(days)d "
                  "days. Choose another business from the selection.")
                % {"name": business.name, "count": count, "limit": limit,
                   "days": campaign.period_days},
            )  # fmt: skip
    cap = campaign.max_business_share_pct
    if cap:
        total = (_counted(campaign).aggregate(s=Sum("amount_idr"))["s"] or 0) + amount
        own = (mine.aggregate(s=Sum("amount_idr"))["s"] or 0) + amount
        if total > campaign.share_floor_idr and own * 100 > cap * total:
            raise FairnessRefused(
                "share_cap",
                _(
                    "%(name)s would have %(share)d%% of the campaign's spending; the cap is "
                    "%(cap)d%%. Choose another business from the selection."
                )
                % {"name": business.name, "share": own * 100 // total, "cap": cap},
            )
    purchase = Purchase.objects.create(
        campaign=campaign, business=business, product=product, buyer=actor,
        status="pledged" if pledge else "reported", amount_idr=amount, on=on, receipt=receipt,
        regency_code=business.regency_code,
        category=business.sector.category if business.sector_id else "",
    )  # fmt: skip
    changes = diff({}, {k: v for k, v in snapshot(purchase).items() if k != "receipt"})
    record(actor, Action.CREATE, purchase, changes=changes, request=request)
    return purchase


@dataclass(frozen=True)
class FairnessReport:
    total: int
    purchases: int
    businesses_in_selection: int
    businesses_bought_from: int
    top_share_pct: float
    gini: float
    by_business: list[tuple[str, int, int]]
    by_region: list[tuple[str, int]]
    by_category: list[tuple[str, int]]


def gini(amounts: list[int]) -> float:
    """Gini coefficient of spending over the businesses (0 = even, 1 = one takes all).

    Businesses in the selection that got nothing count as zeros: a campaign that sends
    everything to two of twenty businesses is unequal even if those two are even."""
    values = sorted(amounts)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(values))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 4)


def fairness_report(campaign: Campaign) -> FairnessReport:
    from sinergi.regions.models import Region

    purchases = _counted(campaign)
    per_business = dict(
        purchases.values_list("business").annotate(s=Sum("amount_idr")).values_list("business", "s")
    )
    counts = dict(
        purchases.values_list("business").annotate(c=Count("id")).values_list("business", "c")
    )
    selection = list(campaign.entries.values_list("business_id", flat=True))
    names = dict(
        Business.objects.filter(pk__in=set(selection) | set(per_business)).values_list("pk", "name")
    )
    total = sum(per_business.values())
    region_totals = Counter()
    for code, amount in (
        purchases.values_list("regency_code")
        .annotate(s=Sum("amount_idr"))
        .values_list("regency_code", "s")
    ):
        region_totals[code] += amount
    region_names = dict(
        Region.objects.filter(code__in=list(region_totals)).values_list("code", "name")
    )
    category_totals = dict(
        purchases.values_list("category").annotate(s=Sum("amount_idr")).values_list("category", "s")
    )
    universe = set(selection) | set(per_business)
    return FairnessReport(
        total=total,
        purchases=sum(counts.values()),
        businesses_in_selection=len(selection),
        businesses_bought_from=len(per_business),
        top_share_pct=round(100 * max(per_business.values()) / total, 1) if total else 0.0,
        gini=gini([per_business.get(pk, 0) for pk in universe]),
        by_business=sorted(
            (
                (names.get(pk, str(pk)), per_business.get(pk, 0), counts.get(pk, 0))
                for pk in universe
            ),
            key=lambda row: (-row[1], row[0]),
        ),
        by_region=sorted(
            ((region_names.get(c, c or "—"), s) for c, s in region_totals.items()),
            key=lambda r: -r[1],
        ),
        by_category=sorted(
            ((c or "—", s) for c, s in category_totals.items()), key=lambda r: -r[1]
        ),
    )


def rotation(campaign: Campaign) -> list[Business]:
    """The selection, least recently bought from first; ties broken by the region and
    sector bought from least, so buyers are steered across regions and sectors."""
    entries = list(
        Business.objects.filter(pk__in=campaign.entries.values("business_id")).select_related(
            "sector", "village__parent__parent"
        )
    )
    last = dict(
        _counted(campaign)
        .values_list("business")
        .annotate(m=Max("on"))
        .values_list("business", "m")
    )
    region_spend = Counter(
        dict(
            _counted(campaign)
            .values_list("regency_code")
            .annotate(s=Sum("amount_idr"))
            .values_list("regency_code", "s")
        )
    )
    sector_spend = Counter(
        dict(
            _counted(campaign)
            .values_list("category")
            .annotate(s=Sum("amount_idr"))
            .values_list("category", "s")
        )
    )
    never = dt.date.min
    return sorted(
        entries,
        key=lambda b: (
            last.get(b.pk, never),
            region_spend[b.regency_code],
            sector_spend[b.sector.category if b.sector_id else ""],
            b.name,
        ),
    )
