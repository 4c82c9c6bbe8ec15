"""Auditors browse the audit log; others cannot; identifiers stay masked for auditors."""

from __future__ import annotations

from django.urls import reverse

from sinergi.audit.models import AuditEvent


def _change_nik(client_of, officer, business):
    from sinergi.registry import actions

    actions.update_business(
        officer, business, owner={"nik": "1901015507850009"}, business={}, request=None
    )


def test_an_auditor_browses_the_log_and_filters_it(
    client_of, auditor, officer_bangka, bangka_business
):
    client_of(officer_bangka).post(reverse("registry:reveal", args=[bangka_business.pk, "nik"]))
    client = client_of(auditor)
    body = client.get(reverse("audit:log")).content.decode()
    assert "officer.bangka" in body
    filtered = client.get(reverse("audit:log"), {"action": "create"}).content.decode()
    assert "officer.bangka" not in filtered


def test_an_officer_cannot_read_the_audit_log(client_of, officer_bangka):
    assert client_of(officer_bangka).get(reverse("audit:log")).status_code == 403


def test_an_auditor_sees_that_a_nik_changed_but_not_the_nik(
    client_of, auditor, officer_bangka, bangka_business
):
    _change_nik(client_of, officer_bangka, bangka_business)
    event = AuditEvent.objects.get(action="update")
    assert event.changes["nik"] == {"old": "1901015507850001", "new": "1901015507850009"}
    body = client_of(auditor).get(reverse("audit:log")).content.decode()
    assert "1901********0001" in body
    assert "1901015507850001" not in body
