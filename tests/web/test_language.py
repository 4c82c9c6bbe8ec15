"""Bahasa Indonesia by default, English on request, everywhere."""

from __future__ import annotations

from django.urls import reverse


def test_pages_are_in_indonesian_even_for_an_english_browser(client_of, officer_bangka):
    response = client_of(officer_bangka).get(
        reverse("registry:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "Registri usaha" in body


def test_switching_to_english_changes_the_pages(client_of, officer_bangka, bangka_business):
    client = client_of(officer_bangka)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/registry/"})
    assert response.status_code == 302
    body = client.get(reverse("registry:list")).content.decode()
    assert '<html lang="en">' in body
    assert "Business registry" in body
    detail = client.get(reverse("registry:detail", args=[bangka_business.pk])).content.decode()
    assert "Owner" in detail
    assert "Pemilik" not in detail


def test_the_login_page_is_translated(client):
    assert "Masuk" in client.get(reverse("accounts:login")).content.decode()
    client.cookies["django_language"] = "en"
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()


def test_dates_are_written_in_full_indonesian(client_of, officer_bangka, bangka_business):
    from sinergi.registry.models import Person

    Person.objects.filter(pk=bangka_business.owner_id).update(birth_date="1985-07-15")
    body = client_of(officer_bangka).get(reverse("registry:detail", args=[bangka_business.pk]))
    assert "15 Juli 1985" in body.content.decode()
