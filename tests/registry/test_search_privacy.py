"""A NIK or phone typed into the registry search never ends up in a URL.

Before, the search form was a GET with hx-push-url: `?q=<NIK>` went into the browser
history, the server's request log and any proxy's log.
"""

from __future__ import annotations

import re

from django.urls import reverse

NIK = "1901015507850001"
PHONE = "0812-3456-7890"
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def _urls(response) -> list[str]:
    """Every URL the response pushes or links to: header, href, hx-get/hx-post, action."""
    body = response.content.decode()
    found = re.findall(r'(?:href|hx-get|hx-post|action)="([^"]*)"', body)
    return [response.get("HX-Push-Url", ""), response.get("Location", ""), *found]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_the_search_form_posts(client_of, officer_bangka) -> None:
    body = client_of(officer_bangka).get(reverse("registry:list")).content.decode()
    form = re.search(r'<form class="filters"[^>]*>', body).group(0)
    assert 'method="post"' in form and "hx-post=" in form and "hx-get=" not in form


def test_a_nik_or_phone_search_finds_the_business_and_pushes_no_identifier(
    client_of, officer_bangka, bangka_business
) -> None:
    client = client_of(officer_bangka)
    for typed in (NIK, PHONE, "+62 812 3456 7890"):
        response = client.post(reverse("registry:list"), {"q": typed, "regency": "1901"}, **HX)
        assert "Warung Makan Bu Siti" in response.content.decode()
        urls = _urls(response)
        assert response["HX-Push-Url"] == "/registry/?regency=1901"
        for url in urls:
            assert _digits(typed)[-9:] not in _digits(url), url


def test_an_identifier_search_pages_through_the_form_not_links(
    client_of, officer_bangka, make_business
) -> None:
    for i in range(30):
        make_business(name=f"Usaha {i:02d}", phone="+6281299998888")
    client = client_of(officer_bangka)
    first = client.post(reverse("registry:list"), {"q": "081299998888", "sort": "name"}, **HX)
    body = first.content.decode()
    assert 'name="page" value="2"' in body and 'form="registry-filters"' in body
    assert all("99998888" not in url for url in _urls(first))
    second = client.post(
        reverse("registry:list"), {"q": "081299998888", "sort": "name", "page": "2"}, **HX
    )
    assert "Usaha 29" in second.content.decode()


def test_a_name_search_stays_in_the_history(client_of, officer_bangka, bangka_business) -> None:
    response = client_of(officer_bangka).post(reverse("registry:list"), {"q": "Siti"}, **HX)
    assert response["HX-Push-Url"] == "/registry/?q=Siti"
    assert "csrfmiddlewaretoken" not in response["HX-Push-Url"]


def test_the_full_page_answers_a_post_without_javascript(
    client_of, officer_bangka, bangka_business
) -> None:
    response = client_of(officer_bangka).post(reverse("registry:list"), {"q": NIK})
    assert response.status_code == 200
    assert "Warung Makan Bu Siti" in response.content.decode()
    assert all(NIK not in url for url in _urls(response))
