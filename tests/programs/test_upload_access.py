"""Nominating from a file: who may upload, into which cycle, and what a bad file gets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.tasks import run_worker

from sinergi.programs import actions, uploads
from sinergi.programs.models import Nomination, NominationUpload

pytestmark = pytest.mark.django_db

TEXT = "Nama Pemilik,NIK,Nama Usaha\nSiti Aminah,1901015507850001,Warung Makan Bu Siti\n"


@pytest.fixture(autouse=True)
def _files_in_tmp(tmp_path: Any, settings: Any) -> None:
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    settings.VAR_DIR = tmp_path / "var"


def post_file(client: Any, cycle: Any, text: str = TEXT, name: str = "usulan.csv") -> Any:
    return client.post(
        f"/programs/cycles/{cycle.pk}/uploads/new/",
        {"file": SimpleUploadedFile(name, text.encode("utf-8"))},
    )


def run_data(upload: NominationUpload, default: str = "1000000") -> dict[str, str]:
    data = {f"map-{i}": upload.mapping[h] for i, h in enumerate(upload.headers)}
    data["default_amount_idr"] = default
    return data


@pytest.fixture
def checked(officer_bangka: Any, cycle: Any) -> NominationUpload:
    """An upload waiting for its columns to be checked."""
    return uploads.create_upload(officer_bangka, cycle, "usulan.csv", [TEXT.encode()])


def test_an_officer_of_another_region_gets_404_everywhere(
    client_of: Any, officer_denpasar: Any, officer_bangka: Any, cycle: Any, checked: Any
) -> None:
    client = client_of(officer_denpasar)
    assert post_file(client, cycle).status_code == 404
    assert client.get(f"/programs/uploads/{checked.pk}/").status_code == 404
    assert client.post(f"/programs/uploads/{checked.pk}/", run_data(checked)).status_code == 404
    checked.refresh_from_db()
    assert checked.status == "preview" and NominationUpload.objects.count() == 1
    done = uploads.create_upload(officer_bangka, cycle, "usulan.csv", [TEXT.encode()])
    row = uploads.run_upload(officer_bangka, done, done.mapping, 1_000_000).rows.get()
    assert client.get(f"/programs/uploads/{done.pk}/").status_code == 404
    nominate = f"/programs/uploads/rows/{row.pk}/nominate/"
    assert client.post(nominate, {"business": "1"}).status_code == 404


def test_an_auditor_reads_an_upload_but_gets_403_on_every_action(
    client_of: Any, auditor: Any, cycle: Any, checked: Any
) -> None:
    client = client_of(auditor)
    assert post_file(client, cycle).status_code == 403
    page = client.get(f"/programs/uploads/{checked.pk}/")
    assert page.status_code == 200 and b"Link to the registry" not in page.content
    assert b"Tautkan ke registri" not in page.content
    assert client.post(f"/programs/uploads/{checked.pk}/", run_data(checked)).status_code == 403
    checked.refresh_from_db()
    assert checked.status == "preview"
    with pytest.raises(uploads.PermissionDenied):
        uploads.run_upload(auditor, checked, checked.mapping, 1_000_000)


def test_an_auditor_cannot_choose_for_a_doubtful_row(
    client_of: Any, auditor: Any, officer_bangka: Any, cycle: Any, checked: Any
) -> None:
    row = uploads.run_upload(officer_bangka, checked, checked.mapping, 1_000_000).rows.get()
    response = client_of(auditor).post(
        f"/programs/uploads/rows/{row.pk}/nominate/", {"business": "1"}
    )
    assert response.status_code == 403
    assert client_of(auditor).get(f"/programs/uploads/{checked.pk}/").status_code == 200


def test_a_submitted_cycle_refuses_uploads_and_runs(
    client_of: Any, officer_bangka: Any, cycle: Any, checked: Any, bangka_business: Any
) -> None:
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    actions.submit_cycle(officer_bangka, cycle)
    client = client_of(officer_bangka)
    assert post_file(client, cycle).status_code == 404
    assert client.post(f"/programs/uploads/{checked.pk}/", run_data(checked)).status_code == 404
    # The page is still there to read, without the run button.
    page = client.get(f"/programs/uploads/{checked.pk}/")
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<main")[-1]
    with pytest.raises(uploads.UploadError, match="no longer a draft"):
        uploads.run_upload(officer_bangka, checked, checked.mapping, 1_000_000)
    assert NominationUpload.objects.count() == 1 and Nomination.objects.count() == 1
    assert not checked.rows.exists()


def test_a_file_runs_only_once(
    client_of: Any, officer_bangka: Any, checked: Any, bangka_business: Any
) -> None:
    client = client_of(officer_bangka)
    assert client.post(f"/programs/uploads/{checked.pk}/", run_data(checked)).status_code == 302
    # The request queued the run; the worker links and nominates.
    checked.refresh_from_db()
    assert checked.status == "queued" and Nomination.objects.count() == 0
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    assert Nomination.objects.count() == 1
    assert client.post(f"/programs/uploads/{checked.pk}/", run_data(checked)).status_code == 200
    assert run_worker() == []  # nothing was queued again
    with pytest.raises(uploads.UploadError, match="already processed"):
        checked.refresh_from_db()
        uploads.run_upload(officer_bangka, checked, checked.mapping, 1_000_000)
    assert Nomination.objects.count() == 1 and checked.rows.count() == 1


def test_a_run_refused_by_the_worker_returns_to_the_column_check_with_the_reason(
    client_of: Any, officer_bangka: Any, cycle: Any, checked: Any, bangka_business: Any
) -> None:
    client = client_of(officer_bangka)
    client.post(f"/programs/uploads/{checked.pk}/", run_data(checked))
    # Between the click and the worker, the cycle leaves draft.
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    actions.submit_cycle(officer_bangka, cycle)
    run_worker()
    checked.refresh_from_db()
    assert checked.status == "preview" and "no longer a draft" in checked.error
    page = client.get(f"/programs/uploads/{checked.pk}/").content.decode()
    assert 'id="upload-error"' in page and "no longer a draft" in page
    assert not checked.rows.exists()


def _read_in_worker(client: Any, response: Any) -> str:
    """The upload request stored the file and went to its page; the worker reads it."""
    assert response.status_code == 302
    upload = NominationUpload.objects.order_by("-pk").first()
    assert response["Location"] == f"/programs/uploads/{upload.pk}/"
    assert upload.status == "reading" and upload.headers == []
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="reading"' in page and "?poll=1" in page
    run_worker()
    upload.refresh_from_db()
    assert upload.status == "unreadable"
    polled = client.get(response["Location"] + "?poll=1", HTTP_HX_REQUEST="true")
    assert "?poll=1" not in polled.content.decode()  # polling stops
    return client.get(response["Location"]).content.decode()


def test_an_unreadable_file_is_refused_naming_it(
    client_of: Any, officer_bangka: Any, cycle: Any
) -> None:
    client = client_of(officer_bangka)
    page = _read_in_worker(client, post_file(client, cycle, "not a list", name="usulan.pdf"))
    assert "usulan.pdf: jenis berkas tidak didukung" in page
    page = _read_in_worker(client, post_file(client, cycle, "Nama Pemilik,NIK\n", "kosong.csv"))
    assert "kosong.csv: hanya ada baris judul kolom" in page
    assert not NominationUpload.objects.exclude(status="unreadable").exists()


def test_a_file_longer_than_the_limit_is_refused_naming_it(
    client_of: Any, officer_bangka: Any, cycle: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(uploads, "MAX_ROWS", 2)
    text = "Nama Pemilik,Nama Usaha\n" + "".join(f"Orang {i},Usaha {i}\n" for i in range(3))
    client = client_of(officer_bangka)
    page = _read_in_worker(client, post_file(client, cycle, text, name="besar.csv"))
    assert "besar.csv: 3 baris; paling banyak 2 per unggahan" in page


def test_the_cycle_page_offers_the_upload_only_in_a_draft_to_managers(
    client_of: Any, officer_bangka: Any, auditor: Any, cycle: Any, checked: Any
) -> None:
    page = client_of(officer_bangka).get(f"/programs/cycles/{cycle.pk}/").content.decode()
    assert f'action="/programs/cycles/{cycle.pk}/uploads/new/"' in page
    assert f'href="/programs/uploads/{checked.pk}/"' in page
    page = client_of(auditor).get(f"/programs/cycles/{cycle.pk}/").content.decode()
    assert "/uploads/new/" not in page
