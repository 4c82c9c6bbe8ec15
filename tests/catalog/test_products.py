"""An owner lists products of their own business; officers and assistants in scope may
too; the role table and the scope decide, in the verbs as well as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.models import AuditEvent
from sinergi.catalog import actions
from sinergi.catalog.models import Product

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "p-name": "Kerupuk Ikan Tenggiri",
        "p-description": "Kerupuk khas Bangka",
        "p-price": "Rp15.000 - Rp25.000",
        "p-unit": "bungkus 250 g",
        "p-kbli": "10794",
        "p-availability": "ready",
        "p-published": "on",
        "cert-TOTAL_FORMS": "2", "cert-INITIAL_FORMS": "0",
        "cert-0-kind": "halal", "cert-0-number": "ID31110000123", "cert-0-expires_on": "2030-01-01",
        "cert-1-kind": "pirt", "cert-1-number": "2061901010123-25",
        "cert-1-expires_on": "2020-01-01",
        "link-TOTAL_FORMS": "1", "link-INITIAL_FORMS": "0",
        "link-0-kind": "whatsapp", "link-0-url": "https://wa.me/6281399990000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_an_owner_adds_a_product_with_a_price_range_kbli_certificates_and_a_link(
    client_of, owner, siti_business
) -> None:
    response = client_of(owner).post(
        reverse("catalog:product_create", args=[siti_business.pk]), _form()
    )
    assert response.status_code == 302
    item = Product.objects.get()
    assert (item.price_min, item.price_max, item.unit) == (15_000, 25_000, "bungkus 250 g")
    assert item.sector_id == "10794" and item.category == "C" and item.kbli_edition == "2020"
    assert item.regency_code == "1901"
    assert [c.kind for c in item.certifications.all()] == ["halal", "pirt"]
    expired = {c.kind: c.is_expired(dt.date(2026, 1, 1)) for c in item.certifications.all()}
    assert expired == {"halal": False, "pirt": True}
    assert item.links.get().url == "https://wa.me/6281399990000"
    event = AuditEvent.objects.get(action="create", object_id=str(item.pk))
    assert event.changes["price_min"] == {"old": None, "new": 15_000}
    assert event.kind == "product_lists_changed"


def test_a_price_that_is_not_rupiah_is_refused_with_a_message_quoting_it(
    client_of, owner, siti_business
) -> None:
    response = client_of(owner).post(
        reverse("catalog:product_create", args=[siti_business.pk]), _form(**{"p-price": "murah"})
    )
    assert response.status_code == 400
    assert "“murah” bukan harga rupiah" in response.content.decode()  # Indonesian first
    assert not Product.objects.exists()


def test_an_unknown_kbli_code_is_refused(client_of, owner, siti_business) -> None:
    response = client_of(owner).post(
        reverse("catalog:product_create", args=[siti_business.pk]), _form(**{"p-kbli": "99999"})
    )
    assert response.status_code == 400
    assert "99999" in response.content.decode()


def test_an_assistant_in_scope_edits_and_one_elsewhere_cannot(
    client_of, assistant_bangka, officer_denpasar, owner, siti_business
) -> None:
    item = actions.save_product(owner, siti_business, None, {"name": "Lada Putih"})
    url = reverse("catalog:product_edit", args=[item.pk])
    data = _form(**{"p-name": "Lada Putih Muntok"})
    assert client_of(assistant_bangka).post(url, data).status_code == 302
    assert client_of(officer_denpasar).post(url, data).status_code == 404
    with pytest.raises(NotAllowed):
        actions.save_product(officer_denpasar, siti_business, item, {"name": "x"})
    item.refresh_from_db()
    assert item.name == "Lada Putih Muntok"


def test_another_owner_cannot_touch_the_product(client_of, make_member, owner, siti_business):
    item = actions.save_product(owner, siti_business, None, {"name": "Lada Putih"})
    stranger = make_member("pemilik.lain", "business_owner", None, "Pemilik usaha")
    with pytest.raises(NotAllowed):
        actions.delete_product(stranger, item)
    response = client_of(stranger).post(reverse("catalog:product_delete", args=[item.pk]))
    assert response.status_code == 404
    assert Product.objects.filter(pk=item.pk).exists()
