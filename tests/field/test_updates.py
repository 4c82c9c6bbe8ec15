"""The offline update form: a business's own fields, applied once per key, never over a
newer change. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from sinergi.audit.models import Action, AuditEvent
from sinergi.field.models import Submission
from sinergi.registry.models import Business

URL = "/field/submit/"


def send(client: Any, key: Any, data: dict[str, Any]) -> Any:
    body = {"key": str(key), "kind": "update_business", "data": data}
    return client.post(URL, json.dumps(body), content_type="application/json")


def opened(client: Any, item: Any, **changes: str) -> dict[str, str]:
    """The form as the phone sends it: the page's version, the typed business fields."""
    import re

    page = client.get(f"/field/update/{item.pk}/")
    assert page.status_code == 200
    version = re.search(r'name="version" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "business": str(item.pk),
        "version": version,
        "business-name": item.name,
        "business-regency": "1901",
        "business-district": "190101",
        "business-village": "1901011002",
        "business-address": "Jl. Jend. Sudirman No. 5",
        "business-sector": "56102",
        "business-covid_affected": "unknown",
    }
    data.update(changes)
    return data


@pytest.fixture
def business(make_business: Any) -> Any:
    return make_business("1901011002", name="Warung Lama")


def _updates(item: Any) -> int:
    return AuditEvent.objects.for_object(item).filter(action=Action.UPDATE).count()


@pytest.mark.django_db
def test_an_update_sent_twice_is_applied_once(
    client_of: Any, assistant_bangka: Any, officer_bangka: Any, business: Any
) -> None:
    client, key = client_of(assistant_bangka), uuid.uuid4()
    data = opened(client, business, **{"business-name": "Warung Baru"})
    first = send(client, key, data)
    assert first.status_code == 200 and first.json()["status"] == "updated"
    assert first.json()["repeat"] is False
    # Someone changes the business online; the phone, having lost the answer, sends the
    # same key again: answered as before, and nothing is applied a second time.
    Business.objects.filter(pk=business.pk).update(name="Warung Diubah Petugas")
    again = send(client, key, data)
    assert again.status_code == 200 and again.json()["repeat"] is True
    assert again.json()["key"] == first.json()["key"]
    business.refresh_from_db()
    assert business.name == "Warung Diubah Petugas"
    assert _updates(business) == 1
    assert Submission.objects.filter(key=key).count() == 1


@pytest.mark.django_db
def test_an_update_over_a_newer_change_is_refused_and_applies_after_reopening(
    client_of: Any, assistant_bangka: Any, business: Any
) -> None:
    client = client_of(assistant_bangka)
    stale = opened(client, business, **{"business-name": "Warung Offline"})
    newer = opened(client, business, **{"business-name": "Warung Online"})
    assert send(client, uuid.uuid4(), newer).status_code == 200
    refused = send(client, uuid.uuid4(), stale)
    assert refused.status_code == 400 and "__all__" in refused.json()["errors"]
    business.refresh_from_db()
    assert business.name == "Warung Online"
    # Reopened online: the fresh version, the assistant's values, sent again.
    fresh = opened(client, business, **{"business-name": "Warung Offline"})
    assert send(client, uuid.uuid4(), fresh).status_code == 200
    business.refresh_from_db()
    assert business.name == "Warung Offline"


@pytest.mark.django_db
def test_an_update_outside_the_region_or_with_a_bad_field_changes_nothing(
    client_of: Any, assistant_bangka: Any, business: Any, make_business: Any
) -> None:
    client = client_of(assistant_bangka)
    elsewhere = make_business("1971011004", name="Toko Pangkalpinang")
    data = opened(client, business, business=str(elsewhere.pk))
    assert send(client, uuid.uuid4(), data).status_code == 400
    bad = send(client, uuid.uuid4(), opened(client, business, **{"business-nib": "12"}))
    assert bad.status_code == 400 and "business-nib" in bad.json()["errors"]
    assert _updates(business) == 0 and _updates(elsewhere) == 0
    assert not Submission.objects.exists()
