"""What the overview page shows, within one user's scope: panels of charts and numbers.

Reads only: registry counts come from the pre-aggregated facts (`aggregates`), programs
and loans from their own `visible_to` querysets, so a number on this page never includes
a row the user could not open in the registry, programs or loans pages. Each chart is a
`charts.Chart`, whose rows are also the table view and the csv/xlsx download
(`views.chart_download`).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sinergi.accounts.scope import Scope
from sinergi.insights import aggregates
from sinergi.insights.charts import Chart

CHILD_FIELD = {0: "province_code", 2: "regency_code", 4: "district_code", 6: "district_code"}


@dataclass
class Panel:
    key: str
    title: str
    numbers: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    html: str = ""  # the panel already rendered (`page_panels`), else drawn from the above


def region_names(codes: list[str]) -> dict[str, str]:
    from sinergi.regions.models import Region

    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def child_field(scope: Scope) -> str:
    return CHILD_FIELD.get(len(scope.region), "district_code")


def _fmt(n: int | float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _sorted(d: dict[str, int], labels: dict[str, str] | None = None) -> list[tuple[str, float]]:
    labels = labels or {}
    ordered = sorted(d.items(), key=lambda i: -i[1])
    return [(str(labels.get(k, k or _("unknown"))), v) for k, v in ordered]


def registry_panel(user: Any, scope: Scope) -> Panel:
    from sinergi.registry.kbli import CATEGORIES
    from sinergi.registry.models import SizeClass

    by = child_field(scope)
    count = aggregates.counts
    total = sum(count(user, scope, "businesses", "all").values())
    areas = aggregates.totals(count(user, scope, "businesses", "all", by=by).items(), index=0)
    names = region_names(list(areas))
    size = aggregates.totals(count(user, scope, "businesses", "size").items(), index=1)
    cat = aggregates.totals(count(user, scope, "businesses", "category").items(), index=1)
    covid = aggregates.totals(count(user, scope, "businesses", "covid").items(), index=1)
    month = aggregates.totals(count(user, scope, "businesses", "month").items(), index=1)
    covid_labels = {"yes": _("Affected"), "no": _("Not affected"), "": _("unknown")}
    cat_labels = {k: f"{k} {v}" for k, v in CATEGORIES.items()}
    affected = covid.get("yes", 0)
    panel = Panel("registry", _("Registry"))
    panel.numbers = [
        (_("Active businesses"), _fmt(total)),
        (_("Affected by Covid-19"), _fmt(affected)),
    ]
    region_label = _("Region")
    businesses = _("Businesses")
    panel.charts = [
        Chart("by_region", _("Businesses by region"), (region_label, businesses),
              _sorted(areas, names)),
        Chart("by_sector", _("Businesses by sector (KBLI category)"), (_("Sector"), businesses),
              _sorted(cat, cat_labels)),
        Chart("by_size", _("Businesses by size class"), (_("Size class"), businesses),
              _sorted(size, dict(SizeClass.choices))),
        Chart("by_covid", _("Covid-19 impact"), (_("Impact"), businesses),
              _sorted(covid, covid_labels)),
        Chart("by_month", _("Registrations per month"), (_("Month"), businesses),
              sorted(month.items()), kind="line"),
    ]  # fmt: skip
    return panel


def quality_panel(user: Any, scope: Scope) -> Panel:
    from sinergi.review.models import ReviewPair

    records = aggregates.counts(user, scope, "records", "nik_status")
    nik = aggregates.totals(records.items(), index=1)
    link = aggregates.totals(aggregates.counts(user, scope, "records", "link").items(), index=1)
    pairs = ReviewPair.objects.filter(scope.q("regency_code"))
    if scope.perms.is_owner:
        pairs = pairs.none()
    by_status = dict(pairs.values_list("status").annotate(n=Count("id")).order_by())
    panel = Panel("quality", _("Data quality"))
    panel.numbers = [
        (_("Source records"), _fmt(sum(nik.values()))),
        (_("Duplicates waiting for review"), _fmt(by_status.get("pending", 0))),
        (_("Duplicates settled"), _fmt(by_status.get("same", 0) + by_status.get("different", 0))),
    ]
    records_label = _("Source records")
    panel.charts = [
        Chart("nik_status", _("NIK quality of source records"), (_("NIK"), records_label),
              _sorted(nik)),
        Chart("link_status", _("Source records merged into the registry"),
              (_("Link"), records_label), _sorted(link)),
    ]  # fmt: skip
    return panel


def aid_panel(user: Any, scope: Scope) -> Panel | None:
    from sinergi.programs.models import Disbursement, Finding, Nomination, Program

    if not scope.perms.view_programs:
        return None
    programs = Program.objects.visible_to(user).exclude(kind__in=["loan", "membership"])
    budget = programs.aggregate(b=Sum("budget_idr"))["b"] or 0
    paid = Disbursement.objects.filter(program__in=programs).aggregate(
        s=Sum("amount_idr"), reached=Count("business_id", distinct=True)
    )
    disbursed, reached = paid["s"] or 0, paid["reached"]
    findings = Finding.objects.filter(nomination__cycle__program__in=programs)
    by_reason = dict(findings.values_list("reason").annotate(n=Count("id")).order_by())
    # A nomination removed because of a finding: one row each (no join to its findings).
    prevented = Nomination.objects.filter(
        Exists(Finding.objects.filter(nomination=OuterRef("pk"))),
        cycle__program__in=programs,
        status="removed",
    ).aggregate(n=Count("id"), s=Sum("amount_idr"))
    saved = prevented["s"] or 0
    panel = Panel("aid", _("Aid"))
    panel.numbers = [
        (_("Budget (Rp)"), _fmt(budget)),
        (_("Disbursed (Rp)"), _fmt(disbursed)),
        (_("Businesses reached"), _fmt(reached)),
        (_("Doubles prevented"), _fmt(prevented["n"])),
        (_("Rupiah saved"), _fmt(saved)),
    ]
    panel.charts = [
        Chart("budget", _("Budget and disbursed (Rp)"), (_("Amount"), _("Rp")),
              [(_("Budget"), budget), (_("Disbursed"), disbursed)]),
        Chart("findings", _("Screening findings by reason"), (_("Reason"), _("Findings")),
              _sorted(by_reason)),
    ]  # fmt: skip
    return panel


def loans_panel(user: Any, scope: Scope, today: dt.date | None = None) -> Panel | None:
    from sinergi.loans.models import LoanAgreement
    from sinergi.loans.portfolio import summarise
    from sinergi.loans.quality import Quality
    from sinergi.loans.state import states_of

    if not scope.perms.view_programs:
        return None
    agreements = list(LoanAgreement.objects.visible_to(user).for_portfolio())
    states = states_of(agreements, today or dt.date.today())
    _rows, total = summarise(("", "", states[a.pk]) for a in agreements)
    panel = Panel("loans", _("Loans"))
    panel.numbers = [
        (_("Loans"), _fmt(total.loans)),
        (_("Outstanding (Rp)"), _fmt(total.outstanding)),
        (_("NPL"), f"{total.npl_percent:.1f} %".replace(".", ",")),
    ]
    panel.charts = [
        Chart("loan_quality", _("Outstanding by quality (Rp)"), (_("Quality"), _("Rp")),
              [(str(dict(Quality.choices).get(k, k)), v) for k, v in total.by_quality.items()]),
    ]  # fmt: skip
    return panel


def training_panel(user: Any, scope: Scope) -> Panel | None:
    """Training events the user reaches (`Event.objects.visible_to`); participants,
    results and certificates of the businesses in the user's region only."""
    from sinergi.registry.models import Business
    from sinergi.training.models import Certificate, Event, EventStatus, Outcome, Registration

    if not scope.perms.view_training or scope.perms.is_owner:
        return None
    events = Event.objects.visible_to(user)
    by_status = dict(
        Event.objects.filter(pk__in=events.values("pk"))
        .values_list("status").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    taking = Registration.objects.filter(
        event__in=events.values("pk"),
        business__in=Business.objects.visible_to(user).values("pk"),
        status="registered",
    )
    outcomes = dict(taking.values_list("outcome").annotate(n=Count("id")).order_by())
    certificates = Certificate.objects.filter(
        registration__in=taking.values("pk"), revoked_at__isnull=True
    ).count()
    participants = sum(outcomes.values())
    outcome_labels = {**dict(Outcome.choices), "": _("No result yet")}
    panel = Panel("training", _("Training"))
    panel.numbers = [
        (_("Training events"), _fmt(sum(by_status.values()))),
        (_("Participants"), _fmt(participants)),
        (_("Passed"), _fmt(outcomes.get(Outcome.PASSED, 0))),
        (_("Certificates issued"), _fmt(certificates)),
    ]
    people = _("Participants")
    panel.charts = [
        Chart("training_events", _("Training events by status"), (_("Status"), _("Events")),
              _sorted(by_status, dict(EventStatus.choices))),
        Chart("training_results", _("Participants by result"), (_("Result"), people),
              _sorted(outcomes, outcome_labels)),
    ]  # fmt: skip
    return panel


def catalog_panel(user: Any, scope: Scope) -> Panel | None:
    """Products listed by the region's businesses, the go-online funnel (from the facts:
    each business counted at its furthest stage) and campaign spending at the region's
    businesses."""
    from sinergi.catalog.models import Product, Purchase, PurchaseStatus
    from sinergi.registry.models import Business

    if not scope.perms.view_campaigns or scope.perms.is_owner:
        return None
    products = Product.objects.visible_to(user)
    listed = products.count()
    stage = aggregates.totals(
        aggregates.counts(user, scope, "businesses", "stage").items(), index=1
    )
    registered = sum(stage.values())
    sold = stage.get("sold", 0)
    online = stage.get("online", 0) + sold
    with_products = stage.get("listed", 0) + online
    spent = Purchase.objects.filter(
        business__in=Business.objects.visible_to(user).values("pk"),
        status=PurchaseStatus.REPORTED,
    )
    per_campaign = dict(
        spent.values_list("campaign__name").annotate(s=Sum("amount_idr")).order_by()
    )
    panel = Panel("catalog", _("Catalog and campaigns"))
    panel.numbers = [
        (_("Products listed"), _fmt(listed)),
        (_("Businesses online"), _fmt(online)),
        (_("First online sales"), _fmt(sold)),
        (_("Campaign spending (Rp)"), _fmt(sum(per_campaign.values()))),
    ]
    businesses = _("Businesses")
    panel.charts = [
        Chart("go_online", _("Go-online funnel"), (_("Stage"), businesses), [
            (_("Registered"), registered), (_("Product listed"), with_products),
            (_("Online channel"), online), (_("First online sale"), sold),
        ]),
        Chart("campaign_spending", _("Campaign spending (Rp)"), (_("Campaign"), _("Rp")),
              _sorted(per_campaign)),
    ]  # fmt: skip
    return panel


# Rendered HTML of what is drawn from the snapshot's facts alone, per process: the key
# holds the snapshot's time (a rebuild writes a new one), the scope's region, the language
# and the request's own choices (the map's region and level), so an entry is never stale:
# it is only left unused when the snapshot changes, and dropped as the oldest.
_RENDERED: OrderedDict[tuple[Any, ...], str] = OrderedDict()
RENDERED_SIZE = 128  # a province page is ~100 KB: at most ~13 MB a process


def per_snapshot(scope: Scope, key: tuple[Any, ...], make: Callable[[], str]) -> str:
    """`make()` (HTML drawn only from the facts within `scope`), kept for the current
    snapshot. Scopes the facts cannot answer (counted live) are rendered every time."""
    if not aggregates.answerable(scope):
        return make()
    full = (aggregates.snapshot_time(), scope.region, get_language(), *key)
    html = _RENDERED.get(full)
    if html is None:
        html = _RENDERED[full] = make()
        if len(_RENDERED) > RENDERED_SIZE:
            _RENDERED.popitem(last=False)
    else:
        _RENDERED.move_to_end(full)
    return html


def page_panels(user: Any, scope: Scope) -> list[Panel]:
    """The overview page's panels. The registry panel (numbers and charts counted from the
    facts) is rendered once per snapshot, scope and language: its counts, the charts'
    SVGs and tables cost more than the rest of the page; the others read live tables
    (programs, loans, review pairs, training, products) and are built on every view."""
    registry = Panel("registry", _("Registry"))
    registry.html = per_snapshot(
        scope,
        ("panel", "registry"),
        lambda: render_to_string("insights/_panel.html", {"panel": registry_panel(user, scope)}),
    )
    return [registry, *_live_panels(user, scope)]


def _live_panels(user: Any, scope: Scope) -> list[Panel]:
    found = [quality_panel(user, scope)]
    optional = (
        aid_panel(user, scope), loans_panel(user, scope),
        training_panel(user, scope), catalog_panel(user, scope),
    )  # fmt: skip
    return found + [p for p in optional if p is not None]


def panels(user: Any, scope: Scope) -> list[Panel]:
    return [registry_panel(user, scope), *_live_panels(user, scope)]


def chart(user: Any, scope: Scope, name: str) -> Chart | None:
    """One chart by name (for its download), built the same way as on the page."""
    for panel in panels(user, scope):
        for c in panel.charts:
            if c.name == name:
                return c
    return None
