"""Login with throttled attempts, logout, password change and reset."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from sinergi.audit.models import AuditEvent

PASSWORD = "correct-horse-battery-staple-7"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username="officer.bangka", password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_an_officer_logs_in_and_lands_on_the_registry(client, officer_bangka):
    response = _login(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:list")
    assert AuditEvent.objects.filter(action="login", actor=officer_bangka).exists()


def test_a_wrong_password_is_refused_and_audited(client, officer_bangka):
    response = _login(client, password="wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="login_failed", actor_username="officer.bangka"
    ).exists()


def test_five_failures_lock_the_username_on_that_computer(client, officer_bangka):
    for _ in range(5):
        _login(client, password="wrong")
    response = _login(client)  # even the right password is refused while locked
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_does_not_block_the_same_user_on_another_computer(client, officer_bangka):
    for _ in range(5):
        _login(client, password="wrong", ip="10.0.0.1")
    assert _login(client, ip="10.0.0.2").status_code == 302


def test_a_success_resets_the_failure_count(client, officer_bangka):
    for _ in range(4):
        _login(client, password="wrong")
    assert _login(client).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _login(client, password="wrong")
    assert _login(client).status_code == 302


def test_login_redirects_only_to_this_site(client, officer_bangka):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "officer.bangka", "password": PASSWORD},
    )
    assert response["Location"] == reverse("registry:list")


def test_logout_needs_a_post_and_ends_the_session(client, officer_bangka):
    client.force_login(officer_bangka)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("registry:list")).status_code == 302


def test_an_officer_changes_their_password(client, officer_bangka):
    client.force_login(officer_bangka)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Pangkal-Pinang-2026!",
            "new_password2": "Pangkal-Pinang-2026!",
        },
    )
    assert response.status_code == 302
    officer_bangka.refresh_from_db()
    assert officer_bangka.check_password("Pangkal-Pinang-2026!")


def test_a_password_reset_sends_a_link_by_e_mail(client, officer_bangka):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "officer.bangka@example.go.id"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
