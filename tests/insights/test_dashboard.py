"""The overview page, map and chart downloads: numbers only from the viewer's scope."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _numbers(body: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", body))


@pytest.fixture
def bangka_three(make_business) -> None:
    make_business(name="Warung Satu", capital=10_000_000, covid_affected=True)
    make_business(name="Warung Dua", capital=10_000_000, covid_affected=True)
    make_business(name="Konveksi Tiga", sector_id="14111", capital=2_000_000_000)


def test_the_home_page_is_the_dashboard_of_the_officers_region(
    client_of, officer_bangka, bangka_three
) -> None:
    response = client_of(officer_bangka).get("/")
    assert response.status_code == 200
    numbers = _numbers(response.content.decode())
    assert numbers["Usaha aktif"] == "3"
    assert numbers["Terdampak Covid-19"] == "2"
    assert "<svg" in response.content.decode()  # charts and map are drawn


def test_an_officer_of_another_region_sees_none_of_it(
    client_of, officer_denpasar, bangka_three
) -> None:
    body = client_of(officer_denpasar).get("/").content.decode()
    assert _numbers(body)["Usaha aktif"] == "0"
    assert "Sungailiat" not in body  # no Bangka kecamatan on the map or in a table


def test_the_map_links_each_kecamatan_to_the_filtered_registry(
    client_of, officer_bangka, bangka_three
) -> None:
    body = client_of(officer_bangka).get(reverse("insights:map")).content.decode()
    assert 'href="/registry/?regency=1901&amp;district=190101"' in body
    assert "Sungailiat: 3" in body
    assert "Cahya DSN" in body  # the boundaries' attribution


def test_a_new_business_shows_on_the_next_view(client_of, officer_bangka, make_business) -> None:
    client = client_of(officer_bangka)
    assert _numbers(client.get("/").content.decode())["Usaha aktif"] == "0"
    make_business(name="Warung Baru")
    assert _numbers(client.get("/").content.decode())["Usaha aktif"] == "1"


def test_a_chart_downloads_as_xlsx_with_a_frozen_filtered_header(
    client_of, officer_bangka, bangka_three
) -> None:
    from openpyxl import load_workbook

    url = reverse("insights:chart_download", args=["by_size", "xlsx"])
    response = client_of(officer_bangka).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Skala usaha", "Usaha")
    assert ("Mikro", 2) in rows and ("Kecil", 1) in rows
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"


def test_a_chart_download_guards_against_formulas(client_of, officer_bangka, make_business):
    """Region names come from data; a formula-looking label is written as text."""
    from sinergi.regions.models import Region

    Region.objects.filter(code="190101").update(name='=HYPERLINK("http://x")')
    make_business()
    url = reverse("insights:chart_download", args=["by_region", "csv"])
    body = client_of(officer_bangka).get(url).content.decode()
    assert "'=HYPERLINK" in body


def test_a_business_owner_is_sent_to_their_businesses(client_of, make_member) -> None:
    owner = make_member("o.pemilik", "business_owner", None)
    response = client_of(owner).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:list")
    assert client_of(owner).get(reverse("insights:overview")).status_code == 403


def test_the_recap_workbook_holds_the_regions_tables(client_of, officer_bangka, bangka_three):
    from openpyxl import load_workbook

    response = client_of(officer_bangka).get(reverse("insights:recap"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cover = [row for row in book["Rekap"].values if row]
    assert cover[0] == ("Rekap data UMKM", "Kabupaten Bangka")
    assert ("Usaha aktif pada akhir periode", 3) in cover  # this year, by default
    assert ("Mikro", 2) in list(book["Usaha per skala usaha"].values)


def test_a_national_map_is_light_and_drills_down_to_the_kecamatan(
    client_of, auditor, bangka_three
) -> None:
    """Indonesia's 514 regencies are not drawn at once: the national map draws the
    provinces and each province, then each regency, gets its own map from the table."""
    client = client_of(auditor)
    url = reverse("insights:map")
    national = client.get(url + "?level=regency").content.decode()
    assert len(national) < 80_000  # was 1.9 MB with every regency inline
    assert "Terlalu banyak wilayah untuk satu peta" in national
    assert 'data-code="19"' in national and 'data-code="1901"' not in national
    assert f'href="{url}?region=19"' in national  # the table drills down
    province = client.get(url + "?region=19").content.decode()
    assert 'href="/registry/?regency=1901"' in province and "Bangka: 3" in province
    assert f'href="{url}"' in province  # up to Indonesia
    kecamatan = client.get(url + "?region=1901").content.decode()
    assert 'href="/registry/?regency=1901&amp;district=190101"' in kecamatan
    assert "Sungailiat: 3" in kecamatan
    path = re.search(r'data-code="190101"><path d="([^"]+)"', kecamatan).group(1)
    assert re.fullmatch(r"(M\d+ \d+l(-?\d+ -?\d+ ?)+z)+", path)  # whole units, relative


def test_a_map_cannot_drill_out_of_the_users_region(
    client_of, officer_bangka, bangka_three
) -> None:
    body = client_of(officer_bangka).get(reverse("insights:map") + "?region=51").content.decode()
    assert "Sungailiat: 3" in body and 'data-code="5171"' not in body


def test_the_dashboard_reads_the_snapshot_time_once_not_once_per_chart(
    client_of, officer_bangka, bangka_three, make_business
) -> None:
    """Nine charts asked for the snapshot's time nine times a page (docs/benchmarks.md,
    issue 14 at 10 clients); a refresh in this process is still seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(officer_bangka)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    reads = [q for q in queries if 'FROM "insights_snapshot"' in q["sql"]]
    assert len(reads) <= 2  # ensure_fresh's row, and at most one time check
    make_business(name="Warung Empat")  # small registry: the snapshot is rebuilt inline
    numbers = _numbers(client.get("/").content.decode())
    assert any(v.strip() == "4" for v in numbers.values()), numbers


