"""The public catalog: no login, only what the owner consented to publish, never a NIK or
the owner's personal phone (in the page or in its link-preview tags), small pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from sinergi.catalog import actions
from sinergi.catalog.models import Certification
from sinergi.registry.models import Business, Sector

pytestmark = pytest.mark.django_db

NIK = "1901015507850001"
OWNER_PHONE = "+6281234567890"


def _get(client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _meta(body: str) -> str:
    """The <head> (title, description, Open Graph tags): what a link preview shows."""
    return body[: body.index("</head>")]


def _pages(client, siti_business, product) -> list[str]:
    return [
        _get(client, reverse("katalog:index")),
        _get(client, reverse("katalog:index"), q="kerupuk"),
        _get(client, reverse("katalog:business", args=[siti_business.pk])),
        _get(client, reverse("katalog:product", args=[product.pk])),
    ]


def test_public_pages_and_their_preview_tags_never_show_nik_or_personal_phone(
    client_of, siti_business, published
) -> None:
    product = published(description="Kerupuk ikan tenggiri asli")
    siti_business.address = "Jl. Rahasia No. 9"
    siti_business.nib = "1234567890123"
    siti_business.save()
    for body in _pages(client_of(None), siti_business, product):
        for secret in (NIK, OWNER_PHONE, "081234567890", "Siti Aminah", "Jl. Rahasia",
                       "1234567890123", "50.000.000"):  # fmt: skip
            assert secret not in body, secret
            assert secret not in _meta(body), secret
    product_page = _get(client_of(None), reverse("katalog:product", args=[product.pk]))
    meta = _meta(product_page)
    assert 'property="og:title" content="Kerupuk Ikan Tenggiri · Warung Makan Bu Siti"' in meta
    assert 'property="og:description" content="Rp25.000 · Kerupuk ikan tenggiri asli"' in meta
    assert f'property="og:url" content="http://testserver/katalog/produk/{product.pk}/"' in meta


def test_the_address_and_shop_phone_appear_only_when_the_owner_publishes_them(
    client_of, owner, siti_business, published
) -> None:
    product = published()
    siti_business.address = "Jl. Sudirman No. 5"
    siti_business.save()
    url = reverse("katalog:business", args=[siti_business.pk])
    assert "Jl. Sudirman" not in _get(client_of(None), url)
    actions.save_storefront(
        owner, siti_business, {"show_address": True, "shop_phone": "+6281399990000"}
    )
    body = _get(client_of(None), url)
    assert "Jl. Sudirman No. 5" in body and "+6281399990000" in body
    assert OWNER_PHONE not in body
    assert product.name in body


def test_nothing_is_public_without_the_owners_consent(
    client_of, owner, siti_business, published
) -> None:
    product = published()
    hidden = published("Lada Rahasia", published=False)
    index = _get(client_of(None), reverse("katalog:index"))
    assert product.name in index and "Lada Rahasia" not in index
    assert client_of(None).get(reverse("katalog:product", args=[hidden.pk])).status_code == 404
    actions.save_storefront(owner, siti_business, {"published": False})
    assert product.name not in _get(client_of(None), reverse("katalog:index"))
    for url in (
        reverse("katalog:product", args=[product.pk]),
        reverse("katalog:business", args=[siti_business.pk]),
        reverse("katalog:business_flyer", args=[siti_business.pk]),
    ):
        assert client_of(None).get(url).status_code == 404, url


def test_search_and_filters_find_by_word_region_category_and_valid_certificate(
    client_of, owner, published, make_business
) -> None:
    kerupuk = published("Kerupuk Ikan Tenggiri", sector_id="10794")
    published("Kain Cual Bangka", sector_id="13912")
    other = make_business("5171011001", name="Kopi Bali")  # Denpasar
    actions.save_storefront(_admin(), other, {"published": True})
    kintamani = {"name": "Kopi Kintamani", "sector": Sector.objects.get(code="10761")}
    actions.save_product(_admin(), other, None, kintamani)
    Certification.objects.create(product=kerupuk, kind="halal", number="ID1", expires_on=None)
    client = client_of(None)
    index = reverse("katalog:index")

    def names(**params: str) -> set[str]:
        body = _get(client, index, **params)
        return set(re.findall(r'class="name" href="[^"]+">([^<]+)<', body))

    assert names(q="kerupuk") == {"Kerupuk Ikan Tenggiri"}
    assert names(q="KOPI") == {"Kopi Kintamani"}
    assert names(q="bu siti") == {"Kerupuk Ikan Tenggiri", "Kain Cual Bangka"}  # business name
    assert names(region="5171") == {"Kopi Kintamani"}
    assert names(region="1901") == {"Kerupuk Ikan Tenggiri", "Kain Cual Bangka"}
    assert names(certification="halal") == {"Kerupuk Ikan Tenggiri"}  # no expiry: valid
    assert names(certification="bpom") == set()
    Certification.objects.filter(product=kerupuk).update(expires_on=dt.date(2099, 1, 1))
    assert names(certification="halal") == {"Kerupuk Ikan Tenggiri"}
    Certification.objects.filter(product=kerupuk).update(expires_on=dt.date(2020, 1, 1))
    assert names(certification="halal") == set()
    assert names(category="C") == {"Kerupuk Ikan Tenggiri", "Kain Cual Bangka", "Kopi Kintamani"}
    assert names(category="A") == set()
    assert names(region="not-a-code", category="??") >= {"Kopi Kintamani"}  # ignored, no 500


def _admin():
    from tests.conftest import make_user

    from sinergi.accounts.models import Membership

    existing = Membership.objects.filter(user__username="catalog.admin").first()
    if existing:
        return existing.user
    return make_user("catalog.admin", "system_admin", None, "Kementerian Koperasi dan UKM")


def test_an_expired_certificate_is_shown_as_expired(client_of, published) -> None:
    product = published()
    Certification.objects.create(
        product=product, kind="pirt", number="P-IRT 123", expires_on=dt.date(2020, 1, 1)
    )
    Certification.objects.create(
        product=product, kind="halal", number="ID-HALAL-9", expires_on=dt.date(2099, 1, 1)
    )
    body = _get(client_of(None), reverse("katalog:product", args=[product.pk]))
    assert re.search(
        r'class="cert expired"[^>]*>PIRT[^<]*P-IRT 123 \((kedaluwarsa|expired)\)', body
    )
    assert re.search(r'class="cert" [^>]*>Halal ID-HALAL-9<', body)


def test_the_catalog_page_stays_small_and_lazy_loads_its_pictures(
    client_of, owner, published, jpeg_with_gps
) -> None:
    from sinergi.catalog.photos import clean_photo

    for n in range(14):
        item = published(f"Produk {n}", description="x" * 500)
        actions.add_photo(owner, item, clean_photo("a.jpg", jpeg_with_gps()))
    body = _get(client_of(None), reverse("katalog:index"))
    assert len(body.encode()) < 30_000  # the whole page before images; the budget is 200 KB
    assert body.count('loading="lazy"') == 12  # one page: twelve cards
    assert "<script" not in body  # no script on the public catalog
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_a_broad_search_stops_counting_at_the_cap(client_of, published, monkeypatch) -> None:
    from sinergi.catalog import public_views

    monkeypatch.setattr(public_views, "COUNT_CAP", 3)
    for n in range(5):
        published(f"Kopi {n}")
    body = _get(client_of(None), reverse("katalog:index"), q="kopi")
    assert "Lebih dari 1.000 produk" in body
    monkeypatch.setattr(public_views, "COUNT_CAP", 10)
    caches["catalog"].clear()  # a code change: `sinergi serve` empties the page cache
    assert "5 produk" in _get(client_of(None), reverse("katalog:index"), q="kopi")


def test_a_fragment_finds_the_product_when_no_whole_word_matches(client_of, published) -> None:
    published("Keripik Pisang Coklat")
    body = _get(client_of(None), reverse("katalog:index"), q="krip")
    assert "Keripik Pisang Coklat" not in body  # "krip" is not in "keripik"
    body = _get(client_of(None), reverse("katalog:index"), q="ripik pis")
    assert "Keripik Pisang Coklat" in body
    body = _get(client_of(None), reverse("katalog:index"), q="pisang")
    assert "Keripik Pisang Coklat" in body
    body = _get(client_of(None), reverse("katalog:index"), q="100%_\\")  # LIKE characters
    assert "Keripik Pisang Coklat" not in body


# ------------------------------------------------------------- the shared page cache


def test_a_repeated_search_is_answered_from_the_cache_with_one_query(
    published, django_assert_num_queries
) -> None:
    from django.test import Client

    published("Kopi Robusta Bangka")
    url = reverse("katalog:index") + "?q=kopi"
    first = Client().get(url)
    assert "Kopi Robusta Bangka" in first.content.decode()
    with django_assert_num_queries(1):  # the catalog version; no search, no count
        again = Client().get(url)
    assert "Kopi Robusta Bangka" in again.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        "withdraw consent",
        "hide product",
        "close business",
        "close business in bulk",
        "rename business",
        "reprice",
    ],
)
def test_every_change_of_what_a_cached_page_shows_is_seen_at_once(
    client_of, owner, siti_business, published, change
) -> None:
    product = published("Kopi Robusta Bangka")
    url = reverse("katalog:index")
    for params in ({}, {"q": "kopi"}):
        body = _get(client_of(None), url, **params)
        assert "Kopi Robusta Bangka" in body and "Warung Makan Bu Siti" in body
        assert "Rp25.000" in body
    if change == "withdraw consent":
        actions.save_storefront(owner, siti_business, {"published": False})
    elif change == "hide product":
        actions.save_product(owner, siti_business, product, {"published": False})
    elif change == "close business":
        siti_business.status = "inactive"
        siti_business.save()
    elif change == "close business in bulk":  # an UPDATE without save(): no signal runs
        Business.objects.filter(pk=siti_business.pk).update(status="inactive")
    elif change == "rename business":
        siti_business.name = "Toko Kopi Pak Amir"
        siti_business.save()
    else:
        actions.save_product(
            owner, siti_business, product, {"price_min": 30_000, "price_max": 30_000}
        )
    for params in ({}, {"q": "kopi"}):
        body = _get(client_of(None), url, **params)
        if change in (
            "withdraw consent",
            "hide product",
            "close business",
            "close business in bulk",
        ):
            assert "Kopi Robusta Bangka" not in body, params
        elif change == "rename business":
            assert "Toko Kopi Pak Amir" in body and "Warung Makan Bu Siti" not in body
        else:
            assert "Rp30.000" in body and "Rp25.000" not in body


def test_a_page_from_the_cache_carries_the_visitors_own_csrf_token(published) -> None:
    from django.test import Client

    published()
    url = reverse("katalog:index")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        body = client.get(url).content.decode()
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1])
    assert tokens[0] != tokens[1]
    # The second visitor's page came from the cache; its language switch still works.
    response = second.post(
        reverse("set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302
    assert (
        "UMKM catalog" in second.get(url).content.decode()
    )  # English, not a cached Indonesian page
