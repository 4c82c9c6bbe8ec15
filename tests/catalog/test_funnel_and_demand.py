"""The go-online funnel per region against the office's target, the follow-up list of
businesses stuck at a stage, and the demand signal per KBLI section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.accounts.scope import NotAllowed
from sinergi.catalog import actions, funnel
from sinergi.catalog.demand import demand
from sinergi.catalog.models import ProductView, Purchase

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_stages(make_business, officer_bangka):
    """One business at each stage, all in Kec. Sungailiat (Kab. Bangka)."""
    registered = make_business(name="Baru Daftar")
    listed = make_business(name="Sudah Tercantum")
    actions.save_product(officer_bangka, listed, None, {"name": "Lada"})
    online = make_business(name="Sudah Daring")
    actions.save_product(
        officer_bangka, online, None, {"name": "Madu"},
        links=[{"kind": "marketplace", "url": "https://toko.example/madu"}],
    )  # fmt: skip
    sold = make_business(name="Sudah Laku", marketplace_url="https://toko.example/x")
    funnel.report_first_sale(officer_bangka, sold, dt.date(2026, 1, 5), "marketplace")
    return registered, listed, online, sold


def test_the_funnel_counts_each_stage_per_district_against_the_target(
    client_of, officer_bangka, four_stages
) -> None:
    funnel.set_target(officer_bangka, "190101", 2026, 4)
    (row,) = funnel.funnel(officer_bangka, "1901", 2026)
    assert (row.code, row.registered, row.listed, row.online, row.sold) == ("190101", 4, 3, 2, 1)
    assert (row.target, row.target_pct) == (4, 50)
    page = client_of(officer_bangka).get(reverse("catalog:funnel"), {"region": "1901"})
    assert 'data-region="190101"' in page.content.decode()


def test_the_follow_up_list_names_who_is_stuck_at_each_stage(
    client_of, assistant_bangka, four_stages
) -> None:
    client = client_of(assistant_bangka)
    expected = {"registered": "Baru Daftar", "listed": "Sudah Tercantum", "online": "Sudah Daring"}
    for stage, name in expected.items():
        body = client.get(reverse("catalog:funnel"), {"stage": stage}).content.decode()
        section = body[body.index('id="follow-up"') :]
        assert name in section
        assert all(other not in section for other in expected.values() if other != name)


def test_targets_only_inside_the_officers_region_and_reads_only_of_it(
    client_of, officer_denpasar, four_stages
) -> None:
    with pytest.raises(NotAllowed):
        funnel.set_target(officer_denpasar, "1901", 2026, 10)
    body = client_of(officer_denpasar).get(reverse("catalog:funnel"), {"region": "1901"})
    assert "Baru Daftar" not in body.content.decode()  # falls back to Denpasar's own region
    assert funnel.funnel(officer_denpasar, "5171", 2026) == []


def test_the_demand_signal_shows_which_sections_gain(
    client_of, officer_bangka, officer_denpasar, published, make_business
) -> None:
    from django.utils import timezone

    from sinergi.catalog.campaigns import change_selection, create_campaign

    today = timezone.localdate()  # the page reads "now"
    kerupuk = published("Kerupuk", sector_id="10794")  # section C
    for weeks_ago, views in ((6, 2), (1, 30)):
        ProductView.objects.create(
            product=kerupuk, day=today - dt.timedelta(weeks=weeks_ago), views=views
        )
    campaign = create_campaign(
        officer_bangka,
        {"name": "JBL", "kind": "buy_local_day", "starts_on": today - dt.timedelta(days=90),
         "ends_on": today},
        "1901",
    )  # fmt: skip
    change_selection(officer_bangka, campaign, add=[kerupuk.business_id])
    Purchase.objects.create(
        campaign=campaign, business=kerupuk.business, buyer=officer_bangka, status="reported",
        amount_idr=75_000, on=today, regency_code="1901", category="C",
    )  # fmt: skip
    data = demand(officer_bangka, today=today)
    (series,) = data["series"]
    assert series.category == "C"
    assert sum(series.values["views"]) == 32 and series.trend("views") == 1400  # 2 -> 30
    assert series.values["purchases_idr"][-1] == 75_000
    assert data["top_products"][0]["product__name"] == "Kerupuk"
    assert demand(officer_denpasar, today=today)["series"] == []  # another region: nothing
    page = client_of(officer_bangka).get(reverse("catalog:demand"))
    assert page.status_code == 200 and 'data-category="C"' in page.content.decode()
    assert '<span data-trend="views">1400%</span>' in page.content.decode()


def test_viewing_a_public_product_counts_one_view_per_visit(client_of, published) -> None:
    product = published()
    for _ in range(3):
        client_of(None).get(reverse("katalog:product", args=[product.pk]))
    (row,) = ProductView.objects.filter(product=product)
    assert row.views == 3
