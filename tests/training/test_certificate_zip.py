"""An event's certificates as one ZIP, built by the background worker: the request only
queues it, the page shows the progress, the download is the event managers' (audited),
one job at a time, never a stale ZIP, and a job whose worker died is resumed."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from tests.tasks import queued_jobs, run_worker

from sinergi.audit.models import AuditEvent
from sinergi.core import jobs
from sinergi.training import actions, certificate_pages, certificate_zip, certificates
from sinergi.training.models import Certificate, CertificateZip

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(event: Any, make_business: Any, officer_bangka: Any) -> list[Any]:
    """Three participants who passed (certificates issued) and one who failed."""
    out = []
    for i, name in enumerate(["Siti Aminah", "Budi Santoso", "Wayan Sudarsa", "Tidak Lulus"]):
        business = make_business(name=f"Usaha {i}", owner_name=name)
        registration = actions.register(officer_bangka, event, business)
        outcome = "failed" if name == "Tidak Lulus" else "passed"
        out.append(actions.set_outcome(officer_bangka, registration, outcome, 80))
    certificates.issue_all(officer_bangka, event)
    return out[:3]


def _names(content: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    return archive.namelist()


def _download(client: Any, event: Any) -> Any:
    response = client.get(f"/training/{event.pk}/certificates.zip")
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_the_worker_builds_the_zip_and_the_download_holds_one_pdf_per_passed_participant(
    event, passed, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    response = client.post(f"/training/{event.pk}/certificates.zip")
    assert response.status_code == 302 and response["Location"].endswith("#certificate-zip")
    job = CertificateZip.objects.get()
    assert (job.status, job.done, job.total) == ("building", 0, 3)  # queued, nothing built
    page = client.get(f"/training/{event.pk}/").content.decode()
    assert 'data-status="building"' in page and "0 dari 3" in page
    assert 'hx-trigger="every 1s"' in page
    # Not ready: the download answers with the event page, not a file.
    assert client.get(f"/training/{event.pk}/certificates.zip").status_code == 302

    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert Path(job.stored_path).is_relative_to(Path(settings.VAR_DIR))
    polled = client.get(f"/training/{event.pk}/certificates.zip/status/").content.decode()
    assert 'data-testid="zip-download"' in polled and "every 1s" not in polled

    response, content = _download(client, event)
    assert response["Content-Type"] == "application/zip"
    assert "sertifikat-acara" in response["Content-Disposition"]
    names = _names(content)
    valid = Certificate.objects.filter(registration__event=event, revoked_at__isnull=True)
    assert len(names) == 3 == valid.count()
    assert sorted(n.split("-")[1] for n in names) == sorted(str(r.pk) for r in passed)
    audit = AuditEvent.objects.get(action="export", kind="exported")
    assert audit.payload["format"] == "certificates-zip" and audit.object_id == str(event.pk)


def test_only_the_event_managers_prepare_poll_or_download_the_zip(
    event, passed, officer_bangka, officer_denpasar, client_of
):
    certificate_zip.build(certificate_zip.request_zip(officer_bangka, event, queue=False).pk)
    other = client_of(officer_denpasar)
    for response in (
        other.get(f"/training/{event.pk}/certificates.zip"),
        other.post(f"/training/{event.pk}/certificates.zip"),
        other.get(f"/training/{event.pk}/certificates.zip/status/"),
    ):
        assert response.status_code in (403, 404)
    assert CertificateZip.objects.count() == 1 and not queued_jobs()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_second_request_while_one_is_pending_does_not_queue_a_second_job(
    event, passed, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    client.post(f"/training/{event.pk}/certificates.zip")
    client.post(f"/training/{event.pk}/certificates.zip")
    assert CertificateZip.objects.count() == 1 and len(queued_jobs()) == 1
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    # Ready and current: asking again serves the same ZIP, nothing is queued.
    client.post(f"/training/{event.pk}/certificates.zip")
    assert CertificateZip.objects.count() == 1 and not queued_jobs()


def test_a_zip_older_than_the_last_certificate_change_is_rebuilt_not_served(
    event, passed, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    client.post(f"/training/{event.pk}/certificates.zip")
    run_worker()
    old = CertificateZip.objects.get()
    certificates.revoke(officer_bangka, Certificate.objects.order_by("pk").first(), "dobel")
    response, _content = _download(client, event)
    assert response.status_code == 302  # stale: never served
    page = client.get(f"/training/{event.pk}/").content.decode()
    assert 'data-status="stale"' in page and 'id="prepare-zip"' in page

    client.post(f"/training/{event.pk}/certificates.zip")
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    response, content = _download(client, event)
    assert len(_names(content)) == 2
    # Only the newest ZIP is kept.
    assert list(CertificateZip.objects.values_list("status", flat=True)) == ["done"]
    assert not Path(old.stored_path).exists()

    # A new score printed on a certificate makes it stale too.
    actions.set_outcome(officer_bangka, passed[1], "passed", 95)
    assert _download(client, event)[0].status_code == 302


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs."""


