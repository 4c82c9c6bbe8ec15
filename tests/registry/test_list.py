"""The registry list: search, filters, sorting, pagination, masking."""

from __future__ import annotations

from django.urls import reverse

from sinergi.audit.models import AuditEvent


def _list(client, **params):
    response = client.get(reverse("registry:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_a_business_by_owner_name(client_of, officer_bangka, bangka_business):
    assert "Warung Makan Bu Siti" in _list(client_of(officer_bangka), q="aminah")


def test_it_finds_a_business_by_its_name(client_of, officer_bangka, bangka_business, make_business):
    make_business(name="Kedai Kopi Menumbing")
    body = _list(client_of(officer_bangka), q="bu siti")
    assert "Warung Makan Bu Siti" in body
    assert "Kedai Kopi Menumbing" not in body


def test_it_finds_a_business_by_nik(client_of, officer_bangka, bangka_business):
    assert "Warung Makan Bu Siti" in _list(client_of(officer_bangka), q="1901015507850001")


def test_it_finds_a_phone_written_the_local_way(client_of, officer_bangka, bangka_business):
    assert "Warung Makan Bu Siti" in _list(client_of(officer_bangka), q="0812-3456-7890")


def test_a_program_manager_cannot_search_by_nik(client_of, manager_mitra, bangka_business):
    body = _list(client_of(manager_mitra), q="1901015507850001")
    assert "Warung Makan Bu Siti" not in body
    assert "Warung Makan Bu Siti" in _list(client_of(manager_mitra), q="Siti")


def test_nik_and_phone_are_masked_in_the_list(client_of, officer_bangka, bangka_business):
    body = _list(client_of(officer_bangka))
    assert "1901********0001" in body
    assert "1901015507850001" not in body
    assert "+6281234567890" not in body
    assert not AuditEvent.objects.filter(action="view_pii").exists()


def test_it_filters_by_district(client_of, officer_babel, bangka_business, make_business, villages):
    make_business(villages["pangkalpinang"], name="Toko Pangkalpinang")
    body = _list(client_of(officer_babel), regency="1901", district="190101")
    assert "Warung Makan Bu Siti" in body
    assert "Toko Pangkalpinang" not in body
    body = _list(client_of(officer_babel), regency="1971")
    assert "Toko Pangkalpinang" in body
    assert "Warung Makan Bu Siti" not in body


def test_it_filters_by_sector_category_and_size(client_of, officer_bangka, make_business):
    make_business(name="Warung Mikro", sector_id="56102", capital=10_000_000)
    make_business(name="Konveksi Kecil", sector_id="14111", capital=2_000_000_000)
    client = client_of(officer_bangka)
    assert "Konveksi Kecil" not in _list(client, category="I")
    assert "Warung Mikro" in _list(client, category="I")
    body = _list(client, size="kecil")
    assert "Konveksi Kecil" in body
    assert "Warung Mikro" not in body


def test_inactive_businesses_are_listed_only_on_request(client_of, officer_bangka, make_business):
    make_business(name="Usaha Tutup", status="inactive")
    client = client_of(officer_bangka)
    assert "Usaha Tutup" not in _list(client)
    assert "Usaha Tutup" in _list(client, status="inactive")
    assert "Usaha Tutup" in _list(client, status="all")


def test_it_paginates_on_the_server(client_of, officer_bangka, make_business):
    for i in range(30):
        make_business(name=f"Usaha {i:02d}")
    client = client_of(officer_bangka)
    first = _list(client, sort="name")
    assert "Usaha 00" in first
    assert "Usaha 29" not in first
    assert "Usaha 29" in _list(client, sort="name", page=2)


def test_htmx_requests_get_only_the_results(client_of, officer_bangka, bangka_business):
    response = client_of(officer_bangka).get(
        reverse("registry:list"), {"q": "Siti"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = response.content.decode()
    assert "Warung Makan Bu Siti" in body
    assert "<html" not in body


def test_choosing_a_regency_offers_its_districts(client_of, officer_babel):
    response = client_of(officer_babel).get(reverse("registry:region_options"), {"parent": "1901"})
    body = response.content.decode()
    assert '<option value="190101">Sungailiat</option>' in body
    assert "Denpasar" not in body


def test_a_business_owner_edits_their_own_business_only(
    client_of, make_member, bangka_business, make_business
):
    owner = make_member("owner", "business_owner", "1901")
    bangka_business.owner.user = owner
    bangka_business.owner.save()
    neighbour = make_business(name="Toko Tetangga")
    client = client_of(owner)
    assert client.get(reverse("registry:edit", args=[bangka_business.pk])).status_code == 200
    assert client.get(reverse("registry:edit", args=[neighbour.pk])).status_code == 404
    assert "Toko Tetangga" not in _list(client)


def test_a_very_long_list_counts_only_up_to_the_bound(
    client_of, officer_bangka, make_business, monkeypatch
):
    """Counting a province's million rows is a full scan: the count stops at a bound."""
    from sinergi.registry import paging

    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    for i in range(5):
        make_business(name=f"Usaha {i}")
    body = _list(client_of(officer_bangka))
    assert "Lebih dari 3 usaha" in body
    assert "Usaha 0" in body


def test_that_a_list_is_longer_than_the_bound_is_remembered_but_exact_counts_are_not(
    client_of, officer_bangka, make_business, monkeypatch
):
    """The bounded count of a province's list is a 100,001-entry scan: once a list is
    known to be longer than the bound, its next pages skip it (for CAPPED_SECONDS)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sinergi.registry import paging

    cache.clear()
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    # Every list longer than its first pages' ids goes through the count query.
    monkeypatch.setattr(paging, "HEAD_PAGES", 0)
    for i in range(5):
        make_business(name=f"Usaha {i}")
    client = client_of(officer_bangka)

    def counts(**params: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            body = _list(client, **params)
        return body, sum("COUNT(" in q["sql"].upper() for q in queries)

    body, n = counts()
    assert "Lebih dari 3 usaha" in body and n == 1
    body, n = counts()
    assert "Lebih dari 3 usaha" in body and n == 0  # remembered
    body, n = counts(q="Usaha 1")  # a short list: its exact count, every time
    assert "1 usaha" in body and n == 1
    make_business(name="Usaha 1b")
    body, n = counts(q="Usaha 1")
    assert "2 usaha" in body and n == 1
    cache.clear()


def test_a_list_as_short_as_its_first_pages_is_counted_from_their_ids_and_never_stale(
    client_of, officer_bangka, make_business, monkeypatch
):
    """The ids of the first pages are read in one query; a list no longer than that
    needs no count query, and its count and pages are exact on every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sinergi.registry import paging

    monkeypatch.setattr(paging, "HEAD_PAGES", 2)  # 50 rows
    for i in range(30):
        make_business(name=f"Usaha {i:02d}")
    client = client_of(officer_bangka)
    with CaptureQueriesContext(connection) as queries:
        first = _list(client, sort="name")
    assert not any("COUNT(" in q["sql"].upper() for q in queries)
    assert "30 usaha" in first
    second = _list(client, sort="name", page=2)
    assert "Usaha 29" in second and "Usaha 00" not in second
    make_business(name="Usaha 30")
    assert "31 usaha" in _list(client, sort="name")
    for i in range(31, 60):  # now longer than the first two pages: counted by query
        make_business(name=f"Usaha {i:02d}")
    with CaptureQueriesContext(connection) as queries:
        first = _list(client, sort="name")
    assert sum("COUNT(" in q["sql"].upper() for q in queries) == 1
    assert "60 usaha" in first and "Usaha 00" in first
    assert "Usaha 25" in _list(client, sort="name", page=2)  # from the first pages' ids
    third = _list(client, sort="name", page=3)  # beyond them: its own ids query
    assert "Usaha 59" in third and "Usaha 49" not in third
    assert "Halaman 3 dari 3" in third
