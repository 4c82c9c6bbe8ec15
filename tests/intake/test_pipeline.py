"""Import runs: rows stored once with provenance, problems, scope flags, crash and resume."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import BatchStatus, RowProblem, SourceRecord

from .conftest import csv_rows

pytestmark = pytest.mark.django_db(transaction=False)


def test_it_stores_every_input_row_with_its_raw_cells_and_provenance(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any
) -> None:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    records = list(SourceRecord.objects.filter(batch=batch).order_by("row_number"))
    assert [r.row_number for r in records] == [1, 2, 3, 4, 5]
    second = json.loads(records[1].raw)
    assert second["NIK"] == "1.90101E+15"  # kept exactly as received
    assert list(second) == [
        "No",
        "Nama Pemilik",
        "NIK",
        "Nama Usaha",
        "Alamat",
        "Kecamatan",
        "Desa",
        "No. HP",
    ]
    assert records[0].file.name == "dinas_bangka.csv"
    assert records[0].batch.uploaded_by == officer_bangka
    batch.refresh_from_db()
    assert batch.rows_read == 5


def test_it_flags_a_row_outside_the_uploaders_region_instead_of_dropping_it(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any
) -> None:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    denpasar = SourceRecord.objects.get(batch=batch, row_number=4)
    assert denpasar.in_scope is False
    assert denpasar.link_status == "out_of_scope"
    assert RowProblem.objects.filter(record=denpasar, code="OUT_OF_SCOPE").exists()
    batch.refresh_from_db()
    assert batch.rows_out_of_scope == 1


def test_it_lists_the_problems_of_each_row(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any
) -> None:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    codes = set(RowProblem.objects.filter(batch=batch).values_list("record__row_number", "code"))
    assert (2, "NIK_DAMAGED") in codes
    assert (3, "EMPTY_ROW") in codes
    assert {(5, "NIK_DAMAGED"), (5, "PHONE_INVALID"), (5, "REGION_UNKNOWN")} <= codes
    batch.refresh_from_db()
    assert batch.rows_valid + batch.rows_with_problems == 5
    assert SourceRecord.objects.get(batch=batch, row_number=3).link_status == "skipped"


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the pipeline catches it."""