def test_a_worker_that_died_mid_zip_is_resumed_and_finished_once(
    event, passed, officer_bangka, client_of, monkeypatch
):
    monkeypatch.setattr(certificate_pages, "BATCH", 1)
    compiled: list[str] = []
    real = certificate_pages.render_batch

    def render(template: str, items: list[dict[str, str]]) -> list[bytes]:
        if len(compiled) == 1 and not resumed:
            raise WorkerDied
        compiled.extend(item["code"] for item in items)
        return real(template, items)

    resumed = False
    monkeypatch.setattr(certificate_pages, "render_batch", render)
    job = certificate_zip.request_zip(officer_bangka, event, queue=False)
    with pytest.raises(WorkerDied):
        certificate_zip.build(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("building", 1)  # one batch kept, its heartbeat stops

    # Its heartbeat grows old: a running worker queues it again, the next claim resumes.
    dead = timezone.now() - dt.timedelta(seconds=jobs.STALE_SECONDS + 5)
    CertificateZip.objects.filter(pk=job.pk).update(heartbeat_at=dead)
    assert jobs.requeue_stale() == {certificate_zip.JOB: [job.pk]}
    resumed = True
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    assert len(compiled) == len(set(compiled)) == 3  # the kept batch was not compiled again
    assert certificate_zip.build(job.pk) == "not-claimed"  # done: nobody takes it again
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    assert len(_names(_download(client_of(officer_bangka), event)[1])) == 3
    assert jobs.metrics()["jobs"][certificate_zip.JOB] == {
        "waiting": 0, "running": 0, "stale": 0, "failed": 0,
    }  # fmt: skip


def test_a_stopping_worker_hands_the_zip_back_and_the_next_one_finishes_it(
    event, passed, officer_bangka, monkeypatch
):
    """SIGTERM (`core.jobs.STOP`): the job goes back to the queue after the batch in hand,
    with its parts kept; the next worker compiles only the rest."""
    monkeypatch.setattr(certificate_pages, "BATCH", 2)
    job = certificate_zip.request_zip(officer_bangka, event, queue=False)
    monkeypatch.setattr(jobs, "STOP", threading.Event())
    jobs.STOP.set()
    assert certificate_zip.build(job.pk) == "building"
    job.refresh_from_db()
    assert (job.status, job.done, job.heartbeat_at) == ("building", 2, None)
    assert len(queued_jobs()) == 1
    jobs.STOP.clear()
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    with zipfile.ZipFile(job.stored_path) as archive:
        assert len(archive.namelist()) == 3


def test_a_zip_that_cannot_be_compiled_ends_failed_with_its_message_and_can_be_asked_again(
    event, passed, officer_bangka, client_of, monkeypatch
):
    def broken(template: str, items: list[dict[str, str]]) -> list[bytes]:
        raise RuntimeError("typst: font tidak ditemukan")

    monkeypatch.setattr(certificate_pages, "render_batch", broken)
    client = client_of(officer_bangka)
    client.post(f"/training/{event.pk}/certificates.zip")
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]  # the job ran; it failed
    assert CertificateZip.objects.get().status == "failed"
    page = client.get(f"/training/{event.pk}/").content.decode()
    assert 'data-status="failed"' in page and "font tidak ditemukan" in page
    assert jobs.metrics()["jobs"][certificate_zip.JOB]["failed"] == 1
    assert not list((Path(settings.VAR_DIR) / "certificate_zips").glob("*.parts/*"))
    monkeypatch.undo()
    client.post(f"/training/{event.pk}/certificates.zip")
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    assert list(CertificateZip.objects.values_list("status", flat=True)) == ["done"]


def test_an_old_zip_leaves_the_disk_with_the_purge_and_the_page_offers_it_again(
    event, passed, officer_bangka, client_of
):
    from django.core.management import call_command

    job = certificate_zip.request_zip(officer_bangka, event, queue=False)
    certificate_zip.build(job.pk)
    job.refresh_from_db()
    path = Path(job.stored_path)
    assert path.is_file()
    out = io.StringIO()
    call_command("purge", stdout=out)  # a fresh ZIP is kept
    assert path.is_file() and "ZIP" not in out.getvalue()

    CertificateZip.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=settings.SINERGI_EXPORT_KEEP_DAYS + 1)
    )
    call_command("purge", "--dry-run", stdout=out)
    assert path.is_file() and "1 ZIP sertifikat akan dihapus" in out.getvalue()
    call_command("purge", stdout=out)
    assert not path.exists() and "1 ZIP sertifikat dihapus" in out.getvalue()
    job.refresh_from_db()
    assert job.stored_path == ""
    # The download now sends the manager back to the event page to prepare it again.
    assert (
        client_of(officer_bangka).get(f"/training/{event.pk}/certificates.zip").status_code == 302
    )
