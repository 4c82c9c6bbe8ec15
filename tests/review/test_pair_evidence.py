"""The pair page tells the truth in the officer's words: the same values agree on both
sides whether a side is a source row or a registry business, regions by name, plain labels."""

from __future__ import annotations

import re

import pytest

from sinergi.review.actions import link_records

LESTARI = {
    "owner_name": "Siti Aminah",
    "business_name": "Toko Sembako Lestari",
    "address": "Jl. Merdeka No. 5",
    "village": "Sri Menanti",
    "district": "Sungailiat",
    "regency": "Kab. Bangka",
}


@pytest.fixture
def pair(make_records, make_business, officer_bangka):
    """A new row against a registry business entered by hand (no source row): the same
    shop, owner and address, another phone and no NIK."""
    from sinergi.review.models import ReviewPair

    make_business(
        name="Toko Sembako Lestari",
        owner_name="Siti Aminah",
        nik="1901015507850001",
        phone="+6281234567890",
        address="Jl. Merdeka No. 5",
    )
    rows = make_records([{**LESTARI, "phone": "085799998888"}], officer_bangka)
    link_records([r.pk for r in rows])
    return ReviewPair.objects.get()


def _rows(body: str) -> dict[str, str]:
    """{field: the <tr> of the side-by-side table}."""
    table = body.split('id="side-by-side"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<tr class="[^"]*" data-field="([a-z_]+)">(.*?)</tr>', table, re.S))


def _klass(body: str, field: str) -> str:
    return re.search(rf'<tr class="([a-z]+)" data-field="{field}">', body).group(1)


def test_a_row_and_a_registry_business_with_the_same_values_agree_on_them(
    client_of, officer_bangka, pair
):
    assert pair.record_a is None or pair.record_b is None  # one side is the registry
    body = client_of(officer_bangka).get(f"/review/pairs/{pair.pk}/").content.decode()
    for field in ("owner_name", "business_name", "address", "village", "district", "regency"):
        assert _klass(body, field) == "same", field
    assert _klass(body, "phone") == "diff"


def test_regions_are_shown_by_name_and_labels_are_plain_words(client_of, officer_bangka, pair):
    body = client_of(officer_bangka).get(f"/review/pairs/{pair.pk}/").content.decode()
    rows = _rows(body)
    assert "Kec. Sungailiat" in rows["district"] and "190102" not in rows["district"]
    assert "1901" not in rows["regency"] and "BANGKA" in rows["regency"].upper()
    assert "Sri Menanti" in rows["village"] and "1901" not in rows["village"]
    assert "Nama pemilik" in rows["owner_name"] and "/ owner" not in body
    assert "owner_name" not in body.split('id="decide"')[0].replace('data-field="owner_name"', "")
    assert "JW" not in body and "&gt;=" not in body
    assert "nama pemilik sama" in body  # the level, in plain words


def test_the_page_speaks_english_when_switched(client_of, officer_bangka, pair):
    client = client_of(officer_bangka)
    client.cookies["django_language"] = "en"
    body = client.get(f"/review/pairs/{pair.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = _rows(body)
    assert "Owner&#x27;s name" in rows["owner_name"]
    assert "same owner&#x27;s name" in body and "Same business" in body
    assert "Nama pemilik" not in body


def test_waterfall_labels_are_never_cut(client_of, officer_bangka, pair):
    body = client_of(officer_bangka).get(f"/review/pairs/{pair.pk}/").content.decode()
    svg = body.split('<div class="chart-wrap">', 1)[1].split("</svg>", 1)[0]
    width = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
    for x, text in re.findall(r'<text class="lab[^"]*" x="([0-9.]+)"[^>]*>([^<]*)</text>', svg):
        assert float(x) >= len(text) * 6, text  # room to the left of each right-aligned label
        assert float(x) < width
