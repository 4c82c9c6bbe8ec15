"""Uploaded photos come back upright and without any metadata (GPS above all); bad and
oversized files get a message naming the file, never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sinergi.catalog import actions
from sinergi.catalog.models import Photo
from sinergi.catalog.photos import MAX_BYTES

pytestmark = pytest.mark.django_db


def _upload(client, product, name: str, data: bytes, content_type: str = "image/jpeg"):
    return client.post(
        reverse("catalog:photo_add", args=[product.pk]),
        {"photo": SimpleUploadedFile(name, data, content_type=content_type)},
        follow=True,
    )


def test_an_uploaded_jpeg_with_gps_exif_comes_back_without_it_and_upright(
    client_of, owner, published, jpeg_with_gps
) -> None:
    product = published()
    original = jpeg_with_gps(width=64, height=32, orientation=6)  # "rotate 90° clockwise"
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the input has GPS
    assert b"Pendamping Phone" in original
    client = client_of(owner)
    response = _upload(client, product, "kerupuk.jpg", original)
    assert response.status_code == 200
    photo = Photo.objects.get(product=product)
    for size in ("image", "thumb"):
        # Anonymous: the product is public.
        served = client_of(None).get(reverse("katalog:photo", args=[photo.pk, size]))
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        body = served.content
        picture = Image.open(io.BytesIO(body))
        assert not picture.getexif(), "EXIF survived"
        assert not picture.getexif().get_ifd(0x8825), "GPS survived"
        assert "icc_profile" not in picture.info and "xmp" not in picture.info
        assert b"Exif" not in body and b"Pendamping Phone" not in body
        # Orientation 6 applied: 64×32 landscape becomes 32×64 portrait, green half on top.
        assert picture.height == 2 * picture.width
        top = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 8))
        assert top[1] > top[0], f"expected the green half on top, got {top}"
    assert (photo.width, photo.height) == (32, 64)


def test_a_large_photo_is_resized_to_a_thumbnail_and_a_display_size(
    client_of, owner, published
) -> None:
    product = published()
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), "orange").save(big, format="PNG")
    _upload(client_of(owner), product, "besar.png", big.getvalue(), "image/png")
    photo = Photo.objects.get(product=product)
    assert (photo.width, photo.height) == (1200, 800)
    assert Image.open(io.BytesIO(bytes(photo.thumb))).size == (360, 240)


def test_a_file_that_is_not_a_photo_gets_a_message_naming_it(client_of, owner, published) -> None:
    product = published()
    response = _upload(client_of(owner), product, "daftar.xlsx", b"PK\x03\x04 not an image")
    assert response.status_code == 200
    assert "daftar.xlsx" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_truncated_jpeg_gets_a_message_not_a_500(
    client_of, owner, published, jpeg_with_gps
) -> None:
    product = published()
    broken = jpeg_with_gps()[:200]
    response = _upload(client_of(owner), product, "rusak.jpg", broken)
    assert response.status_code == 200
    assert "rusak.jpg" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_photo_above_the_size_limit_is_refused_before_it_is_read(
    client_of, owner, published
) -> None:
    product = published()
    response = _upload(client_of(owner), product, "raksasa.jpg", b"\xff" * (MAX_BYTES + 1))
    body = response.content.decode()
    assert "raksasa.jpg" in body and "8 MB" in body
    assert not Photo.objects.exists()


def test_a_photo_of_an_unpublished_product_is_not_served_to_the_public(
    client_of, owner, published, jpeg_with_gps, officer_denpasar
) -> None:
    from sinergi.catalog.photos import clean_photo

    product = published(published=False)
    photo = actions.add_photo(owner, product, clean_photo("a.jpg", jpeg_with_gps()))
    url = reverse("katalog:photo", args=[photo.pk, "thumb"])
    assert client_of(None).get(url).status_code == 404
    assert client_of(officer_denpasar).get(url).status_code == 404
    assert client_of(owner).get(url).status_code == 200  # the owner sees it on their page