def test_a_worker_killed_mid_import_and_restarted_stores_each_row_exactly_once(
    make_batch: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    batch = make_batch(csv_rows(25))
    start_import(officer_bangka, batch)

    def kill(chunks: int) -> None:
        if chunks == 2:
            raise WorkerKilled

    monkeypatch.setattr(pipeline, "after_chunk", kill)
    with pytest.raises(WorkerKilled):
        pipeline.run_import(batch.id, chunk_rows_count=10)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING and batch.rows_read == 20
    # A fresh worker does not steal a batch whose heartbeat is recent ...
    monkeypatch.setattr(pipeline, "after_chunk", None)
    assert pipeline.run_import(batch.id, chunk_rows_count=10) == "not-claimed"
    # ... but resumes it once the heartbeat is stale.
    assert pipeline.run_import(batch.id, chunk_rows_count=10, stale_seconds=0) == "done"
    rows = list(SourceRecord.objects.filter(batch=batch).values_list("row_number", flat=True))
    assert sorted(rows) == list(range(1, 26))
    batch.refresh_from_db()
    assert batch.rows_read == 25 and batch.attempts == 2


def test_a_crash_inside_a_chunk_leaves_no_half_chunk(
    make_batch: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    batch = make_batch(csv_rows(12))
    start_import(officer_bangka, batch)
    real = pipeline.writer.write_problems
    calls = {"n": 0}

    def crash_on_second(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise WorkerKilled
        real(*args, **kwargs)

    monkeypatch.setattr(pipeline.writer, "write_problems", crash_on_second)
    with pytest.raises(WorkerKilled):
        pipeline.run_import(batch.id, chunk_rows_count=5)
    assert SourceRecord.objects.filter(batch=batch).count() == 5
    monkeypatch.setattr(pipeline.writer, "write_problems", real)
    assert pipeline.run_import(batch.id, chunk_rows_count=5, stale_seconds=0) == "done"
    assert SourceRecord.objects.filter(batch=batch).count() == 12


def test_a_second_worker_cannot_store_a_chunk_already_stored(
    make_batch: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    from sinergi.intake.models import SourceFile

    batch = make_batch(csv_rows(6))
    start_import(officer_bangka, batch)

    def other_worker_stores_next_chunk(chunks: int) -> None:
        # Another worker (claimed after a stale heartbeat) moves the cursor on meanwhile.
        SourceFile.objects.filter(batch=batch).update(rows_done=4)

    monkeypatch.setattr(pipeline, "after_chunk", other_worker_stores_next_chunk)
    assert pipeline.run_import(batch.id, chunk_rows_count=2) == BatchStatus.FAILED
    assert SourceRecord.objects.filter(batch=batch).count() == 2
    batch.refresh_from_db()
    assert "another worker" in batch.error


def test_at_the_end_it_hands_the_pending_in_region_rows_to_the_linker(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    calls: list[tuple[list[int], Any]] = []
    monkeypatch.setattr(
        pipeline, "link_records_function", lambda: lambda ids, user=None: calls.append((ids, user))
    )
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    ((ids, user),) = calls
    rows = set(SourceRecord.objects.filter(id__in=ids).values_list("row_number", flat=True))
    assert rows == {1, 2, 5}  # not the empty row 3, not the Denpasar row 4
    assert user == officer_bangka


def test_a_failing_linker_keeps_the_rows_and_says_so(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    def broken(ids: list[int], user: Any = None) -> None:
        raise RuntimeError("model missing")

    monkeypatch.setattr(pipeline, "link_records_function", lambda: broken)
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    batch.refresh_from_db()
    assert "model missing" in batch.error
    assert SourceRecord.objects.filter(batch=batch, link_status="pending").count() == 3


def test_a_chunk_spanning_two_files_resumes_exactly_once_in_each(
    officer_bangka: Any, monkeypatch: Any
) -> None:
    from sinergi.intake.actions import Upload, create_batch

    batch = create_batch(
        officer_bangka,
        source_name="S",
        uploads=[
            Upload("a.csv", [csv_rows(7).encode()]),
            Upload("b.csv", [csv_rows(7, start=100).encode()]),
        ],
    )
    start_import(officer_bangka, batch)

    def kill(chunks: int) -> None:
        if chunks == 2:
            raise WorkerKilled

    monkeypatch.setattr(pipeline, "after_chunk", kill)
    with pytest.raises(WorkerKilled):
        pipeline.run_import(batch.id, chunk_rows_count=5)
    assert sorted(batch.files.values_list("name", "rows_done")) == [("a.csv", 7), ("b.csv", 3)]
    monkeypatch.setattr(pipeline, "after_chunk", None)
    assert pipeline.run_import(batch.id, chunk_rows_count=5, stale_seconds=0) == "done"
    for name in ("a.csv", "b.csv"):
        rows = SourceRecord.objects.filter(file__name=name).values_list("row_number", flat=True)
        assert sorted(rows) == list(range(1, 8))
    assert RowProblem.objects.filter(batch=batch).count() == 0


def test_the_rows_problems_and_counts_stored_do_not_depend_on_the_chunk_size(
    make_batch: Any, bangka_csv: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    from sinergi.intake.models import ImportBatch

    def stored(chunk: int, first: int = 10_000) -> tuple[Any, ...]:
        monkeypatch.setattr(pipeline, "FIRST_CHUNK_ROWS", first)
        batch = make_batch(bangka_csv)
        start_import(officer_bangka, batch, confirm_duplicate=True)
        assert pipeline.run_import(batch.id, chunk_rows_count=chunk) == BatchStatus.DONE
        records = SourceRecord.objects.filter(batch=batch).order_by("row_number")
        rows = [
            (r.row_number, r.raw, r.normalised, r.problem_count, r.in_scope, r.link_status)
            for r in records
        ]
        problems = sorted(
            RowProblem.objects.filter(batch=batch).values_list("record__row_number", "code")
        )
        batch = ImportBatch.objects.get(id=batch.id)
        counts = (batch.rows_read, batch.rows_valid, batch.rows_with_problems)
        return rows, problems, counts, batch.rows_out_of_scope

    whole = stored(chunk=1000)
    assert whole[2] == (5, 1, 4) and whole[3] == 1
    assert stored(chunk=2) == whole
    assert stored(chunk=1) == whole
    assert stored(chunk=3, first=1) == whole  # rows 1 | 2-4 | 5


def test_cells_with_tabs_backslashes_and_line_breaks_are_stored_exactly(
    make_batch: Any, officer_bangka: Any
) -> None:
    owner = 'Siti\tAminah \\ "Ani"\nbaris dua \\N'
    phone = "0812\\345\t6"
    text = (
        "Nama Pemilik,NIK,Nama Usaha,Kecamatan,No. HP\n"
        f'"{owner.replace(chr(34), chr(34) * 2)}",1901015507850001,"Toko\rSiti",Sungailiat,'
        f'"{phone}"\n'
    )
    batch = make_batch(text)
    start_import(officer_bangka, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    record = SourceRecord.objects.get(batch=batch)
    assert record.owner_name == owner
    assert record.business_name == "Toko\rSiti"
    assert json.loads(record.raw)["Nama Pemilik"] == owner
    assert record.canonical["owner_name"] == owner
    problem = RowProblem.objects.get(record=record, code="PHONE_INVALID")
    assert problem.value == phone and problem.corrected_value == ""


def test_a_file_changed_since_the_upload_fails_the_batch_before_any_row_is_stored(
    officer_bangka: Any,
) -> None:
    from pathlib import Path

    from sinergi.intake.actions import Upload, create_batch

    batch = create_batch(
        officer_bangka,
        source_name="S",
        uploads=[
            Upload("a.csv", [csv_rows(7).encode()]),
            Upload("b.csv", [csv_rows(7, start=100).encode()]),
        ],
    )
    start_import(officer_bangka, batch)
    second = batch.files.get(name="b.csv")
    Path(second.stored_path).write_text(csv_rows(3, start=100), encoding="utf-8")
    assert pipeline.run_import(batch.id, chunk_rows_count=5) == BatchStatus.FAILED
    batch.refresh_from_db()
    assert "b.csv" in batch.error and "changed since it was uploaded" in batch.error
    assert not SourceRecord.objects.filter(batch=batch).exists()
