"""The authentication backend: the user's membership is read with the user, sessions of
the previous backend path stay valid, and a refused login checks the password once."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PASSWORD = "correct-horse-battery-staple-7"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username="officer.bangka", password=PASSWORD):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
    )


def test_a_page_reads_the_user_with_membership_and_organisation_in_one_query(
    client, officer_bangka, bangka_business
):
    assert _login(client).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:detail", args=[bangka_business.pk]))
    assert response.status_code == 200
    # The user menu names the role and the organisation: read, not guessed.
    assert "Dinas KUKM Kab. Bangka" in response.content.decode()
    sqls = [q["sql"] for q in queries.captured_queries]
    membership = [s for s in sqls if "accounts_membership" in s]
    assert len(membership) == 1, sqls
    assert "auth_user" in membership[0] and "accounts_organisation" in membership[0]
    # The session, the user with membership and organisation, the business.
    assert len(sqls) == 3, sqls


def test_a_session_logged_in_through_the_previous_backend_path_still_works(
    client, officer_bangka, bangka_business
):
    client.force_login(officer_bangka, "django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("registry:detail", args=[bangka_business.pk]))
    assert response.status_code == 200
    assert "Dinas KUKM Kab. Bangka" in response.content.decode()
    # Same scope as before: a business outside the regency is not there.
    assert client.get(reverse("registry:list")).status_code == 200


def test_a_login_is_stored_with_the_membership_backend(client, officer_bangka):
    assert _login(client).status_code == 302
    assert client.session["_auth_user_backend"] == "sinergi.accounts.backends.MembershipBackend"


def test_a_user_without_membership_signs_in_and_reaches_nothing(client, make_member):
    make_member("nobody.here", None, None)
    assert _login(client, "nobody.here").status_code == 302
    assert client.get(reverse("registry:list")).status_code == 403


def test_an_inactive_user_is_signed_out(client, officer_bangka):
    assert _login(client).status_code == 302
    officer_bangka.is_active = False
    officer_bangka.save(update_fields=["is_active"])
    response = client.get(reverse("registry:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("username", ["officer.bangka", "no.such.user"])
def test_a_refused_login_checks_the_password_once(client, officer_bangka, monkeypatch, username):
    """Two backends of the ModelBackend kind are listed (the old path for old sessions):
    a wrong password must not be hashed by both."""
    calls = []
    hasher = type(get_hasher())  # the one that hashes and checks these passwords
    encode = hasher.encode

    def counting(self, *args, **kwargs):
        calls.append(1)
        return encode(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    response = _login(client, username=username, password="wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert len(calls) == 1
