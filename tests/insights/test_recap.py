"""The ministry's recap: one region, one period, as xlsx and as PDF with the same numbers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.insights.recap import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def bangka_recap_world(make_business: Any, officer_bangka: Any, villages: Any) -> dict:
    """Three businesses of Kab. Bangka registered in March 2026, one in 2025 (before), one
    in May (after March); two grants paid today (December 2026)."""
    from sinergi.programs import actions
    from sinergi.registry.models import Business

    march = timezone.make_aware(dt.datetime(2026, 3, 10, 9))
    one = make_business(name="Warung Satu", capital=10_000_000, covid_affected=True)
    two = make_business(name="Warung Dua", capital=10_000_000, covid_affected=False)
    three = make_business(name="Konveksi Tiga", sector_id="14111", capital=2_000_000_000)
    old = make_business(name="Toko Lama", capital=10_000_000)
    later = make_business(name="Toko Baru", capital=10_000_000)
    Business.objects.filter(pk__in=[one.pk, two.pk, three.pk]).update(created_at=march)
    Business.objects.filter(pk=old.pk).update(created_at=march.replace(year=2025))
    Business.objects.filter(pk=later.pk).update(created_at=march.replace(month=5))
    make_business(villages["denpasar"], name="Warung Bali")  # another province

    program = actions.create_program(
        officer_bangka, organisation=officer_bangka.membership.organisation, kind="grant",
        name="Hibah Bangka 2026", budget_idr=50_000_000, period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31), region_scope="1901",
    )  # fmt: skip
    # Paid today (the ledger is append-only: entries keep the date they were written).
    actions.disburse(officer_bangka, program=program, business=one, amount_idr=2_400_000)
    actions.disburse(officer_bangka, program=program, business=two, amount_idr=1_000_000)
    return {"march": march}


def _book(content: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def _pdf_text(content: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_a_period_is_a_month_a_quarter_or_a_year() -> None:
    assert Period.parse("2026-03").start == dt.date(2026, 3, 1)
    assert Period.parse("2026-12").end == dt.date(2027, 1, 1)
    assert Period.parse("2026-Q4").start == dt.date(2026, 10, 1)
    assert Period.parse("2026-Q4").end == dt.date(2027, 1, 1)
    assert Period.parse("2026-Q1").label == "Triwulan I 2026"
    assert Period.parse("2026").end == dt.date(2027, 1, 1)
    for bad in ("2026-13", "2026-Q5", "26", "", "2026-1", "1999"):
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_the_recap_of_a_month_counts_what_stood_at_its_end(
    client_of: Any, officer_bangka: Any, bangka_recap_world: dict
) -> None:
    response = client_of(officer_bangka).get(reverse("insights:recap"), {"period": "2026-03"})
    assert response.status_code == 200
    assert "sinergi-rekap-1901-2026-03.xlsx" in response["Content-Disposition"]
    book = _book(response.content)
    cover = [row for row in book["Rekap"].values if row]
    assert cover[0] == ("Rekap data UMKM", "Kabupaten Bangka")
    assert ("Periode", "Maret 2026") in cover
    # Four registered by the end of March (three in March, one in 2025); May's is not.
    assert ("Usaha aktif pada akhir periode", 4) in cover
    assert ("Usaha terdaftar dalam periode", 3) in cover
    sizes = dict(list(book["Usaha per skala usaha"].values)[1:])
    assert sizes == {"Mikro": 3, "Kecil": 1}
    assert ("Penerima bantuan dalam periode", 0) in cover  # the grants were paid later
    assert "Warung Bali" not in str(list(book["Rekap"].values))


def test_the_recap_of_the_year_holds_its_aid(
    client_of: Any, officer_bangka: Any, bangka_recap_world: dict
) -> None:
    response = client_of(officer_bangka).get(reverse("insights:recap"), {"period": "2026"})
    cover = list(_book(response.content)["Rekap"].values)
    assert ("Penerima bantuan dalam periode", 2) in cover
    assert ("Bantuan disalurkan (Rp)", 3_400_000) in cover
    assert ("Usaha aktif pada akhir periode", 5) in cover


def test_the_pdf_renders_and_holds_the_same_numbers_as_the_workbook(
    client_of: Any, officer_bangka: Any, bangka_recap_world: dict
) -> None:
    client = client_of(officer_bangka)
    params = {"year": "2026", "part": "-Q1", "region": "1901"}
    pdf = client.get(reverse("insights:recap_pdf"), params)
    xlsx = client.get(reverse("insights:recap"), params)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf.content).split())
    assert "Triwulan I 2026" in text and "Kabupaten Bangka" in text
    book = _book(xlsx.content)
    checked = 0
    for sheet in book.worksheets:
        rows = [r for r in sheet.values if r and len(r) == 2 and r[1] is not None]
        if sheet.title == "Rekap":
            rows = rows[4:]  # region, code, period, time: the PDF's heading says them
        for label, value in rows:
            shown = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)
            assert f"{label} {shown}" in text, (sheet.title, label, shown)
            checked += 1
    assert checked >= 10


def test_a_pdf_page_is_drawn(client_of: Any, officer_bangka: Any, bangka_recap_world: dict):
    import pypdfium2

    pdf = client_of(officer_bangka).get(reverse("insights:recap_pdf"), {"period": "2026"})
    page = pypdfium2.PdfDocument(pdf.content)[0]
    image = page.render(scale=0.5).to_pil().convert("L")
    dark = sum(1 for v in image.get_flattened_data() if v < 128)
    assert dark > 500  # text was drawn, not an empty page


def test_a_recap_names_only_regions_inside_the_scope(
    client_of: Any, officer_bangka: Any, officer_denpasar: Any, bangka_recap_world: dict
) -> None:
    url = reverse("insights:recap")
    assert client_of(officer_bangka).get(url, {"region": "5171"}).status_code == 403
    assert client_of(officer_bangka).get(url, {"region": "19"}).status_code == 403
    assert client_of(officer_bangka).get(url, {"region": "190101"}).status_code == 200
    assert client_of(officer_bangka).get(url, {"period": "2026-13"}).status_code == 400
    denpasar = client_of(officer_denpasar).get(url, {"period": "2026"})
    cover = list(_book(denpasar.content)["Rekap"].values)
    assert ("Usaha aktif pada akhir periode", 1) in cover  # Warung Bali only
    assert ("Penerima bantuan dalam periode", 0) in cover


def test_the_recap_page_offers_the_periods_and_the_regions_of_the_scope(
    client_of: Any, officer_bangka: Any
) -> None:
    body = client_of(officer_bangka).get(reverse("insights:recap_page")).content.decode()
    assert 'value="-Q1"' in body and 'value="190101"' in body and 'value="5171"' not in body
    assert reverse("insights:recap_pdf") in body
