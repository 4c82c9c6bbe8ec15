"""The page flow: upload, preview, correct the mapping, start, watch progress, rows stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.tasks import queued_jobs, run_worker

from sinergi.intake import actions, pipeline
from sinergi.intake.models import BatchStatus, ImportBatch, Source, SourceFile, SourceRecord

from .conftest import BANGKA_CSV

pytestmark = pytest.mark.django_db

SOURCE = "Dinas Kab. Bangka, pendataan UMKM terdampak"
# Neither "Usaha" nor "Catatan" is recognised; the officer maps them by hand.
ODD_CSV = "Pemilik,Usaha,Catatan,Kecamatan\nSiti,Warung Siti,Kopi bubuk,Sungailiat\n"


def upload(client: Any, content: str, name: str = "dinas_bangka.csv", **extra: Any) -> Any:
    """Post the file, then let the worker read it (the request only stores it)."""
    files = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("intake:upload"), {"source": SOURCE, "files": files, **extra})
    run_worker()
    return response


def run_queued(batch: ImportBatch) -> None:
    # The worker's job, run here synchronously (the task body is `run_import`).
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE


def test_an_officer_uploads_previews_corrects_the_mapping_and_imports(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    response = upload(client, ODD_CSV)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/intake/{batch.pk}/")
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert "Warung Siti" in page and "Kopi bubuk" in page  # preview of the first rows
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.mapping.get("Pemilik") == "owner_name"
    assert "Catatan" not in source_file.mapping and "Usaha" not in source_file.mapping
    headers = source_file.headers
    form = {f"map-{i}": source_file.mapping.get(h, "-") for i, h in enumerate(headers)}
    form[f"map-{headers.index('Catatan')}"] = "product"
    form[f"map-{headers.index('Usaha')}"] = "business_name"
    response = client.post(
        reverse("intake:mapping", args=[batch.pk, source_file.pk]), form, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    source_file.refresh_from_db()
    assert source_file.mapping["Catatan"] == "product"
    response = client.post(reverse("intake:start", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and batch.task_id
    run_queued(batch)
    record = SourceRecord.objects.get(batch=batch)
    assert record.canonical["product"] == "Kopi bubuk"
    assert record.business_name == "Warung Siti"
    progress = client.get(reverse("intake:progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert progress.status_code == 286  # htmx: stop polling, the import is finished
    assert 'data-percent="100"' in progress.content.decode()


def test_the_corrected_mapping_is_remembered_for_the_next_upload_from_the_source(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    upload(client, ODD_CSV)
    source_file = SourceFile.objects.get()
    form = {f"map-{i}": source_file.mapping.get(h, "-") for i, h in enumerate(source_file.headers)}
    form[f"map-{source_file.headers.index('Catatan')}"] = "product"
    client.post(reverse("intake:mapping", args=[source_file.batch_id, source_file.pk]), form)
    assert Source.objects.get(name=SOURCE).column_map["Catatan"] == "product"
    upload(client, ODD_CSV.replace("Siti", "Ani"), name="dinas_bangka_mei.csv")
    second = SourceFile.objects.get(name="dinas_bangka_mei.csv")
    assert second.mapping["Catatan"] == "product"


def test_a_progress_page_polls_while_the_import_runs(client_of: Any, officer_bangka: Any) -> None:
    client = client_of(officer_bangka)
    upload(client, BANGKA_CSV)
    batch = ImportBatch.objects.get()
    client.post(reverse("intake:start", args=[batch.pk]))
    response = client.get(reverse("intake:progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_uploading_the_same_file_again_is_detected_and_asked_about(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    upload(client, BANGKA_CSV)
    first = ImportBatch.objects.get()
    client.post(reverse("intake:start", args=[first.pk]))
    run_queued(first)
    upload(client, BANGKA_CSV, name="salinan.csv")
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of_id == first.pk
    page = client.get(reverse("intake:detail", args=[second.pk])).content.decode()
    assert 'id="duplicate-warning"' in page
    client.post(reverse("intake:start", args=[second.pk]))  # not confirmed
    second.refresh_from_db()
    assert second.status == BatchStatus.DRAFT
    client.post(reverse("intake:start", args=[second.pk]), {"again": "1"})
    second.refresh_from_db()
    assert second.status == BatchStatus.QUEUED and second.duplicate_confirmed


def test_cancelling_a_running_import_stops_it_and_keeps_the_rows_already_stored(
    client_of: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    from .conftest import csv_rows

    client = client_of(officer_bangka)
    upload(client, csv_rows(9))
    batch = ImportBatch.objects.get()
    client.post(reverse("intake:start", args=[batch.pk]))

    def user_presses_cancel(chunks: int) -> None:
        client.post(reverse("intake:cancel", args=[batch.pk]))

    monkeypatch.setattr(pipeline, "after_chunk", user_presses_cancel)
    assert pipeline.run_import(batch.pk, chunk_rows_count=3) == BatchStatus.CANCELLED
    assert SourceRecord.objects.filter(batch=batch).count() == 3
    # It can be resumed later, from where it stopped.
    monkeypatch.setattr(pipeline, "after_chunk", None)
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk, chunk_rows_count=3) == BatchStatus.DONE
    assert SourceRecord.objects.filter(batch=batch).count() == 9


def test_a_queued_import_cancelled_before_it_starts_never_runs(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    upload(client, BANGKA_CSV)
    batch = ImportBatch.objects.get()
    client.post(reverse("intake:start", args=[batch.pk]))
    client.post(reverse("intake:cancel", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == "not-claimed"
    assert not SourceRecord.objects.exists()


def test_the_upload_request_only_stores_the_file_and_queues_its_reading(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    files = SimpleUploadedFile("dinas_bangka.csv", BANGKA_CSV.encode(), content_type="text/csv")
    response = client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/intake/{batch.pk}/")
    # Nothing was parsed: no headers, no rows counted, one job waiting for the worker.
    assert batch.status == BatchStatus.READING and batch.rows_total == 0
    assert SourceFile.objects.get(batch=batch).headers == []
    assert [j.task_path.rsplit(".", 1)[-1] for j in queued_jobs()] == ["read_batch_task"]
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert 'data-status="reading"' in page and 'id="reading"' in page
    assert "Warung Bu Siti" not in page and 'id="file-' not in page  # nothing read yet
    polled = client.get(
        reverse("intake:progress", args=[batch.pk]) + "?reading=1", HTTP_HX_REQUEST="true"
    )
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    ran = run_worker()
    assert [r.status for r in ran] == ["SUCCESSFUL"]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT and batch.rows_total == 5
    polled = client.get(
        reverse("intake:progress", args=[batch.pk]) + "?reading=1", HTTP_HX_REQUEST="true"
    )
    assert polled["HX-Refresh"] == "true"  # the page reloads with the preview
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert "Warung Bu Siti" in page and reverse("intake:start", args=[batch.pk]) in page


def test_an_unreadable_file_ends_the_job_with_a_message_naming_it(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    response = upload(client, "Nama\n", name="kosong.csv")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.UNREADABLE and "kosong.csv" in batch.error
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert 'data-status="unreadable"' in page and "kosong.csv" in page
    assert reverse("intake:start", args=[batch.pk]) not in page  # nothing to import
    with pytest.raises(actions.IntakeError):
        actions.start_import(officer_bangka, batch)


def test_a_broken_workbook_is_reported_by_the_job_not_the_request(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    files = SimpleUploadedFile("rusak.xlsx", b"PK\x03\x04 not really a workbook")
    response = client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    assert response.status_code == 302
    run_worker()
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.UNREADABLE and "rusak.xlsx" in batch.error


def test_several_files_are_uploaded_in_one_batch(client_of: Any, officer_bangka: Any) -> None:
    client = client_of(officer_bangka)
    files = [
        SimpleUploadedFile("a.csv", BANGKA_CSV.encode(), content_type="text/csv"),
        SimpleUploadedFile("b.csv", ODD_CSV.encode(), content_type="text/csv"),
    ]
    client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    run_worker()
    batch = ImportBatch.objects.get()
    assert [f.name for f in batch.files.all()] == ["a.csv", "b.csv"]
    assert batch.rows_total == 6
    client.post(reverse("intake:start", args=[batch.pk]))
    run_queued(batch)
    assert SourceRecord.objects.filter(batch=batch).count() == 6


def test_an_xlsx_keeps_a_nik_typed_as_text_whole(client_of: Any, officer_bangka: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nama Pemilik", "NIK", "Nama Usaha"])
    sheet.append(["Siti", "1901015507850001", "Warung Siti"])
    sheet.append(["Ahmad", 1901011203800000, "Toko Ahmad"])
    buf = io.BytesIO()
    book.save(buf)
    client = client_of(officer_bangka)
    files = SimpleUploadedFile("dinas.xlsx", buf.getvalue())
    client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    run_worker()
    batch = ImportBatch.objects.get()
    client.post(reverse("intake:start", args=[batch.pk]))
    run_queued(batch)
    first, second = SourceRecord.objects.filter(batch=batch).order_by("row_number")
    assert first.canonical["nik"] == "1901015507850001"
    assert second.canonical["nik"] == "1901011203800000"
    assert second.problems.filter(code="NIK_DAMAGED").exists()


@pytest.mark.parametrize(
    "status", ["reading", "unreadable", "queued", "running", "failed", "cancelled", "done"]
)
def test_the_import_page_and_list_show_every_status(
    client_of: Any, officer_bangka: Any, status: str
) -> None:
    client = client_of(officer_bangka)
    upload(client, BANGKA_CSV)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, error="boom" * (status == "failed")
    )
    page = client.get(reverse("intake:detail", args=[batch.pk]))
    assert page.status_code == 200
    assert f'data-status="{status}"' in page.content.decode()
    resumable = status in ("failed", "cancelled")
    assert (reverse("intake:start", args=[batch.pk]) in page.content.decode()) == resumable
    assert SOURCE in client.get(reverse("intake:list")).content.decode()


def test_what_the_reader_noticed_about_a_file_is_shown_with_it(
    client_of: Any, officer_bangka: Any
) -> None:
    """A CSV saved in Windows-1252 is read (the accents kept), and the page says so: the
    reader's notice is not lost between the reader and the officer."""
    client = client_of(officer_bangka)
    data = "Pemilik,Usaha\nJosé Tambunan,Warung Café\n".encode("cp1252")
    files = SimpleUploadedFile("dinas_lama.csv", data, content_type="text/csv")
    client.post(reverse("intake:upload"), {"source": SOURCE, "files": files})
    run_worker()
    batch = ImportBatch.objects.get()
    source_file = SourceFile.objects.get(batch=batch)
    assert [n["code"] for n in source_file.notices] == ["ENCODING"]
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert f'id="notices-{source_file.pk}"' in page and 'data-code="ENCODING"' in page
    assert "Windows-1252" in page and "José Tambunan" in page
