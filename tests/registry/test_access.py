"""Every registry URL, opened by an officer of another region, reveals nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

# (url name, method, needs the business pk, extra kwargs)
BUSINESS_URLS = [
    ("registry:detail", "get", {}),
    ("registry:edit", "get", {}),
    ("registry:edit", "post", {}),
    ("registry:deactivate", "get", {}),
    ("registry:deactivate", "post", {}),
    ("registry:reactivate", "post", {}),
    ("registry:reveal", "post", {"field": "nik"}),
    ("registry:reveal", "post", {"field": "phone"}),
    ("registry:reveal", "post", {"field": "email"}),
]


def _leaks(body: str, business, typed: str = "") -> list[str]:
    """Values of the business found in the page, except what the user typed themselves."""
    secrets = [business.name, business.owner.full_name, business.owner.nik, business.owner.phone]
    return [s for s in secrets if s and s in body and s != typed]


@pytest.mark.parametrize(("name", "method", "kwargs"), BUSINESS_URLS)
def test_an_officer_of_denpasar_cannot_reach_a_bangka_business(
    client_of, officer_denpasar, bangka_business, name, method, kwargs
):
    url = reverse(name, kwargs={"pk": bangka_business.pk, **kwargs})
    response = getattr(client_of(officer_denpasar), method)(url, {"confirm": "on"})
    assert response.status_code in (403, 404)
    assert _leaks(response.content.decode(), bangka_business) == []
    bangka_business.refresh_from_db()
    assert bangka_business.status == "active"


def test_the_list_of_an_officer_of_denpasar_shows_nothing_of_bangka(
    client_of, officer_denpasar, bangka_business
):
    for query in ("", "Siti", "1901015507850001", "0812-3456-7890"):
        response = client_of(officer_denpasar).get(reverse("registry:list"), {"q": query})
        assert response.status_code == 200
        assert _leaks(response.content.decode(), bangka_business, typed=query) == []
        assert "0 " in response.content.decode()


def test_an_officer_of_denpasar_cannot_filter_their_way_into_bangka(
    client_of, officer_denpasar, bangka_business
):
    response = client_of(officer_denpasar).get(
        reverse("registry:list"), {"regency": "1901", "district": "190101", "status": "all"}
    )
    assert _leaks(response.content.decode(), bangka_business) == []


def test_region_options_outside_the_scope_are_empty(client_of, officer_denpasar):
    response = client_of(officer_denpasar).get(
        reverse("registry:region_options"), {"parent": "1901"}
    )
    assert "Sungailiat" not in response.content.decode()


def test_the_create_page_offers_only_the_officers_own_regency(client_of, officer_denpasar):
    body = client_of(officer_denpasar).get(reverse("registry:create")).content.decode()
    assert "Kota Denpasar" in body
    assert "Kabupaten Bangka" not in body


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_of, bangka_business):
    for url in (reverse("registry:list"), reverse("registry:detail", args=[bangka_business.pk])):
        response = client_of(None).get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_a_user_without_membership_sees_no_registry(client_of, make_member, bangka_business):
    stranger = make_member("stranger", None, None)
    assert client_of(stranger).get(reverse("registry:list")).status_code == 403
    response = client_of(stranger).get(reverse("registry:detail", args=[bangka_business.pk]))
    assert response.status_code in (403, 404)
