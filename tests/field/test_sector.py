"""The sector field of the business forms: a KBLI code, searched on the phone.

The forms carry no list of KBLI codes (that made them ~220 KB); the list is one public
JSON asset the phone fetches when the field is used (kept offline by the service
worker), and the server checks the code when the form arrives.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.field.test_submit import form, send


@pytest.mark.django_db
def test_the_kbli_list_is_one_public_asset_the_service_worker_keeps(client: Any) -> None:
    response = client.get("/registry/kbli.json")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 1790 and all(len(code) == 5 for code, _ in rows)
    assert ["56102", dict(rows)["56102"]] in rows and "max-age" in response["Cache-Control"]
    assert "/registry/kbli.json" in client.get("/sw.js").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/field/new/", "/registry/new/"])
def test_a_business_form_carries_no_kbli_options(
    client_of: Any, assistant_bangka: Any, page: str
) -> None:
    html = client_of(assistant_bangka).get(page).content.decode()
    assert 'name="business-sector"' in html and 'data-kbli="/registry/kbli.json"' in html
    assert "56102" not in html
    assert len(html.encode()) < 60_000


@pytest.mark.django_db
def test_an_unknown_code_typed_offline_is_refused_at_sync_naming_the_field(
    client_of: Any, assistant_bangka: Any
) -> None:
    client = client_of(assistant_bangka)
    refused = send(client, uuid.uuid4(), form(**{"business-sector": "99999"}))
    assert refused.status_code == 400 and "business-sector" in refused.json()["errors"]
    accepted = send(client, uuid.uuid4(), form(**{"business-sector": "56102"}))
    assert accepted.status_code == 200
