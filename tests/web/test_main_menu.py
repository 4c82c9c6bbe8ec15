"""The main menu of every page (`{% main_menu %}`): drawn once per process for each set
of permissions and language, and still the menu of the user's role, in their language."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Membership


def _menu(client: Client, language: str = "id") -> str:
    client.cookies["django_language"] = language
    body = client.get(reverse("registry:list")).content.decode()
    found = re.search(r'<nav class="main-nav".*?</nav>', body, re.S)
    return found.group(0) if found else ""


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_role_gets_its_own_menu_in_its_language(officer_bangka, auditor, assistant_bangka):
    officer, audit, assistant = _client(officer_bangka), _client(auditor), _client(assistant_bangka)
    for _ in range(2):  # drawn, then kept: the same answers
        assert reverse("audit:log") not in _menu(officer)
        assert reverse("intake:list") in _menu(officer)
        assert reverse("audit:log") in _menu(audit)
        assert reverse("intake:list") not in _menu(audit)
        assert reverse("registry:create") in _menu(assistant)
        assert reverse("programs:list") not in _menu(assistant)
        assert 'aria-label="Menu utama"' in _menu(officer, "id")
        assert 'aria-label="Main menu"' in _menu(officer, "en")
        assert ">Audit log<" in _menu(audit, "en")


def test_officers_of_other_regions_share_the_menu_and_a_new_role_gets_its_own(
    officer_bangka, officer_denpasar
):
    bangka, denpasar = _client(officer_bangka), _client(officer_denpasar)
    assert _menu(bangka) == _menu(denpasar)  # the menu shows no region
    Membership.objects.filter(user=officer_denpasar).update(role="auditor", scope=None)
    assert reverse("audit:log") in _menu(denpasar)
    assert reverse("intake:list") not in _menu(denpasar)
    assert reverse("intake:list") in _menu(bangka)


def test_a_signed_out_page_has_no_menu(client, reference_data):
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<header class="top">' in body  # base.html's header, without its menu
    assert '<nav class="main-nav"' not in body
