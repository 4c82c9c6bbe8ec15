"""What a registry list page reads: the session, the user with membership and
organisation, the page's ids and its rows — the regencies of the filter come from the
process's list of regencies, which follows every change to the region table made here."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.regions.loading import load_regions
from sinergi.regions.models import Region


def _list(client: Client, **params: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:list"), params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_a_list_page_runs_four_queries_and_none_for_the_regencies(officer_babel, bangka_business):
    client = Client()  # not `client_of`: its audit checks run queries of their own
    client.force_login(officer_babel)
    client.get(reverse("registry:list"))  # a first page in this process may read them
    body, sqls = _list(client)
    assert bangka_business.name in body
    assert '<option value="1901">Kabupaten Bangka</option>' in body
    assert not [s for s in sqls if "regions_region" in s and "registry_business" not in s]
    # session; user + membership + organisation; the first pages' ids; the rows
    assert len(sqls) == 4, sqls


def test_the_regency_filter_follows_a_change_of_the_region_table(client_of, officer_babel):
    client = client_of(officer_babel)
    body, _ = _list(client)
    assert '<option value="1901">Kabupaten Bangka</option>' in body
    assert "Denpasar" not in body  # outside the province
    bangka = Region.objects.get(code="1901")
    bangka.name = "Kabupaten Bangka (renamed)"
    bangka.save()
    body, _ = _list(client)
    assert '<option value="1901">Kabupaten Bangka (renamed)</option>' in body
    load_regions(["19"])  # the loader writes the shipped names back
    body, _ = _list(client)
    assert '<option value="1901">Kabupaten Bangka</option>' in body
    assert "renamed" not in body


def test_a_regency_officer_is_offered_their_own_regency_only(client_of, officer_bangka):
    body, _ = _list(client_of(officer_bangka))
    assert '<option value="1901">Kabupaten Bangka</option>' in body
    assert 'value="1971"' not in body


def test_a_district_officer_is_offered_the_regency_containing_their_district(
    client_of, make_member
):
    user = make_member("officer.sungailiat", "regency_officer", "190101")
    body, _ = _list(client_of(user))
    assert '<option value="1901">Kabupaten Bangka</option>' in body
    assert 'value="1971"' not in body
