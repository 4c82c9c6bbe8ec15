"""Region scoping of intake: an officer of another region sees nothing and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from tests.tasks import run_worker

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import ImportBatch, RowProblem, SourceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(make_batch: Any, bangka_csv: Any, officer_bangka: Any) -> Any:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    return batch


def _pages(batch: ImportBatch) -> list[tuple[str, str, dict]]:
    record = SourceRecord.objects.filter(batch=batch).first()
    problem = RowProblem.objects.filter(batch=batch).first()
    source_file = batch.files.first()
    return [
        ("get", reverse("intake:detail", args=[batch.pk]), {}),
        ("get", reverse("intake:progress", args=[batch.pk]), {}),
        ("get", reverse("intake:problems", args=[batch.pk]), {}),
        ("get", reverse("intake:problems_export", args=[batch.pk]), {"format": "csv"}),
        ("get", reverse("intake:record", args=[record.pk]), {}),
        ("post", reverse("intake:start", args=[batch.pk]), {}),
        ("post", reverse("intake:cancel", args=[batch.pk]), {}),
        ("post", reverse("intake:problem_fix", args=[problem.pk]), {"value": "x"}),
        ("post", reverse("intake:mapping", args=[batch.pk, source_file.pk]), {"map-0": "nik"}),
    ]


def test_an_officer_of_another_region_gets_404_everywhere_and_nothing_changes(
    client_of: Any, officer_denpasar: Any, imported: Any
) -> None:
    client = client_of(officer_denpasar)
    before = list(RowProblem.objects.values_list("id", "status"))
    for method, url, data in _pages(imported):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    assert list(RowProblem.objects.values_list("id", "status")) == before
    imported.refresh_from_db()
    assert imported.status == "done" and not imported.cancel_requested
    listing = client.get(reverse("intake:list")).content.decode()
    assert "Dinas Kab. Bangka" not in listing


def test_roles_that_may_not_import_get_403(
    client_of: Any, assistant_bangka: Any, auditor: Any, imported: Any
) -> None:
    for user in (assistant_bangka, auditor):
        client = client_of(user)
        assert client.get(reverse("intake:upload")).status_code == 403
        assert client.get(reverse("intake:list")).status_code == 403
        assert client.get(reverse("intake:detail", args=[imported.pk])).status_code == 403


def test_anonymous_users_are_sent_to_login(client_of: Any, imported: Any) -> None:
    response = client_of(None).get(reverse("intake:detail", args=[imported.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_province_officer_sees_the_regency_upload(
    client_of: Any, officer_babel: Any, imported: Any
) -> None:
    client = client_of(officer_babel)
    assert client.get(reverse("intake:detail", args=[imported.pk])).status_code == 200


def test_a_regency_officer_always_uploads_for_their_own_organisation_and_region(
    client_of: Any, officer_bangka: Any, officer_denpasar: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sinergi.accounts.models import Organisation

    other = Organisation.objects.get(name="Dinas KUKM Kota Denpasar")
    client = client_of(officer_bangka)
    files = SimpleUploadedFile("a.csv", b"Nama Pemilik,NIK\nSiti,1901015507850001\n")
    client.post(reverse("intake:upload"), {"source": "S", "files": files, "organisation": other.pk})
    run_worker()
    batch = ImportBatch.objects.get()
    assert batch.scope_code == "1901"
    assert batch.organisation.name == "Dinas KUKM Kab. Bangka"


def test_a_reupload_is_not_reported_across_regions(
    make_batch: Any, imported: Any, officer_denpasar: Any, bangka_csv: Any
) -> None:
    # Telling a Denpasar officer "already imported as #n" would reveal Bangka's upload.
    second = make_batch(bangka_csv, user=officer_denpasar)
    assert second.duplicate_of_id is None
    assert second.scope_code == "5171"


def test_every_input_row_is_traceable_to_file_row_batch_and_uploader(
    imported: Any, officer_bangka: Any
) -> None:
    rows = SourceRecord.objects.filter(batch=imported).values_list(
        "file__name", "row_number", "batch__uploaded_by", "imported_at"
    )
    assert sorted(r[1] for r in rows) == [1, 2, 3, 4, 5]
    assert {r[0] for r in rows} == {"dinas_bangka.csv"}
    assert {r[2] for r in rows} == {officer_bangka.pk}
    assert all(r[3] is not None for r in rows)


def test_only_national_users_choose_the_organisation_on_upload(
    client_of: Any, officer_bangka: Any, admin: Any
) -> None:
    regional = client_of(officer_bangka).get(reverse("intake:upload")).content.decode()
    national = client_of(admin).get(reverse("intake:upload")).content.decode()
    assert 'name="organisation"' not in regional and 'name="organisation"' in national
    assert 'name="files"' in regional and "multiple" in regional
