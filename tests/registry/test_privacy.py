"""Full NIK views are explicit, permitted and audited."""

from __future__ import annotations

from django.urls import reverse

from sinergi.audit.models import AuditEvent


def _reveal(client, business, field="nik"):
    return client.post(reverse("registry:reveal", args=[business.pk, field]))


def test_the_detail_page_shows_the_nik_masked(client_of, officer_bangka, bangka_business):
    body = client_of(officer_bangka).get(reverse("registry:detail", args=[bangka_business.pk]))
    assert "1901********0001" in body.content.decode()
    assert "1901015507850001" not in body.content.decode()


def test_showing_the_full_nik_writes_an_audit_event(client_of, officer_bangka, bangka_business):
    response = _reveal(client_of(officer_bangka), bangka_business)
    assert response.status_code == 200
    assert "1901015507850001" in response.content.decode()
    event = AuditEvent.objects.get(action="view_pii")
    assert event.actor == officer_bangka
    assert event.object_id == str(bangka_business.owner.pk)
    assert event.fields == "nik"
    assert event.ip == "127.0.0.1"


def test_showing_the_full_phone_is_audited_too(client_of, assistant_bangka, bangka_business):
    response = _reveal(client_of(assistant_bangka), bangka_business, "phone")
    assert "+6281234567890" in response.content.decode()
    assert AuditEvent.objects.filter(action="view_pii", fields="phone").count() == 1


def test_a_program_manager_may_not_see_the_full_nik(client_of, manager_mitra, bangka_business):
    client = client_of(manager_mitra)
    detail = client.get(reverse("registry:detail", args=[bangka_business.pk]))
    assert detail.status_code == 200
    assert "hx-post" not in detail.content.decode()
    response = _reveal(client, bangka_business)
    assert response.status_code == 403
    assert "1901015507850001" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="view_pii").exists()


def test_an_auditor_sees_masked_values_only(client_of, auditor, bangka_business):
    assert _reveal(client_of(auditor), bangka_business).status_code == 403


def test_opening_the_edit_form_is_an_audited_view_of_the_nik(
    client_of, officer_bangka, bangka_business
):
    response = client_of(officer_bangka).get(reverse("registry:edit", args=[bangka_business.pk]))
    assert "1901015507850001" in response.content.decode()
    assert AuditEvent.objects.filter(action="view_pii", actor=officer_bangka).count() == 1


def test_revealing_needs_a_post(client_of, officer_bangka, bangka_business):
    url = reverse("registry:reveal", args=[bangka_business.pk, "nik"])
    assert client_of(officer_bangka).get(url).status_code == 405


def test_unknown_fields_cannot_be_revealed(client_of, officer_bangka, bangka_business):
    assert _reveal(client_of(officer_bangka), bangka_business, "full_name").status_code == 404
