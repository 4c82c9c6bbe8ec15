"""Large registry exports are written by the worker: progress, a download link, and the
file only for its requester or a role that sees the same list; audited, masked, guarded."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from tests.tasks import run_worker

from sinergi.audit.models import AuditEvent
from sinergi.core import jobs
from sinergi.insights import background
from sinergi.insights.models import Export

pytestmark = pytest.mark.django_db
URL = "/insights/export/registry/"


@pytest.fixture(autouse=True)
def _small_threshold(settings: Any, tmp_path: Any) -> None:
    settings.SINERGI_EXPORT_BACKGROUND_ROWS = 2
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def three_in_bangka(make_business: Any, bangka_business: Any) -> list[Any]:
    return [
        bangka_business,
        make_business(name='=HYPERLINK("http://evil","klik")'),
        make_business(name="Kedai Ketiga"),
    ]


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _ask(client: Any, **data: Any) -> Export:
    response = client.post(URL, {"fmt": "xlsx", **data})
    job = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:export_detail", args=[job.pk])
    return job


def test_a_short_list_is_still_answered_at_once(
    client_of: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    response = client_of(officer_bangka).post(URL, {"fmt": "csv"})
    assert response.status_code == 200 and not Export.objects.exists()


def test_a_long_list_is_written_by_the_worker_with_progress_and_a_download_link(
    client_of: Any, officer_bangka: Any, three_in_bangka: Any
) -> None:
    from openpyxl import load_workbook

    client = client_of(officer_bangka)
    job = _ask(client)
    page = client.get(reverse("insights:export_detail", args=[job.pk])).content.decode()
    assert 'data-status="queued"' in page and "hx-trigger" in page
    assert job.rows_total == 3 and "export-download" not in page

    results = run_worker()
    assert [r.status for r in results] == ["SUCCESSFUL"]
    job.refresh_from_db()
    assert job.status == "done" and job.rows_written == 3 and job.percent == 100

    detail = reverse("insights:export_detail", args=[job.pk])
    partial = client.get(detail, headers={"HX-Request": "true"})
    assert partial.status_code == 286  # htmx stops polling
    assert reverse("insights:export_download", args=[job.pk]) in partial.content.decode()

    response = client.get(reverse("insights:export_download", args=[job.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(_content(response))).active.values)
    assert len(rows) == 4 and rows[1][2] == "1901015507850001"  # NIK as text, in full
    assert '\'=HYPERLINK("http://evil","klik")' in [r[0] for r in rows]  # formula guard
    events = list(AuditEvent.objects.filter(action="export").order_by("id"))
    assert [e.fields for e in events] == [
        "registry,xlsx,queued,3",
        "registry,xlsx,3,full,download",
    ]
    listing = client.get(reverse("insights:export_list")).content.decode()
    assert reverse("insights:export_download", args=[job.pk]) in listing


def test_the_worker_writes_the_filtered_list_masked_for_a_masked_role(
    client_of: Any, manager_mitra: Any, three_in_bangka: Any, make_business: Any
) -> None:
    make_business(name="Kedai Keempat")
    make_business(name="Kedai Kelima")
    client = client_of(manager_mitra)
    job = _ask(client, fmt="csv", q="Kedai")
    assert job.params == {"q": "Kedai"} and not job.full_pii
    run_worker()
    body = _content(client.get(reverse("insights:export_download", args=[job.pk])))
    text = body.decode("utf-8-sig")
    assert "Kedai Ketiga" in text and "Kedai Keempat" in text and "Bu Siti" not in text
    assert not any(len(part) == 16 and part.isdigit() for part in text.replace(",", " ").split())


def test_a_province_officer_may_download_a_regency_officers_export_but_others_may_not(
    client_of: Any,
    officer_bangka: Any,
    officer_babel: Any,
    officer_denpasar: Any,
    manager_mitra: Any,
    assistant_bangka: Any,
    three_in_bangka: Any,
) -> None:
    job = _ask(client_of(officer_bangka))
    run_worker()
    download = reverse("insights:export_download", args=[job.pk])
    detail = reverse("insights:export_detail", args=[job.pk])
    # The province holds Kab. Bangka and sees NIKs: the same list, the same masking.
    assert client_of(officer_babel).get(download).status_code == 200
    assert client_of(assistant_bangka).get(download).status_code == 200
    # Another region, or a role that would see NIKs masked: nothing, not even the page.
    for other in (officer_denpasar, manager_mitra):
        assert client_of(other).get(download).status_code == 404
        assert client_of(other).get(detail).status_code == 404
        listing = client_of(other).get(reverse("insights:export_list")).content.decode()
        assert job.filename not in listing
    downloads = AuditEvent.objects.filter(action="export", fields__endswith="download")
    assert sorted(downloads.values_list("actor__username", flat=True)) == [
        "officer.babel",
        "pendamping.bangka",
    ]


def test_an_export_outside_the_scope_holds_nothing_of_bangka(
    client_of: Any, officer_denpasar: Any, three_in_bangka: Any, make_business: Any, villages: Any
) -> None:
    for n in range(3):
        make_business(villages["denpasar"], name=f"Warung Bali {n}")
    client = client_of(officer_denpasar)
    job = _ask(client, fmt="csv")
    run_worker()
    text = _content(client.get(reverse("insights:export_download", args=[job.pk]))).decode()
    assert "Warung Bali 0" in text and "Bu Siti" not in text and "Kedai Ketiga" not in text


def test_a_crashed_export_is_taken_over_and_written_again_whole(
    client_of: Any, officer_bangka: Any, three_in_bangka: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    job = _ask(client_of(officer_bangka), fmt="csv")
    # The first worker claimed it and died without a word.
    kind = jobs.KINDS["insights.export"]
    assert jobs.claim(kind, job.pk, waiting="queued")
    Export.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=jobs.STALE_SECONDS + 5), rows_written=1
    )
    assert background.run_export(job.pk) == "done"  # a stale claim is taken over
    job.refresh_from_db()
    assert job.status == "done" and job.rows_written == 3
    assert background.run_export(job.pk) == "not-claimed"  # a done job is never redone


def test_a_stale_export_is_queued_again_by_the_scan(
    client_of: Any, officer_bangka: Any, three_in_bangka: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    job = _ask(client_of(officer_bangka), fmt="csv")
    Export.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    moved = jobs.requeue_stale()
    assert moved.get("insights.export") == [job.pk]
    assert Export.objects.get(pk=job.pk).status == "queued"
    assert background.run_export(job.pk) == "done"
    assert jobs.metrics()["jobs"]["insights.export"]["waiting"] == 0


def test_a_requester_who_lost_the_role_gets_a_failed_export(
    client_of: Any, officer_bangka: Any, three_in_bangka: Any
) -> None:
    job = _ask(client_of(officer_bangka), fmt="csv")
    officer_bangka.membership.delete()
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.error and not job.path


def test_an_exports_file_is_removed_after_its_keeping_days(
    client_of: Any, officer_bangka: Any, three_in_bangka: Any, settings: Any
) -> None:
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.SINERGI_EXPORT_KEEP_DAYS = 7
    client = client_of(officer_bangka)
    job = _ask(client, fmt="csv")
    run_worker()
    job.refresh_from_db()
    kept = job.path
    Export.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    out = StringIO()
    call_command("purge", stdout=out)
    assert "1 berkas ekspor dihapus" in out.getvalue()
    job.refresh_from_db()
    assert job.path == "" and not Path(kept).exists()
    assert client.get(reverse("insights:export_download", args=[job.pk])).status_code == 404
