"""Registry exports: the list the user sees, masked per role, audited, formula-safe."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from sinergi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/insights/export/registry/"


def _sheet(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(content)).active.values)


def test_an_officer_exports_the_filtered_list_with_the_nik_as_text(
    client_of, officer_bangka, bangka_business, make_business
) -> None:
    make_business(name="Kedai Lain")
    response = client_of(officer_bangka).post(URL, {"q": "Siti", "fmt": "xlsx"})
    assert response.status_code == 200
    rows = _sheet(b"".join(response.streaming_content))
    assert len(rows) == 2 and rows[1][0] == "Warung Makan Bu Siti"
    assert rows[1][2] == "1901015507850001"  # a string: the NIK stays 16 digits
    event = AuditEvent.objects.get(action="export")
    assert event.fields == "registry,xlsx,1,full"


def test_a_program_manager_gets_masked_identifiers(
    client_of, manager_mitra, bangka_business
) -> None:
    response = client_of(manager_mitra).post(URL, {"fmt": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "1901********0001" in body and "1901015507850001" not in body


def test_the_export_holds_nothing_outside_the_scope(
    client_of, officer_denpasar, bangka_business
) -> None:
    response = client_of(officer_denpasar).post(URL, {"fmt": "xlsx"})
    assert len(_sheet(b"".join(response.streaming_content))) == 1  # the header only


def test_a_formula_typed_as_a_name_is_exported_as_text(
    client_of, officer_bangka, make_business
) -> None:
    make_business(name='=HYPERLINK("http://evil","klik")')
    response = client_of(officer_bangka).post(URL, {"fmt": "csv"})
    assert "'=HYPERLINK" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_list_page_offers_the_export_without_the_search_in_a_url(
    client_of, officer_bangka, bangka_business
) -> None:
    body = (
        client_of(officer_bangka)
        .post(reverse("registry:list"), {"q": "1901015507850001"})
        .content.decode()
    )
    assert f'action="{URL}"' in body
    assert 'name="q" value="1901015507850001"' in body  # a POST field, not a link
