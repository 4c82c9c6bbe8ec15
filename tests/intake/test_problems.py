"""Row problems: filter, fix in place (beside the raw value, audited), export in Indonesian."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import RowProblem, SourceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(make_batch: Any, bangka_csv: Any, officer_bangka: Any) -> Any:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    return batch


def test_the_problem_list_filters_by_problem(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    client = client_of(officer_bangka)
    page = client.get(reverse("intake:problems", args=[imported.pk]), {"code": "NIK_DAMAGED"})
    body = page.content.decode()
    assert body.count('data-code="NIK_DAMAGED"') == 2
    assert 'data-code="EMPTY_ROW"' not in body


def test_a_fix_is_stored_beside_the_raw_value_and_audited(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    problem = RowProblem.objects.get(batch=imported, record__row_number=2, code="NIK_DAMAGED")
    client = client_of(officer_bangka)
    response = client.post(
        reverse("intake:problem_fix", args=[problem.pk]),
        {"value": "1901011203800001"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    problem.refresh_from_db()
    assert problem.status == "fixed" and problem.corrected_value == "1901011203800001"
    record = SourceRecord.objects.get(pk=problem.record_id)
    assert json.loads(record.raw)["NIK"] == "1.90101E+15"  # raw never overwritten
    assert record.canonical["nik"] == "1.90101E+15"
    assert record.corrected == {"nik": "1901011203800001"}
    assert record.normalised["nik_status"] == "valid" and record.nik_status == "valid"
    event = AuditEvent.objects.filter(action="update", object_id=str(record.pk)).get()
    assert event.actor == officer_bangka
    assert event.changes["corrected.nik"] == {"old": None, "new": "1901011203800001"}


def test_a_fix_that_still_has_the_problem_is_refused_with_the_reason(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    problem = RowProblem.objects.get(batch=imported, record__row_number=2, code="NIK_DAMAGED")
    client = client_of(officer_bangka)
    response = client.post(
        reverse("intake:problem_fix", args=[problem.pk]),
        {"value": "1.90101E+15"},
        HTTP_HX_REQUEST="true",
    )
    assert "NIK" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == "open"


def test_a_problem_can_be_ignored(client_of: Any, officer_bangka: Any, imported: Any) -> None:
    problem = RowProblem.objects.get(batch=imported, code="OUT_OF_SCOPE")
    client_of(officer_bangka).post(
        reverse("intake:problem_fix", args=[problem.pk]), {"ignore": "1"}
    )
    problem.refresh_from_db()
    assert problem.status == "ignored"


def test_problems_export_as_csv_with_indonesian_headers(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    client = client_of(officer_bangka)
    response = client.get(
        reverse("intake:problems_export", args=[imported.pk]),
        {"format": "csv", "code": "NIK_DAMAGED"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Berkas", "Lembar", "Baris"] and "Keterangan" in rows[0]
    assert [r[2] for r in rows[1:]] == ["2", "5"]
    assert rows[1][6] == "1.90101E+15" and rows[1][9] == "Belum diperbaiki"
    assert AuditEvent.objects.filter(action="export", object_id=str(imported.pk)).exists()


def test_problems_export_as_xlsx_keeps_values_as_text(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    from openpyxl import load_workbook

    response = client_of(officer_bangka).get(
        reverse("intake:problems_export", args=[imported.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Berkas"
    values = [r[6] for r in rows[1:]]
    assert "1.90101E+15" in values
    assert all(isinstance(v, str) for v in values if v)


def test_a_record_page_shows_the_raw_row_beside_what_sinergi_made_of_it(
    client_of: Any, officer_bangka: Any, imported: Any
) -> None:
    record = SourceRecord.objects.get(batch=imported, row_number=1)
    body = client_of(officer_bangka).get(reverse("intake:record", args=[record.pk])).content
    text = body.decode()
    assert "Warung Bu Siti" in text and "warung" in text  # raw and business_form
    assert "1901015507850001" not in text  # identifiers masked
    assert "1901********0001" in text
    # the copy key hashes the NIK with the row's other fields: never shown whole
    assert record.normalised["copy_key"] and record.normalised["copy_key"] not in text


FORMULAS_CSV = (
    "Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa,No. HP\n"
    "Siti,=HYPERLINK(\"http://evil\"),Warung Bu Siti,Sungailiat,Sri Menanti,+1+cmd|' /C calc'!A0\n"
    "Yani,-2+3+cmd|' /C calc'!A0,Toko Yani,Sungailiat,Sri Menanti,081234567890\n"
)


@pytest.fixture
def with_formulas(make_batch: Any, officer_bangka: Any) -> Any:
    batch = make_batch(FORMULAS_CSV)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    return batch


def test_formulas_in_the_problem_export_are_neutralised_in_csv(
    client_of: Any, officer_bangka: Any, with_formulas: Any
) -> None:
    response = client_of(officer_bangka).get(
        reverse("intake:problems_export", args=[with_formulas.pk]), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = [r[6] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in values
    assert "'-2+3+cmd|' /C calc'!A0" in values
    assert not any(v[:1] in "=+-@" and not v.lstrip("+-").isdigit() for v in values if v)
    assert [r[2] for r in rows[1:]] == sorted(r[2] for r in rows[1:])  # row numbers stay


def test_formulas_in_the_problem_export_are_text_in_xlsx(
    client_of: Any, officer_bangka: Any, with_formulas: Any
) -> None:
    from openpyxl import load_workbook

    response = client_of(officer_bangka).get(
        reverse("intake:problems_export", args=[with_formulas.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert '\'=HYPERLINK("http://evil")' in values
    rows = [c.value for c in cells if c.column == 3]
    assert all(isinstance(v, int) for v in rows)  # the row number stays a number
