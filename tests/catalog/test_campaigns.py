"""Buy-local campaigns: a curated selection, fairness caps that refuse a purchase with a
reason (audited), the fairness report, and rotation that steers buyers to businesses
bought from least."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.models import AuditEvent
from sinergi.catalog import actions, campaigns
from sinergi.catalog.models import Purchase

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 6)  # a Friday: Jumat Beli Lokal


@pytest.fixture
def shops(make_business, officer_bangka):
    made = []
    for name in ("Warung A", "Warung B", "Warung C"):
        business = make_business(name=name)
        actions.save_storefront(officer_bangka, business, {"published": True})
        made.append(business)
    return made


@pytest.fixture
def campaign(officer_bangka, shops):
    data = {
        "name": "Jumat Beli Lokal Bangka", "kind": "buy_local_day", "starts_on": DAY,
        "ends_on": DAY + dt.timedelta(days=60), "max_purchases_per_business": 2,
        "period_days": 7, "max_business_share_pct": 50, "share_floor_idr": 100_000,
    }  # fmt: skip
    made = campaigns.create_campaign(officer_bangka, data, "1901")
    campaigns.change_selection(officer_bangka, made, add=[b.pk for b in shops])
    return made


def _buy(user, campaign, business, amount=50_000, on=DAY, pledge=False):
    return campaigns.record_purchase(
        user, campaign, business, amount=amount, on=on, pledge=pledge, receipt=b"jpeg"
    )


def test_a_business_beyond_its_purchases_per_period_is_refused_and_the_refusal_audited(
    campaign, shops, assistant_bangka
) -> None:
    a = shops[0]
    _buy(assistant_bangka, campaign, a, 10_000)
    _buy(assistant_bangka, campaign, a, 10_000, on=DAY + dt.timedelta(days=1))
    with pytest.raises(campaigns.FairnessRefused) as refused:
        _buy(assistant_bangka, campaign, a, 10_000, on=DAY + dt.timedelta(days=2))
    assert refused.value.rule == "per_period"
    assert "Warung A" in refused.value.message and "2" in refused.value.message
    event = AuditEvent.objects.get(kind="purchase_refused")
    assert event.payload["rule"] == "per_period" and event.payload["business"] == a.pk
    # A week later the window has moved on.
    _buy(assistant_bangka, campaign, a, 10_000, on=DAY + dt.timedelta(days=8))
    assert Purchase.objects.filter(business=a).count() == 3


def test_one_outlet_cannot_take_more_than_the_cap_of_the_spending(
    campaign, shops, assistant_bangka
) -> None:
    a, b = shops[0], shops[1]
    _buy(assistant_bangka, campaign, a, 60_000)  # under the floor: no share check yet
    _buy(assistant_bangka, campaign, b, 60_000)
    with pytest.raises(campaigns.FairnessRefused) as refused:
        _buy(assistant_bangka, campaign, a, 40_000, on=DAY + dt.timedelta(days=1))
    assert refused.value.rule == "share_cap"
    _buy(assistant_bangka, campaign, shops[2], 40_000, on=DAY + dt.timedelta(days=1))


def test_outside_the_selection_or_the_dates_is_refused(
    campaign, shops, make_business, assistant_bangka
) -> None:
    stranger = make_business(name="Toko Luar")
    with pytest.raises(campaigns.FairnessRefused):
        _buy(assistant_bangka, campaign, stranger)
    with pytest.raises(campaigns.FairnessRefused):
        _buy(assistant_bangka, campaign, shops[0], on=DAY - dt.timedelta(days=1))


def test_the_fairness_report_and_the_rotation(campaign, shops, assistant_bangka) -> None:
    a, b, c = shops
    _buy(assistant_bangka, campaign, a, 50_000)
    _buy(assistant_bangka, campaign, b, 50_000, on=DAY + dt.timedelta(days=1))
    report = campaigns.fairness_report(campaign)
    assert report.total == 100_000 and report.purchases == 2
    assert (report.businesses_bought_from, report.businesses_in_selection) == (2, 3)
    assert report.top_share_pct == 50.0
    assert report.gini == pytest.approx(1 / 3, abs=1e-3)  # 0, 50k, 50k
    assert report.by_business[-1] == ("Warung C", 0, 0)
    assert [x.name for x in campaigns.rotation(campaign)] == ["Warung C", "Warung A", "Warung B"]
    assert campaigns.gini([10, 10, 10]) == 0.0


def test_only_officers_of_the_campaigns_organisation_and_region_manage_it(
    campaign, shops, officer_denpasar, officer_babel, owner
) -> None:
    with pytest.raises(NotAllowed):
        campaigns.change_selection(officer_denpasar, campaign, remove=[shops[0].pk])
    with pytest.raises(NotAllowed):  # the province office is another organisation
        campaigns.change_selection(officer_babel, campaign, remove=[shops[0].pk])
    with pytest.raises(NotAllowed):  # an owner may not report purchases (self-dealing)
        _buy(owner, campaign, shops[0])
    with pytest.raises(NotAllowed):  # a campaign only in the officer's own region
        campaigns.create_campaign(
            officer_denpasar,
            {"name": "x", "kind": "purchase_day", "starts_on": DAY, "ends_on": DAY},
            "1901",
        )


def test_a_buyer_reports_a_purchase_with_a_receipt_photo_over_http(
    client_of, campaign, shops, assistant_bangka, jpeg_with_gps
) -> None:
    url = reverse("catalog:purchase", args=[campaign.pk])
    client = client_of(assistant_bangka)
    no_receipt = client.post(url, {"business": shops[0].pk, "amount": "50rb", "on": DAY},
                             follow=True)  # fmt: skip
    assert not Purchase.objects.exists()
    assert "receipt" in no_receipt.content.decode() or "struk" in no_receipt.content.decode()
    receipt = SimpleUploadedFile("struk.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        url, {"business": shops[0].pk, "amount": "50rb", "on": DAY, "receipt": receipt}
    )
    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert purchase.amount_idr == 50_000 and purchase.status == "reported"
    assert b"Exif" not in bytes(purchase.receipt)  # the receipt's location is dropped too
    page = client.get(reverse("catalog:campaign", args=[campaign.pk])).content.decode()
    assert "Rp50.000" in page
