"""The table read at upload is kept for the import, which then does not parse the file again.

The rows stored from the kept table must be the rows stored from a fresh read, byte for byte;
a missing or stale kept table falls back to reading the file.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.tasks import run_worker

from sinergi.intake import parsed, pipeline
from sinergi.intake.models import BatchStatus, ImportBatch, SourceFile, SourceRecord

pytestmark = pytest.mark.django_db

SOURCE = "Dinas Kab. Bangka, pendataan UMKM"
# A title line, a blank header, a repeated header, quotes, a comma and a line break inside
# cells, leading/trailing spaces, an empty quoted cell, non-ASCII text, an Excel-damaged NIK.
MESSY_CSV = (
    "DATA UMKM KABUPATEN BANGKA TAHUN 2024\n"
    "\n"
    "No,Nama Pemilik,NIK,Nama Usaha,Alamat,,Nama Usaha,Kecamatan,Desa,Keterangan\n"
    '1,"Siti ""Ani"" Aminah",1901015507850001,Warung Bu Siti,"Jl. Merdeka No. 5, RT 01",x,'
    'Cabang,Sungailiat,Sri Menanti,"baris satu\nbaris dua"\n'
    "2,  Made Wirawan ,1.90101E+15,Kedai Made,Jl. Bypass,,,Sungailiat,Sri Menanti,\n"
    '3,Ñoño Élise,,"",Jl. Ça Va,,,Sungailiat,Desa Entah,ünïcödé ✓\n'
    "4,,,,,,,,,\n"
    "5,Rina \\ Backslash,190101550785000,Kios\tRina,Jl. Melati 2,,,Sungailiat,Sri Menanti,"
    '"{""a"":1}"\n'
)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data UMKM"
    sheet.append(["Nama Pemilik", "NIK", "Nama Usaha", "Omzet", "Kecamatan"])
    sheet.append(["Siti", "1901015507850001", "Warung Siti", 1250000, "Sungailiat"])
    sheet.append(["Ahmad", 1901011203800000, "Toko Ahmad", 1250000.5, "Sungailiat"])
    sheet.append(["Wayan", None, "Kedai", None, "Denpasar Selatan"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _upload(client: Any, name_suffix: str = "") -> ImportBatch:
    files = [
        SimpleUploadedFile(f"dinas{name_suffix}.csv", MESSY_CSV.encode("utf-8")),
        SimpleUploadedFile(f"dinas{name_suffix}.xlsx", _xlsx()),
    ]
    response = client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    assert response.status_code == 302
    run_worker()  # reads the files and keeps what it read
    return ImportBatch.objects.order_by("-id").first()


def _cache_dirs(batch: ImportBatch) -> list[Path]:
    return [Path(f.stored_path).parent / parsed.CACHE_DIR for f in batch.files.all()]


def _stored(batch: ImportBatch) -> list[tuple[Any, ...]]:
    records = SourceRecord.objects.filter(batch=batch).order_by("file__position", "row_number")
    return [
        (
            r.file.position,
            r.sheet,
            r.row_number,
            r.raw,
            r.canonical,
            r.normalised,
            r.nik_status,
            r.regency_code,
            r.in_scope,
            r.problem_count,
            sorted(r.problems.values_list("column", "code", "value")),
        )
        for r in records
    ]


@pytest.fixture
def reads(monkeypatch: Any) -> list[str]:
    """The names of the files the import parses itself (not taken from the kept table)."""
    calls: list[str] = []
    real = parsed.read_table

    def counting(path: Any, sheet: Any = None) -> Any:
        calls.append(Path(path).name)
        return real(path, sheet)

    monkeypatch.setattr(parsed, "read_table", counting)
    return calls


def test_the_stored_raw_rows_are_byte_identical_with_and_without_the_kept_table(
    client_of: Any, officer_bangka: Any, reads: list[str]
) -> None:
    client = client_of(officer_bangka)
    cached = _upload(client)
    assert all(d.is_dir() for d in _cache_dirs(cached))
    client.post(reverse("intake:start", args=[cached.pk]))
    assert pipeline.run_import(cached.pk) == BatchStatus.DONE
    assert reads == []  # both files came from the kept tables

    fresh = _upload(client, name_suffix="-salinan")
    for folder in _cache_dirs(fresh):
        shutil.rmtree(folder)  # the var dir was cleaned, or the worker is another machine
    client.post(reverse("intake:start", args=[fresh.pk]), {"again": "1"})
    assert pipeline.run_import(fresh.pk) == BatchStatus.DONE
    assert sorted(reads) == ["dinas-salinan.csv", "dinas-salinan.xlsx"]

    with_cache, without = _stored(cached), _stored(fresh)
    assert len(with_cache) == 5 + 3
    assert with_cache == without
    # ... and both are the cells as received.
    first = SourceRecord.objects.get(batch=cached, file__position=0, row_number=1)
    assert first.raw.encode() == json.dumps(
        {
            "No": "1",
            "Nama Pemilik": 'Siti "Ani" Aminah',
            "NIK": "1901015507850001",
            "Nama Usaha": "Warung Bu Siti",
            "Alamat": "Jl. Merdeka No. 5, RT 01",
            "Kolom 6": "x",
            "Nama Usaha (2)": "Cabang",
            "Kecamatan": "Sungailiat",
            "Desa": "Sri Menanti",
            "Keterangan": "baris satu\nbaris dua",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    second = SourceRecord.objects.get(batch=cached, file__position=0, row_number=2)
    assert json.loads(second.raw)["Nama Pemilik"] == "  Made Wirawan "
    ahmad = SourceRecord.objects.get(batch=cached, file__position=1, row_number=2)
    assert json.loads(ahmad.raw)["NIK"] == "1901011203800000"
    assert ahmad.problems.filter(code="NIK_DAMAGED").exists()


def test_the_import_does_not_parse_the_file_again(
    client_of: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    client = client_of(officer_bangka)
    batch = _upload(client)

    def no_second_read(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the import parsed the file again")

    monkeypatch.setattr(parsed, "read_table", no_second_read)
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert SourceRecord.objects.filter(batch=batch).count() == 8


def test_once_every_row_is_stored_the_kept_tables_are_removed_but_not_the_files(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    batch = _upload(client)
    folders = _cache_dirs(batch)
    assert all(any(d.glob("*.arrow")) for d in folders)
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert not any(any(d.iterdir()) for d in folders)
    assert all(Path(f.stored_path).is_file() for f in batch.files.all())


def test_a_cancelled_import_keeps_its_tables_and_resumes_from_them(
    client_of: Any, officer_bangka: Any, monkeypatch: Any, reads: list[str]
) -> None:
    client = client_of(officer_bangka)
    batch = _upload(client)
    client.post(reverse("intake:start", args=[batch.pk]))
    monkeypatch.setattr(
        pipeline, "after_chunk", lambda n: client.post(reverse("intake:cancel", args=[batch.pk]))
    )
    assert pipeline.run_import(batch.pk, chunk_rows_count=3) == BatchStatus.CANCELLED
    monkeypatch.setattr(pipeline, "after_chunk", None)
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk, chunk_rows_count=3) == BatchStatus.DONE
    assert reads == []
    rows = SourceRecord.objects.filter(batch=batch).values_list("file__position", "row_number")
    assert sorted(rows) == [(0, n) for n in range(1, 6)] + [(1, n) for n in range(1, 4)]


def _csv_batch(client: Any, text: str) -> tuple[ImportBatch, SourceFile]:
    files = SimpleUploadedFile("dinas.csv", text.encode("utf-8"))
    client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    run_worker()
    batch = ImportBatch.objects.order_by("-id").first()
    return batch, batch.files.get()


STALE_CSV = "Nama Pemilik,NIK,Kecamatan\nSiti,1901015507850001,Sungailiat\n"


def _plant_other_cells(source_file: SourceFile) -> None:
    """Overwrite the kept table with other cells of the same shape (a stale cache)."""
    import polars as pl

    (arrow,) = (Path(source_file.stored_path).parent / parsed.CACHE_DIR).glob("*.arrow")
    frame = pl.read_ipc(arrow).with_columns(pl.lit("BUKAN INI").alias("Nama Pemilik"))
    frame.write_ipc(arrow)


def test_a_kept_table_older_than_the_stored_file_is_not_used(
    client_of: Any, officer_bangka: Any, reads: list[str]
) -> None:
    client = client_of(officer_bangka)
    batch, source_file = _csv_batch(client, STALE_CSV)
    _plant_other_cells(source_file)
    stored = Path(source_file.stored_path)
    stat = stored.stat()
    os.utime(stored, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # restored copy
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert reads == ["dinas.csv"]
    record = SourceRecord.objects.get(batch=batch)
    assert json.loads(record.raw)["Nama Pemilik"] == "Siti"


def test_a_kept_table_of_another_format_version_is_not_used(
    client_of: Any, officer_bangka: Any, monkeypatch: Any, reads: list[str]
) -> None:
    client = client_of(officer_bangka)
    batch, source_file = _csv_batch(client, STALE_CSV)
    _plant_other_cells(source_file)
    monkeypatch.setattr(parsed, "FORMAT_VERSION", parsed.FORMAT_VERSION + 1)  # a newer reader
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert reads == ["dinas.csv"]
    assert json.loads(SourceRecord.objects.get(batch=batch).raw)["Nama Pemilik"] == "Siti"


def test_a_damaged_kept_table_falls_back_to_the_file(
    client_of: Any, officer_bangka: Any, reads: list[str]
) -> None:
    client = client_of(officer_bangka)
    batch, source_file = _csv_batch(client, STALE_CSV)
    (arrow,) = (Path(source_file.stored_path).parent / parsed.CACHE_DIR).glob("*.arrow")
    arrow.write_bytes(b"not arrow at all")
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert reads == ["dinas.csv"]
    assert json.loads(SourceRecord.objects.get(batch=batch).raw)["Nama Pemilik"] == "Siti"


def test_a_table_that_cannot_be_kept_does_not_fail_the_upload(
    client_of: Any, officer_bangka: Any, settings: Any, reads: list[str]
) -> None:
    from sinergi.intake import storage

    text = STALE_CSV.encode("utf-8")
    path, _hash, _size = storage.store_chunks("dinas.csv", [text])
    (path.parent / parsed.CACHE_DIR).write_text("a file where the folder should be")
    client = client_of(officer_bangka)
    batch, _source_file = _csv_batch(client, STALE_CSV)
    assert batch.rows_total == 1
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    assert reads == ["dinas.csv"]
