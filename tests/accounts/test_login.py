"""Login with throttled attempts (django-axes), logout, password change and reset, idle end."""

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


def test_five_failures_lock_the_username(client, officer_bangka):
    for _ in range(5):
        _login(client, password="wrong")
    response = _login(client)  # even the right password is refused while locked
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_account_from_another_computer_too(client, officer_bangka):
    # Guessing one account's password from many addresses is throttled per account.
    for n in range(5):
        _login(client, password="wrong", ip=f"10.0.0.{n + 1}")
    assert _login(client, ip="10.0.9.9").status_code == 429


def test_failures_from_one_address_lock_that_address_for_every_account(
    client, officer_bangka, officer_babel
):
    # Password spraying: one wrong guess each for many names from one address.
    for n in range(5):
        _login(client, username=f"someone{n}", password="wrong", ip="10.0.0.7")
    assert _login(client, username="officer.babel", ip="10.0.0.7").status_code == 429
    assert _login(client, username="officer.babel", ip="10.0.0.8").status_code == 302


def test_the_admin_site_login_is_throttled_too(client, admin):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    url = reverse("admin:login")
    for _ in range(12):
        client.post(url, {"username": "admin", "password": "wrong"}, REMOTE_ADDR="10.0.0.3")
    response = client.post(url, {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_counters_live_in_the_database_shared_by_every_process(client, officer_bangka):
    from axes.models import AccessAttempt

    _login(client, password="wrong")
    assert AccessAttempt.objects.filter(username="officer.bangka").exists()


def test_the_client_address_comes_from_a_trusted_proxy_only_when_configured(
    client, officer_bangka, settings
):
    def fail_via_proxy(forwarded_for):
        client.post(
            reverse("accounts:login"),
            {"username": f"x{forwarded_for}", "password": "wrong"},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    from axes.models import AccessAttempt

    fail_via_proxy("198.51.100.7")
    # Without a trusted proxy the header is the client's word: ignored.
    assert AccessAttempt.objects.get(username="x198.51.100.7").ip_address == "192.0.2.1"
    settings.SINERGI_TRUSTED_PROXIES = 1
    fail_via_proxy("203.0.113.5, 198.51.100.8")  # forged entry first, the proxy's last
    assert AccessAttempt.objects.get(username="x203.0.113.5, 198.51.100.8").ip_address == (
        "198.51.100.8"
    )


def test_force_login_in_tests_still_works_with_the_throttle(client, officer_bangka):
    client.force_login(officer_bangka)
    assert client.get(reverse("registry:list")).status_code == 200


def test_an_idle_session_ends_and_an_active_one_is_extended(client, officer_bangka, settings):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60  # SINERGI_IDLE_MINUTES default
    client.force_login(officer_bangka)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get(reverse("registry:list")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(minutes=29)  # activity moves it ahead
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)  # 30 idle minutes later
    )
    response = client.get(reverse("registry:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_active_session_is_written_at_most_once_a_minute(client, officer_bangka, settings):
    """Activity extends the session without a database write on every page: one save
    when the last one is older than SINERGI_SESSION_REFRESH_SECONDS (issue 16 benchmark)."""
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sinergi.web.middleware import IdleSessionMiddleware

    assert settings.SINERGI_SESSION_REFRESH_SECONDS == 60
    client.force_login(officer_bangka)
    key = client.session.session_key
    assert client.get(reverse("registry:list")).status_code == 200  # first request: saved
    soon = timezone.now() + dt.timedelta(minutes=20)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("registry:list")).status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []  # saved less than a minute ago: no write
    assert Session.objects.get(session_key=key).expire_date == soon

    session = client.session
    session[IdleSessionMiddleware.KEY] -= 61  # the last save was a minute ago
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("registry:list")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(minutes=29)  # moved a full period ahead


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


@pytest.mark.django_db
def test_the_login_page_needs_no_other_file_to_show(client):
    """The first view on a phone with nothing cached: styles inline, no script or
    stylesheet file to wait for (each costs a round trip, ~2 s on slow 3G); the files the
    next pages use are fetched once it is shown."""
    import re

    body = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="stylesheet"' not in body
    assert not re.search(r"<script[^>]*\ssrc=", body)
    assert "<style>" in body and ".top {" in body  # sinergi.css, inline
    assert "addEventListener('load'" in body and "sinergi/sinergi.css" in body
