"""An event's certificates as one ZIP, built by the background worker, never in the request.

5,000 certificates take about a minute to compile (docs/benchmarks.md), so the request
only asks for the ZIP (`request_zip`) and the worker builds it (`build`), the way
training's uploaded files are read (`file_jobs`):

- `request_zip` (the `certificates_zip` verb: the event's managers, in scope) takes the
  event's valid certificates and a fingerprint of everything printed on them, and queues
  one job. While a job of the event is building, a new request returns it (a partial
  unique constraint keeps it at one); a finished ZIP with the same fingerprint is
  returned as it is; otherwise a new job is queued.
- `build` claims the job under the one stale rule (`core.jobs`: conditional claim,
  heartbeat; a dead worker's job is queued again by any running worker). Batches of
  certificates are compiled (`certificates.render_batches`) and each is kept as a part
  file under `VAR_DIR/certificate_zips/<job>/` as soon as it is done, with the progress
  (`done` of `total`) on the row; a resumed job compiles only the batches without a
  part. The parts are then joined into the ZIP, and the row ends `done` in one
  conditional update: a job is finished once, a late duplicate result is dropped.
- `for_download` (the same verb) returns the ZIP only while its fingerprint is still the
  event's: one built before the event's last certificate change (issue, revoke,
  reissue, a new score or event name) is never served; the page offers to prepare it
  again. Each download is audited (`Exported`, format `certificates-zip`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.events import Exported
from sinergi.audit.models import Action
from sinergi.core import jobs
from sinergi.training import certificates
from sinergi.training.actions import TrainingError
from sinergi.training.models import Certificate, CertificateZip, Event, ZipStatus
from sinergi.training.permissions import require_event

log = logging.getLogger(__name__)

JOB = "training.certificate_zip"
HAND_BACK = "hand-back"  # the worker is stopping: the job goes back to the queue


def fingerprint(event: Event) -> tuple[str, list[int]]:
    """A digest of what the event's valid certificates print, and their ids in order.

    Read as plain values (no model per certificate): the event page asks it on each load.
    The code stands for the verification URL and its QR code."""
    shared = certificates.event_data(event)
    digest = hashlib.sha256(json.dumps(shared, sort_keys=True).encode())
    rows = (
        Certificate.objects.filter(registration__event=event, revoked_at__isnull=True)
        .order_by("pk")
        .values_list(
            "pk", "code", "name_printed", "issued_at",
            "registration__business__name", "registration__score",
        )
    )  # fmt: skip
    ids = []
    for row in rows:
        digest.update(repr(row).encode())
        ids.append(row[0])
    return digest.hexdigest(), ids


def latest(event: Event) -> CertificateZip | None:
    return CertificateZip.objects.filter(event=event).order_by("-pk").first()


def state(event: Event) -> dict[str, Any]:
    """What the event page shows: the latest job and whether its ZIP may be served."""
    job = latest(event)
    fresh = (
        job is not None
        and job.status == ZipStatus.DONE
        and job.fingerprint == fingerprint(event)[0]
        and Path(job.stored_path).is_file()
    )
    return {"zip": job, "zip_fresh": fresh}


def request_zip(
    user: Any, event: Event, base_url: str = "", *, queue: bool = True
) -> CertificateZip:
    """The job building the event's ZIP: the pending one, a fresh finished one, or a new
    one queued for the worker (module doc)."""
    require_event(user, event, "certificates_zip")
    digest, ids = fingerprint(event)
    try:
        with transaction.atomic():
            # One request of an event at a time decides (PostgreSQL; SQLite writes one
            # at a time anyway); the partial unique constraint holds either way.
            Event.objects.select_for_update().filter(pk=event.pk).first()
            pending = CertificateZip.objects.filter(event=event, status=ZipStatus.BUILDING)
            if (job := pending.first()) is not None:
                return job
            ready = CertificateZip.objects.filter(
                event=event, status=ZipStatus.DONE, fingerprint=digest
            ).order_by("-pk")
            if (job := ready.first()) is not None and Path(job.stored_path).is_file():
                return job
            if not ids:
                raise TrainingError("belum ada sertifikat yang sah / no valid certificate yet")
            job = CertificateZip.objects.create(
                event=event,
                fingerprint=digest,
                certificate_ids=ids,
                base_url=base_url[:300],
                total=len(ids),
                requested_by=user,
            )
            record(user, Action.CREATE, job, changes={"certificates": (None, len(ids))})
            if queue:
                enqueue(job.pk)
    except IntegrityError:  # another request created it between our read and write
        job = CertificateZip.objects.filter(event=event, status=ZipStatus.BUILDING).first()
        if job is None:
            raise
    return job


def enqueue(pk: int) -> None:
    from sinergi.training import tasks

    tasks.build_certificate_zip_task.enqueue(pk)


def _dir() -> Path:
    return Path(settings.VAR_DIR) / "certificate_zips"


def _parts(job: CertificateZip) -> Path:
    return _dir() / f"{job.pk}.parts"


def build(pk: int) -> str:
    """The worker's half: claim the job, compile what is missing, join, finish once."""
    kind = jobs.KINDS[JOB]
    if not jobs.claim(kind, pk, waiting=ZipStatus.BUILDING):
        return "not-claimed"
    job = CertificateZip.objects.select_related("event").get(pk=pk)
    try:
        with jobs.Heartbeat(lambda: jobs.beat(kind, pk)):
            outcome = _build(job)
        if outcome == HAND_BACK:  # after the last heartbeat, so the next claim may win
            _hand_back(pk)
            return ZipStatus.BUILDING
        return outcome
    except Exception as exc:  # a compiler or disk error ends the job with its message
        log.exception("certificate ZIP %s failed", pk)
        CertificateZip.objects.filter(pk=pk, status=ZipStatus.BUILDING).update(
            status=ZipStatus.FAILED, error=(str(exc) or type(exc).__name__)[:2000],
            heartbeat_at=None,
        )  # fmt: skip
        shutil.rmtree(_parts(job), ignore_errors=True)  # asked again, it starts afresh
        return ZipStatus.FAILED


