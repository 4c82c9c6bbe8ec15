"""Sending a finished field form: once per key, named refusals, duplicates to review.

Runs on SQLite and on PostgreSQL (DATABASE_URL): the key's uniqueness is the database's.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest

from sinergi.field.models import Submission
from sinergi.registry.models import Business
from sinergi.review.models import ReviewPair

URL = "/field/submit/"


def form(**changes: str) -> dict[str, str]:
    data = {
        "owner-full_name": "Rahmat Hidayat",
        "owner-nik": "1901010101800003",
        "owner-phone": "0812-7777-1234",
        "business-name": "Kopi Tiam Pak Rahmat",
        "business-regency": "1901",
        "business-district": "190101",
        "business-village": "1901011002",
        "business-address": "Jl. Jend. Sudirman No. 5",
        "business-sector": "56102",
        "business-covid_affected": "unknown",
        "latitude": "-1.852100",
        "longitude": "106.120900",
    }
    data.update(changes)
    return data


def send(client: Any, key: Any, data: dict[str, str]) -> Any:
    body = {"key": str(key), "kind": "new_business", "data": data}
    return client.post(URL, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_same_key_twice_creates_one_business_and_answers_the_same(
    client_of: Any, assistant_bangka: Any
) -> None:
    client, key = client_of(assistant_bangka), uuid.uuid4()
    first = send(client, key, form())
    again = send(client, key, form())
    assert first.status_code == again.status_code == 200
    assert first.json()["repeat"] is False and again.json()["repeat"] is True
    assert {k: v for k, v in first.json().items() if k != "repeat"} == {
        k: v for k, v in again.json().items() if k != "repeat"
    }
    item = Business.objects.get(name="Kopi Tiam Pak Rahmat")
    assert first.json()["url"] == f"/registry/{item.pk}/"
    assert (item.latitude, item.longitude) == (-1.8521, 106.1209)  # the phone's position
    assert Submission.objects.get(key=key).payload["owner-nik"] == "1901010101800003"


@pytest.mark.django_db
def test_a_new_key_is_a_new_form(client_of: Any, assistant_bangka: Any) -> None:
    client = client_of(assistant_bangka)
    send(client, uuid.uuid4(), form())
    send(client, uuid.uuid4(), form(**{"business-name": "Kopi Tiam Cabang 2"}))
    assert Business.objects.count() == 2


@pytest.mark.django_db
def test_another_users_key_is_refused_never_answered(
    client_of: Any, assistant_bangka: Any, officer_bangka: Any
) -> None:
    key = uuid.uuid4()
    send(client_of(assistant_bangka), key, form())
    response = send(client_of(officer_bangka), key, form())
    assert response.status_code == 403
    assert "Kopi Tiam" not in response.content.decode()
    assert Business.objects.count() == 1


@pytest.mark.django_db
def test_a_phones_items_are_not_sent_under_another_users_session(
    client_of: Any, assistant_bangka: Any, officer_bangka: Any
) -> None:
    """The outbox names the user its items belong to: another user's session (logged
    in on the same phone) is answered 409 in that same request, and nothing is stored."""
    body = {"key": str(uuid.uuid4()), "kind": "new_business", "data": form()}
    response = client_of(officer_bangka).post(
        URL, json.dumps({**body, "user": assistant_bangka.pk}), content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["other_user"] is True
    assert not Business.objects.exists() and not Submission.objects.exists()
    mine = client_of(assistant_bangka).post(
        URL, json.dumps({**body, "user": assistant_bangka.pk}), content_type="application/json"
    )
    assert mine.status_code == 200 and Business.objects.count() == 1


@pytest.mark.django_db
def test_refused_fields_are_named_and_nothing_is_stored(
    client_of: Any, assistant_bangka: Any
) -> None:
    bad = form(**{"owner-nik": "12345", "business-name": "", "latitude": "51.5"})
    response = send(client_of(assistant_bangka), uuid.uuid4(), bad)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"owner-nik", "business-name", "latitude"} <= set(errors)
    assert not Submission.objects.exists() and not Business.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"key": "x", "data": {}}', b'{"key": "1", "data": "text"}', b"\xff"],
)
def test_a_malformed_request_is_a_400_never_a_500(
    client_of: Any, assistant_bangka: Any, body: bytes
) -> None:
    response = client_of(assistant_bangka).post(URL, body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_auditor_may_not_send(client_of: Any, auditor: Any) -> None:
    assert send(client_of(auditor), uuid.uuid4(), form()).status_code == 403


@pytest.mark.django_db
def test_a_form_like_an_existing_business_goes_to_the_review_queue(
    client_of: Any, assistant_bangka: Any, bangka_business: Any
) -> None:
    same = form(
        **{
            "owner-full_name": "Siti Aminah",
            "owner-nik": "1901015507850001",
            "owner-phone": "081234567890",
            "business-name": "Warung Makan Bu Siti",
        }
    )
    answer = send(client_of(assistant_bangka), uuid.uuid4(), same).json()
    assert answer["status"] == "in_review"
    pair = ReviewPair.objects.get(status="pending")
    assert {pair.business_a_id, pair.business_b_id} == {answer["business"], bangka_business.pk}
    assert Submission.objects.get().looks_like == bangka_business


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_at_the_same_moment_creates_one_business(
    reference_data: None, assistant_bangka: Any
) -> None:
    from django.db import connection
    from django.test import Client

    key, answers, start = uuid.uuid4(), [], threading.Barrier(2)

    def one() -> None:
        client = Client()
        client.force_login(assistant_bangka)
        start.wait()
        try:
            answers.append(send(client, key, form()).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200, 200]
    assert Business.objects.filter(name="Kopi Tiam Pak Rahmat").count() == 1
    assert Submission.objects.filter(key=key).count() == 1