def test_the_registry_panel_and_map_are_drawn_once_per_snapshot_scope_and_language(
    client_of, officer_bangka, officer_denpasar, bangka_three, make_business, monkeypatch
) -> None:
    """They are counted from the snapshot's facts only, so a process keeps them rendered
    (docs/benchmarks.md, session 6); another region, another language, another map
    region or a new snapshot draws them again."""
    from sinergi.insights import dashboard, views

    drawn: list[str] = []
    registry_panel, map_context = dashboard.registry_panel, views._map_context

    def counting_panel(user, scope):
        drawn.append(f"panel {scope.region}")
        return registry_panel(user, scope)

    def counting_map(request, scope):
        drawn.append(f"map {scope.region}")
        return map_context(request, scope)

    monkeypatch.setattr(dashboard, "registry_panel", counting_panel)
    monkeypatch.setattr(views, "_map_context", counting_map)
    bangka = client_of(officer_bangka)
    first = bangka.get("/").content.decode()
    again = bangka.get("/").content.decode()
    assert drawn == ["panel 1901", "map 1901"]
    assert _numbers(again)["Usaha aktif"] == "3" and again.count("<svg") == first.count("<svg")

    assert _numbers(client_of(officer_denpasar).get("/").content.decode())["Usaha aktif"] == "0"
    bangka.cookies["django_language"] = "en"
    english = bangka.get("/").content.decode()
    assert _numbers(english)["Active businesses"] == "3" and "Usaha aktif" not in english
    kecamatan = bangka.get("/?level=district").content.decode()
    assert "Sungailiat: 3" in kecamatan
    assert drawn.count("panel 1901") == 2 and drawn.count("map 1901") == 3

    make_business(name="Warung Empat")  # small registry: the snapshot is rebuilt inline
    assert _numbers(bangka.get("/").content.decode())["Active businesses"] == "4"
