"""The platform's import of a list with title rows above a header of unknown wordings.

The header is found from the values, the title rows are shown as skipped (each with the
row the spreadsheet shows), and every data row is stored under its own number with its
cells as received: no title is read as a business, no row is shifted or lost.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.tasks import run_worker

from sinergi.intake import pipeline
from sinergi.intake.models import BatchStatus, ImportBatch, SourceFile, SourceRecord

from .test_upload_flow import SOURCE

pytestmark = pytest.mark.django_db

HEADER = ["Peserta", "Fasilitas Diterima", "Identitas Kependudukan", "Asal Daerah", "Urutan"]
TITLES = [
    ["DAFTAR PENERIMA BANTUAN PRODUKTIF USAHA MIKRO TAHUN 2024"],
    ["KABUPATEN BANGKA"],
    [],
]
PEOPLE = ["Siti Aminah", "Budi Santoso", "Ani Lestari", "Joko Susilo", "Dewi Rahayu"]


def _body() -> list[list[str]]:
    return [
        [name, "Modal Kerja", f"19010{1 + i % 2}4501900{i + 1:03d}", "Sungailiat", str(i + 1)]
        for i, name in enumerate(PEOPLE * 2)
    ]


def _grid(titles: list[list[str]]) -> list[list[str]]:
    return [t + [""] * (len(HEADER) - len(t)) for t in titles] + [HEADER] + _body()


def _csv(titles: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(_grid(titles))
    return buf.getvalue().encode("utf-8")


def _xlsx(titles: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in _grid(titles):
        sheet.append([c or None for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _upload(client: Any, name: str, content: bytes) -> ImportBatch:
    files = SimpleUploadedFile(name, content)
    response = client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    assert response.status_code == 302
    run_worker()
    return ImportBatch.objects.order_by("-id").first()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_title_rows_are_shown_as_skipped_and_every_row_keeps_its_number(
    client_of: Any, officer_bangka: Any, kind: str
) -> None:
    client = client_of(officer_bangka)
    content = _csv(TITLES) if kind == "csv" else _xlsx(TITLES)
    batch = _upload(client, f"penerima_bantuan.{kind}", content)
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.header_row == 4
    assert source_file.headers == HEADER
    assert source_file.mapping["Identitas Kependudukan"] == "nik"
    assert source_file.rows_total == len(_body())
    preamble = [n for n in source_file.notices if n["code"] == "PREAMBLE"]
    assert [n["value"] for n in preamble] == [TITLES[0][0], TITLES[1][0]]
    assert preamble[1]["message_id"].startswith("baris 2 di atas judul kolom (baris 4)")
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert TITLES[0][0] in page and "dilewati" in page

    client.post(reverse("intake:start", args=[batch.pk]))
    batch.refresh_from_db()
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    records = list(SourceRecord.objects.filter(batch=batch).order_by("row_number"))
    assert [r.row_number for r in records] == list(range(1, len(_body()) + 1))
    for record, row in zip(records, _body(), strict=True):
        assert json.loads(record.raw) == dict(zip(HEADER, row, strict=True))
    assert not any("DAFTAR" in r.owner_name or "Peserta" in r.owner_name for r in records)


def test_a_file_without_title_rows_reads_as_before(client_of: Any, officer_bangka: Any) -> None:
    client = client_of(officer_bangka)
    batch = _upload(client, "penerima_bantuan.csv", _csv([]))
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.header_row == 1
    assert source_file.headers == HEADER
    assert not [n for n in source_file.notices if n["code"] == "PREAMBLE"]
    assert source_file.rows_total == len(_body())