def _ordered(job: CertificateZip) -> list[Certificate]:
    found = (
        Certificate.objects.filter(pk__in=job.certificate_ids)
        .select_related(
            "registration__business",
            "registration__event__topic",
            "registration__event__organisation",
        )
        .in_bulk()
    )
    return [found[pk] for pk in job.certificate_ids if pk in found]


def _write(path: Path, entries: list[tuple[str, bytes]]) -> None:
    """A ZIP written whole under a temporary name, then moved into place."""
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    os.replace(temporary, path)


def _build(job: CertificateZip) -> str:
    names, items = certificates.zip_items(_ordered(job), job.base_url)
    batches = certificates.batches_of(items)
    parts = _parts(job)
    parts.mkdir(parents=True, exist_ok=True)
    part = [parts / f"{i:05d}.zip" for i in range(len(batches))]
    todo = [i for i in range(len(batches)) if not part[i].is_file()]
    done = len(items) - sum(len(batches[i]) for i in todo)
    rows = CertificateZip.objects.filter(pk=job.pk, status=ZipStatus.BUILDING)
    rows.update(done=done, total=len(items))
    first = {i: sum(len(b) for b in batches[:i]) for i in todo}
    for i, pdfs in zip(todo, certificates.render_batches([batches[i] for i in todo]), strict=True):
        _write(part[i], list(zip(names[first[i] : first[i] + len(pdfs)], pdfs, strict=True)))
        done += len(pdfs)
        if not rows.update(done=done):
            return "not-claimed"  # ended by another worker meanwhile: drop this one
        if jobs.STOP.is_set() and done < len(items):
            return HAND_BACK
    final = _dir() / f"event-{job.event_id}-zip-{job.pk}.zip"
    temporary = final.with_name(final.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
        for path in part:
            with zipfile.ZipFile(path) as batch:
                for name in batch.namelist():
                    archive.writestr(name, batch.read(name))
    os.replace(temporary, final)
    with transaction.atomic():
        if (
            CertificateZip.objects.select_for_update()
            .filter(pk=job.pk, status=ZipStatus.BUILDING)
            .first()
            is None
        ):
            return "not-claimed"
        rows.update(
            status=ZipStatus.DONE, stored_path=str(final), size=final.stat().st_size,
            done=len(items), heartbeat_at=None, finished_at=timezone.now(),
        )  # fmt: skip
    shutil.rmtree(parts, ignore_errors=True)
    _forget_older(job)
    return ZipStatus.DONE


def _hand_back(pk: int) -> None:
    """The worker is stopping (SIGTERM): the job goes back to the queue with its parts."""
    if CertificateZip.objects.filter(pk=pk, status=ZipStatus.BUILDING).update(heartbeat_at=None):
        enqueue(pk)
        log.warning("certificate ZIP %s handed back to the queue (worker stopping)", pk)


def _forget_older(job: CertificateZip) -> None:
    """The event's earlier ZIPs (finished or failed) and their files: only the newest is kept."""
    older = CertificateZip.objects.filter(event_id=job.event_id, pk__lt=job.pk).exclude(
        status=ZipStatus.BUILDING
    )
    for path in older.exclude(stored_path="").values_list("stored_path", flat=True):
        Path(path).unlink(missing_ok=True)
    older.delete()


def for_download(user: Any, event: Event) -> CertificateZip | None:
    """The event's ZIP when it may be served (fresh and on disk), audited; else None."""
    require_event(user, event, "certificates_zip")
    now = state(event)
    if not now["zip_fresh"]:
        return None
    job = now["zip"]
    record(user, Action.EXPORT, event, event=Exported(format="certificates-zip"))
    return job


def purge_zips(*, days: int, now: Any = None, dry_run: bool = False) -> list[int]:
    """Remove the files of ZIPs finished more than `days` ago (the exports' keeping period).

    A ZIP prints every participant's name (personal data, UU 27/2022 PDP): like a
    background export it is kept no longer than needed. The row stays with an empty path,
    so the event page offers to prepare it again. Called by `sinergi manage purge`."""
    import datetime as dt

    now = now or timezone.now()
    due = CertificateZip.objects.exclude(stored_path="").filter(
        status=ZipStatus.DONE, finished_at__lt=now - dt.timedelta(days=days)
    )
    found = list(due.values_list("pk", "stored_path"))
    if dry_run:
        return [pk for pk, _path in found]
    for pk, path in found:
        Path(path).unlink(missing_ok=True)
        CertificateZip.objects.filter(pk=pk).update(stored_path="", size=0)
    return [pk for pk, _path in found]
