"""A visit log sent from the phone: once per key, only for a business one may see."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from sinergi.field.models import Visit

pytestmark = pytest.mark.django_db


def send(client: Any, key: Any, data: dict[str, Any]) -> Any:
    body = {"key": str(key), "kind": "visit", "data": data}
    return client.post("/field/submit/", json.dumps(body), content_type="application/json")


def visit(business: Any, **changes: str) -> dict[str, str]:
    return {
        "business": str(business.pk),
        "visited_on": "2026-12-01",
        "purpose": "verification",
        "notes": "Usaha masih buka, omzet turun.",
        "latitude": "-1.85",
        "longitude": "106.12",
        **changes,
    }


def test_a_visit_sent_twice_is_logged_once(
    client_of: Any, assistant_bangka: Any, bangka_business: Any
) -> None:
    client, key = client_of(assistant_bangka), uuid.uuid4()
    first = send(client, key, visit(bangka_business))
    again = send(client, key, visit(bangka_business))
    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "recorded" and again.json()["repeat"] is True
    logged = Visit.objects.get()
    assert (logged.business, logged.user, logged.latitude) == (
        bangka_business,
        assistant_bangka,
        -1.85,
    )
    page = client.get(f"/field/visits/{bangka_business.pk}/").content.decode()
    assert "Usaha masih buka" in page  # earlier visits are listed on the form


def test_a_visit_to_a_business_outside_the_region_is_refused(
    client_of: Any, officer_denpasar: Any, bangka_business: Any
) -> None:
    response = send(client_of(officer_denpasar), uuid.uuid4(), visit(bangka_business))
    assert response.status_code == 400 and "business" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_a_visit_in_the_future_or_without_purpose_names_the_fields(
    client_of: Any, assistant_bangka: Any, bangka_business: Any
) -> None:
    later = (date.today() + timedelta(days=5)).isoformat()
    bad = visit(bangka_business, visited_on=later, purpose="")
    errors = send(client_of(assistant_bangka), uuid.uuid4(), bad).json()["errors"]
    assert {"visited_on", "purpose"} <= set(errors)
