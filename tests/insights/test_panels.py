"""Dashboard panels for training and for the catalog and campaigns: numbers, a table and
downloads per chart, within the viewer's scope (another region sees none of it)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _panel(body: str, key: str) -> dict[str, str]:
    start = body.find(f'id="panel-{key}"')
    if start < 0:
        return {}
    section = body[start : body.find("</section>", start)]
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", section))


@pytest.fixture
def bangka_activity(officer_bangka: Any, make_business: Any, bangka_business: Any) -> None:
    """Two Bangka businesses in a training event (one passed, with a certificate), with
    products (one sold online through a marketplace link) and a campaign purchase."""
    from sinergi.catalog import actions as catalog
    from sinergi.catalog import campaigns, funnel
    from sinergi.training import actions as training
    from sinergi.training import certificates
    from sinergi.training.models import Topic

    other = make_business(name="Kedai Dua")
    topic = Topic.objects.get_or_create(name="Pemasaran digital")[0]
    event = training.create_event(
        officer_bangka, name="Pelatihan Go Digital", topic=topic, mode="online",
        meeting_url="https://zoom.example/j/1", region_scope="1901",
        target_filter={"regency": "1901"}, self_registration=False,
    )  # fmt: skip
    passed = training.register(officer_bangka, event, bangka_business)
    training.register(officer_bangka, event, other)
    training.set_outcome(officer_bangka, passed, "passed", 85)
    certificates.issue(officer_bangka, passed)

    catalog.save_storefront(officer_bangka, bangka_business, {"published": True})
    product = catalog.save_product(
        officer_bangka, bangka_business, None, {"name": "Kerupuk Ikan", "price_min": 20_000}
    )
    catalog.save_product(officer_bangka, other, None, {"name": "Kopi Bubuk", "price_min": 15_000})
    bangka_business.marketplace_url = "https://shop.example/warung-bu-siti"
    bangka_business.save()
    funnel.report_first_sale(officer_bangka, bangka_business, dt.date(2026, 11, 2), "marketplace")
    campaign = campaigns.create_campaign(
        officer_bangka,
        {"name": "Jumat Beli Lokal", "kind": "buy_local_day",
         "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31)},
        "1901",
    )  # fmt: skip
    campaigns.change_selection(officer_bangka, campaign, add=[bangka_business.pk])
    campaigns.record_purchase(
        officer_bangka, campaign, bangka_business, amount=250_000, on=dt.date(2026, 12, 4),
        pledge=False, product=product,
    )  # fmt: skip


def test_an_officer_sees_training_and_catalog_panels_of_the_region(
    client_of: Any, officer_bangka: Any, bangka_activity: None
) -> None:
    body = client_of(officer_bangka).get("/").content.decode()
    training = _panel(body, "training")
    assert training == {
        "Kegiatan pelatihan": "1", "Peserta": "2", "Lulus": "1", "Sertifikat terbit": "1"
    }  # fmt: skip
    catalog = _panel(body, "catalog")
    assert catalog["Produk terdaftar"] == "2"
    assert catalog["Usaha daring"] == "1" and catalog["Penjualan daring pertama"] == "1"
    assert catalog["Belanja kampanye (Rp)"] == "250.000"
    for chart in ("training_results", "go_online", "campaign_spending"):
        assert f'id="chart-{chart}"' in body  # drawn, with its table and downloads
        assert reverse("insights:chart_download", args=[chart, "csv"]) in body


def test_the_funnel_downloads_as_a_table(
    client_of: Any, officer_bangka: Any, bangka_activity: None
) -> None:
    from openpyxl import load_workbook

    client = client_of(officer_bangka)
    xlsx = client.get(reverse("insights:chart_download", args=["go_online", "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[1:] == [
        ("Terdaftar", 2), ("Produk tercantum", 2), ("Saluran daring", 1),
        ("Penjualan daring pertama", 1),
    ]  # fmt: skip
    csv = client.get(reverse("insights:chart_download", args=["training_results", "csv"]))
    assert "Lulus,1" in csv.content.decode()


def test_an_officer_of_another_region_sees_none_of_it(
    client_of: Any, officer_denpasar: Any, bangka_activity: None
) -> None:
    client = client_of(officer_denpasar)
    body = client.get("/").content.decode()
    assert _panel(body, "training") == {
        "Kegiatan pelatihan": "0", "Peserta": "0", "Lulus": "0", "Sertifikat terbit": "0"
    }  # fmt: skip
    catalog = _panel(body, "catalog")
    assert set(catalog.values()) == {"0"}
    spending = client.get(reverse("insights:chart_download", args=["campaign_spending", "csv"]))
    assert "Jumat Beli Lokal" not in spending.content.decode()


def test_a_program_manager_of_another_organisation_sees_no_catalog_panel(
    client_of: Any, manager_mitra: Any, bangka_activity: None
) -> None:
    body = client_of(manager_mitra).get("/").content.decode()
    assert _panel(body, "catalog") == {}  # campaigns are not theirs to read
    training = _panel(body, "training")
    assert training.get("Peserta", "0") == "0"  # not their organisation's event
