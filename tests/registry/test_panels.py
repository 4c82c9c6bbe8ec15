"""The business page's panels (source rows, merges, programs, loans, history) are read only
when opened: the page carries a link to each, htmx swaps the panel in, and without
JavaScript the link is a page of its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PANEL_TABLES = ("intake_", "audit_", "programs_", "loans_", "memberships_", "review_")


def test_the_business_page_links_its_panels_and_reads_none_of_them(
    officer_bangka: Any, bangka_business: Any
) -> None:
    client = Client()  # not `client_of`: its own audit checks would be counted here
    client.force_login(officer_bangka)
    url = reverse("registry:detail", args=[bangka_business.pk])
    client.get(url)  # the session and the role's caches settle
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    read = [q["sql"] for q in queries if any(f'"{t}' in q["sql"] for t in PANEL_TABLES)]
    assert read == []
    for name in ("sources", "merges", "programs", "loans", "history"):
        panel = reverse(f"registry:{name}", args=[bangka_business.pk])
        assert f'href="{panel}" hx-get="{panel}" hx-target="#panel-{name}"' in body
    assert 'id="source-records"' not in body and 'id="history"' not in body


def test_only_the_panels_a_role_may_open_are_linked(
    client_of: Any, assistant_bangka: Any, bangka_business: Any
) -> None:
    client = client_of(assistant_bangka)
    body = client.get(reverse("registry:detail", args=[bangka_business.pk])).content.decode()
    assert 'id="panel-sources"' in body and 'id="panel-history"' in body
    assert 'id="panel-merges"' not in body  # a field assistant does not review duplicates
    assert client.get(reverse("registry:merges", args=[bangka_business.pk])).status_code == 403


def test_a_panel_is_a_fragment_for_htmx_and_a_page_of_its_own_without_javascript(
    client_of: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    client = client_of(officer_bangka)
    url = reverse("registry:history", args=[bangka_business.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    page = client.get(url)
    assert fragment.content.decode().startswith('<section class="card" id="history">')
    assert "<html" not in fragment.content.decode()
    body = page.content.decode()
    assert "<html" in body and 'id="history"' in body
    assert f'href="{reverse("registry:detail", args=[bangka_business.pk])}"' in body
    # A browser must not show the cached fragment as the page (or the other way round).
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]


def test_the_history_panel_lists_changes_but_not_views_of_personal_data(
    client_of: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    client = client_of(officer_bangka)
    client.post(reverse("registry:reveal", args=[bangka_business.pk, "nik"]))
    client.post(reverse("registry:deactivate", args=[bangka_business.pk]), {"confirm": "on"})
    assert AuditEvent.objects.filter(action="view_pii").count() == 1
    body = client.get(reverse("registry:history", args=[bangka_business.pk])).content.decode()
    assert body.count("<li>") == 1 and "officer.bangka" in body


def test_opening_every_panel_reveals_nothing_and_audits_nothing(
    client_of: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    # `client_of` fails any response that shows a full NIK, phone or e-mail unaudited.
    client = client_of(officer_bangka)
    for name in ("sources", "merges", "programs", "loans", "history"):
        url = reverse(f"registry:{name}", args=[bangka_business.pk])
        assert client.get(url).status_code == 200
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    assert not AuditEvent.objects.filter(action="view_pii").exists()


def test_a_panel_outside_the_users_region_is_not_found(
    client_of: Any, officer_denpasar: Any, bangka_business: Any
) -> None:
    client = client_of(officer_denpasar)
    for name in ("sources", "merges", "programs", "loans", "history"):
        url = reverse(f"registry:{name}", args=[bangka_business.pk])
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
