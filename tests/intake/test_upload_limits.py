"""Uploads above SINERGI_MAX_UPLOAD_MB and workbooks that unpack too large are refused
with a message naming the file, before anything is parsed or stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.tasks import run_worker

from sinergi.intake.models import ImportBatch
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import InputError

pytestmark = pytest.mark.django_db


def _workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nama Pemilik", "NIK", "Nama Usaha"])
    book.active.append(["Siti Aminah", "1901015507850001", "Warung Bu Siti"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A valid workbook plus one part of 30 MB of zeros (packs to about 30 KB)."""
    out = io.BytesIO(_workbook())
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    return out.getvalue()


def _post(client: Any, name: str, content: bytes) -> Any:
    return client.post(
        reverse("intake:upload"),
        {"source": "Dinas Kab. Bangka", "files": [SimpleUploadedFile(name, content)]},
    )


def test_a_file_above_the_upload_limit_is_refused_by_name(
    client_of: Any, officer_bangka: Any, settings: Any
) -> None:
    settings.SINERGI_MAX_UPLOAD_MB = 1
    big = b"Nama Pemilik,NIK\n" + b"Siti Aminah,1901015507850001\n" * 40_000
    response = _post(client_of(officer_bangka), "pendataan_besar.csv", big)
    body = response.content.decode()
    assert response.status_code == 200
    assert "pendataan_besar.csv" in body and "1 MB" in body
    assert not ImportBatch.objects.exists()


def test_a_workbook_that_would_unpack_too_large_is_refused_by_name(
    client_of: Any, officer_bangka: Any
) -> None:
    """The request only stores the file; the worker's reader refuses it, and the job's
    outcome (shown on the import page) names the file and the size."""
    client = client_of(officer_bangka)
    response = _post(client, "bom.xlsx", _zip_bomb())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "reading"
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "unreadable"
    body = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert "bom.xlsx" in body and "30 MB" in body


def test_the_engine_refuses_it_too_and_reads_a_normal_workbook(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(_zip_bomb())
    with pytest.raises(InputError, match="bom.xlsx"):
        read_table(bomb)
    fine = tmp_path / "biasa.xlsx"
    fine.write_bytes(_workbook())
    assert read_table(fine).frame.height == 1


def test_the_unpacked_size_limit_is_configurable(tmp_path: Path, monkeypatch: Any) -> None:
    fine = tmp_path / "biasa.xlsx"
    fine.write_bytes(_workbook())
    monkeypatch.setenv("SINERGI_MAX_XLSX_RATIO", "1")
    with pytest.raises(InputError, match="biasa.xlsx"):
        read_table(fine)
