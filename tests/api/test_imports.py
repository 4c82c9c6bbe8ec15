"""/api/imports: upload a file for import and poll it, exactly as the web upload does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.tasks import run_worker

from sinergi.audit.models import AuditEvent
from sinergi.intake.models import ImportBatch

pytestmark = pytest.mark.django_db

CSV = (
    "No,Nama Pemilik,NIK,Nama Usaha,Alamat,Kecamatan,Desa,No. HP\n"
    "1,Siti Aminah,1901015507850001,Warung Bu Siti,Jl. Merdeka No. 5,Sungailiat,Sri Menanti,"
    "081234567890\n"
    "2,Made Wirawan,5171011203800002,Kedai Made,Jl. Bypass,Denpasar Selatan,Serangan,0361222333\n"
)
SOURCE = "Dinas Kab. Bangka, pendataan lewat API"


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from sinergi.intake import pipeline

    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setattr(pipeline, "link_records_function", lambda: None)


class Uploader:
    def __init__(self, token: str) -> None:
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {token}"}

    def upload(self, content: str = CSV, name: str = "api_bangka.csv", **extra: Any) -> Any:
        files = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
        data = {"source": SOURCE, "files": files, **extra}
        return self.client.post("/api/imports", data, headers=self.headers)

    def get(self, pk: int) -> Any:
        return self.client.get(f"/api/imports/{pk}", headers=self.headers)

    def start(self, pk: int, confirm: bool = False) -> Any:
        query = "?confirm_duplicate=true" if confirm else ""
        return self.client.post(f"/api/imports/{pk}/start{query}", headers=self.headers)


@pytest.fixture
def uploader_of(token_of: Any) -> Any:
    return lambda user: Uploader(token_of(user))


def test_an_officer_uploads_polls_starts_and_sees_the_import_done(
    uploader_of: Any, officer_bangka: Any
) -> None:
    api = uploader_of(officer_bangka)
    response = api.upload()
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "reading" and body["files"][0]["name"] == "api_bangka.csv"
    batch = ImportBatch.objects.get(pk=body["id"])
    # The same batch as a web upload: the officer's region and organisation, audited.
    assert batch.scope_code == "1901" and batch.uploaded_by == officer_bangka
    assert batch.organisation == officer_bangka.membership.organisation
    assert AuditEvent.objects.filter(action="create", kind="files_received").exists()

    run_worker()  # the worker reads the file
    polled = api.get(batch.pk).json()
    assert polled["status"] == "draft" and polled["rows_total"] == 2
    assert polled["files"][0]["mapping"]["NIK"] == "nik"

    started = api.start(batch.pk)
    assert started.status_code == 200 and started.json()["status"] == "queued"
    run_worker()  # the worker imports it
    done = api.get(batch.pk).json()
    assert done["status"] == "done" and done["percent"] == 100
    assert done["rows_read"] == 2 and done["rows_out_of_scope"] == 1  # the Denpasar row


def test_a_repeated_file_needs_confirmation(uploader_of: Any, officer_bangka: Any) -> None:
    api = uploader_of(officer_bangka)
    first = api.upload().json()["id"]
    run_worker()
    api.start(first)
    run_worker()
    second = api.upload().json()["id"]
    run_worker()
    assert api.get(second).json()["duplicate_of"] == first
    refused = api.start(second)
    assert refused.status_code == 409 and f"#{first}" in refused.json()["detail"]
    assert api.start(second, confirm=True).status_code == 200


def test_an_unreadable_file_says_why_naming_the_file(uploader_of: Any, officer_bangka: Any):
    api = uploader_of(officer_bangka)
    pk = api.upload("bukan buku kerja", name="rusak.xlsx").json()["id"]
    run_worker()
    polled = api.get(pk).json()
    assert polled["status"] == "unreadable" and "rusak.xlsx" in polled["error"]
    assert api.start(pk).status_code == 409


def test_bad_input_is_a_422_naming_the_field(uploader_of: Any, officer_bangka: Any) -> None:
    api = uploader_of(officer_bangka)
    response = api.client.post(
        "/api/imports", {"source": "", "files": SimpleUploadedFile("a.csv", b"x")},
        headers=api.headers,
    )  # fmt: skip
    assert response.status_code == 422 and "source" in response.json()["detail"]
    empty = api.upload("", name="kosong.csv")
    assert empty.status_code == 422 and "files" in empty.json()["detail"]
    missing = api.client.post("/api/imports", {"source": "x"}, headers=api.headers)
    assert missing.status_code == 422 and not ImportBatch.objects.exists()


def test_roles_that_do_not_import_are_refused_and_other_regions_see_nothing(
    uploader_of: Any, officer_bangka: Any, officer_denpasar: Any, manager_mitra: Any
) -> None:
    pk = uploader_of(officer_bangka).upload().json()["id"]
    assert uploader_of(manager_mitra).upload().status_code == 403
    assert uploader_of(manager_mitra).get(pk).status_code == 403
    elsewhere = uploader_of(officer_denpasar)
    assert elsewhere.get(pk).status_code == 404
    assert elsewhere.start(pk).status_code == 404
    assert ImportBatch.objects.count() == 1
    no_token = Client().get(f"/api/imports/{pk}")
    assert no_token.status_code == 401
