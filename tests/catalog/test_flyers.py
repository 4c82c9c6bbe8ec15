"""Flyers: a print-ready PDF (A4, A5) of a collection or one business, with photos,
prices and QR codes; only public products; checked by rendering the first page."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.urls import reverse

from sinergi.catalog import actions
from sinergi.catalog.photos import clean_photo

pytestmark = pytest.mark.django_db


def _first_page(pdf: bytes) -> tuple[object, tuple[float, float], int]:
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    size = page.get_size()
    image = page.render(scale=1).to_pil().convert("RGB")
    return image, size, len(document)


def _has_colour(image, predicate) -> bool:
    return any(predicate(colour) for _, colour in image.getcolors(maxcolors=1 << 24))


def test_a_collection_of_fifty_products_prints_on_a4_with_photos_and_qr_codes(
    client_of, owner, published, jpeg_with_gps
) -> None:
    photo = clean_photo("a.jpg", jpeg_with_gps(width=160, height=120))
    for n in range(50):
        item = published(f"Produk {n:02d}", price_min=10_000 + n, price_max=20_000)
        if n < 6:
            actions.add_photo(owner, item, photo)
    published("Tidak Publik", published=False)
    response = client_of(None).get(
        reverse("katalog:flyer"), {"region": "1901", "title": "Produk UMKM Kab. Bangka untuk ASN"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    image, (width, height), pages = _first_page(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert pages >= 3  # 50 cards, three columns
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "Produk UMKM Kab. Bangka untuk ASN" in text
    assert "Rp10.000–Rp20.000" in text and "Produk 00" in text
    everything = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf))
    assert "Produk 49" in everything and "Tidak Publik" not in everything
    assert _has_colour(image, lambda p: p[0] > 150 and p[1] < 80)  # the red of the photo
    assert _has_colour(image, lambda p: max(p) < 30)  # the black modules of the QR codes


def test_one_business_prints_on_a5(client_of, siti_business, published) -> None:
    published("Kerupuk Ikan")
    response = client_of(None).get(
        reverse("katalog:business_flyer", args=[siti_business.pk]), {"paper": "a5"}
    )
    assert response.status_code == 200
    image, (width, height), _ = _first_page(response.content)
    assert (round(width), round(height)) == (420, 595)  # A5
    text = pypdfium2.PdfDocument(response.content)[0].get_textpage().get_text_range()
    assert "Warung Makan Bu Siti" in text and "Kerupuk Ikan" in text
    assert "1901015507850001" not in text


def test_markup_in_a_product_name_prints_as_written(client_of, published) -> None:
    published('#set text(red) *Bold* <label> "quote"')
    response = client_of(None).get(reverse("katalog:flyer"))
    text = pypdfium2.PdfDocument(io.BytesIO(response.content))[0].get_textpage().get_text_range()
    assert '#set text(red) *Bold* <label> "quote"' in " ".join(text.split())
