"""Exports of large lists, written by the worker: request, run, download.

A registry export longer than SINERGI_EXPORT_BACKGROUND_ROWS is not written inside the
web request: `request_export` stores an `Export` row (the filters, the requester, the
masking decided by the requester's role) and queues `tasks.export_task`; the worker runs
`run_export`, which claims the row under the one stale rule (`core.jobs`, kind
`insights.export`), reports progress on it while it writes, and keeps the finished file
under `<VAR_DIR>/exports/<id>/`. The user's page polls the row and shows a download link.

Invariants:
- The rows are those of `registry.views.filtered_list` for the requester, read again at
  run time: a requester whose role or region changed meanwhile gets their new list (or
  nothing). The writers are `exports.write_xlsx`/`write_csv`: the same formula guard,
  text cells and masking as an immediate export.
- A re-run (after a crash, or a stale heartbeat) writes the whole file again from the
  start; the file appears under its final name only when complete (rename).
- Download (`may_download`): the requester, or anyone whose role reads the registry in
  a region holding the export's region and who would see the file's identifiers
  unmasked if the file has them; never a business owner other than the requester. Every
  download is audited (`export`, with the export's id).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record
from sinergi.audit.events import Exported
from sinergi.audit.models import Action
from sinergi.core import jobs
from sinergi.insights import exports
from sinergi.insights.models import Export, ExportStatus

log = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
# Filters of the registry list kept on the row (nothing else of the POST is stored).
FILTERS = ("q", "regency", "district", "category", "size", "status")
PROGRESS_EVERY = 1000  # rows between two progress updates of the job row


def keep_days() -> int:
    return int(getattr(settings, "SINERGI_EXPORT_KEEP_DAYS", 7))


def threshold() -> int:
    return int(getattr(settings, "SINERGI_EXPORT_BACKGROUND_ROWS", 5000))


def exports_dir() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def filters_of(params: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(params.get(k) or "") for k in FILTERS if params.get(k)}


def is_large(qs: Any) -> int | None:
    """The row count when the list is above the threshold (counted up to threshold + 1
    only, so a province's million rows are not counted to decide), else None."""
    limit = threshold()
    if qs.order_by()[: limit + 1].count() <= limit:
        return None
    return qs.order_by().count()


def request_export(user: Any, params: Mapping[str, Any], fmt: str, rows_total: int) -> Export:
    """Store the export's row and queue it for the worker (one transaction: both or
    neither). Audited as an `export` request (`queued`)."""
    perms = permissions_for(user)
    if not perms.view_registry:
        raise NotAllowed("view_registry")
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with transaction.atomic():
        job = Export.objects.create(
            requested_by=user,
            requested_by_username=user.get_username(),
            fmt=fmt,
            params=filters_of(params),
            scope_code=scope_for(user).region,
            full_pii=perms.see_full_pii,
            rows_total=rows_total,
        )
        record(user, Action.EXPORT, job, event=Exported(fmt),
               fields=["registry", fmt, "queued", str(rows_total)])  # fmt: skip
        enqueue(job.pk)
    return job


def enqueue(pk: int) -> None:
    from sinergi.insights.tasks import export_task

    result = export_task.enqueue(pk)
    Export.objects.filter(pk=pk).update(task_id=str(result.id)[:64])


def run_export(pk: int) -> str:
    """Write export `pk` (the worker's task body). Returns its status, "stopped" when the
    worker is stopping (the job goes back to the queue), or "not-claimed"."""
    kind = jobs.KINDS["insights.export"]
    if not jobs.claim(kind, pk, waiting=ExportStatus.QUEUED):
        return "not-claimed"
    with jobs.Heartbeat(lambda: jobs.beat(kind, pk)):
        try:
            return _write(pk)
        except _Stopped:
            Export.objects.filter(pk=pk, status=ExportStatus.RUNNING).update(
                status=ExportStatus.QUEUED, heartbeat_at=None, rows_written=0
            )
            enqueue(pk)
            return "stopped"
        except Exception as exc:  # the user sees why; the worker goes on
            log.exception("export %s failed", pk)
            Export.objects.filter(pk=pk).update(
                status=ExportStatus.FAILED,
                error=(str(exc) or type(exc).__name__)[:2000],
                finished_at=timezone.now(),
                heartbeat_at=None,
            )
            return ExportStatus.FAILED


class _Stopped(Exception):
    pass


def _counted(pk: int, lines: Iterator[list[Any]]) -> Iterator[list[Any]]:
    done = 0
    for line in lines:
        yield line
        done += 1
        if done % PROGRESS_EVERY == 0:
            if jobs.STOP.is_set():
                raise _Stopped
            Export.objects.filter(pk=pk).update(rows_written=done)


def write_list(
    user: Any, params: Mapping[str, Any], fmt: str, *, full: bool | None = None, pk: int = 0
) -> tuple[Any, int, bool]:
    """(a temporary file, rows written, NIK in full?) of the registry list `user` sees for
    the filters `params`: the one writer behind the web's immediate export, the worker's
    job (`pk`: report progress on that row) and `sinergi manage export_registry`."""
    from sinergi.registry.views import filtered_list

    perms = permissions_for(user) if user is not None else None
    if user is None or perms is None or not perms.view_registry:
        raise NotAllowed(_("The requester may no longer read the registry."))
    if fmt not in FORMATS:
        raise ValueError(fmt)
    _form, qs = filtered_list(user, perms, params)
    # Never more than the user may see now (a job keeps the masking decided when asked).
    full = perms.see_full_pii if full is None else full and perms.see_full_pii
    lines = exports.rows(qs, full)
    if pk:
        lines = _counted(pk, lines)
    if fmt == "xlsx":
        out, count = exports.write_xlsx(lines, _("Registry"))
    else:
        out, count = exports.write_csv(lines)
    return out, count, full


def audit_written(
    user: Any, fmt: str, count: int, full: bool, *, via: str = "", request: Any = None
) -> None:
    """The audit event of an export written at once (web or command line)."""
    fields = ["registry", fmt, str(count), "full" if full else "masked"] + ([via] if via else [])
    record(user, Action.EXPORT, None, event=Exported(fmt), fields=fields, request=request)


def _write(pk: int) -> str:
    job = Export.objects.select_related("requested_by").get(pk=pk)
    out, count, full = write_list(job.requested_by, job.params, job.fmt, full=job.full_pii, pk=pk)
    folder = exports_dir() / str(pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / job.filename
    part = folder / (job.filename + ".part")
    with out, part.open("wb") as fh:
        shutil.copyfileobj(out, fh, 1 << 20)
    os.replace(part, target)
    Export.objects.filter(pk=pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        rows_written=count,
        rows_total=count,
        full_pii=full,
        path=str(target),
        size=target.stat().st_size,
        finished_at=timezone.now(),
        heartbeat_at=None,
        error="",
    )
    return ExportStatus.DONE


def may_see(user: Any, job: Export) -> bool:
    """The export's page (progress) and its file: see the module's invariants."""
    perms = permissions_for(user)
    if not perms.view_registry:
        return False
    if user.pk == job.requested_by_id:
        return True
    if perms.is_owner or job.list_name != "registry":
        return False
    requester = job.requested_by
    if requester is None or permissions_for(requester).is_owner:
        return False
    if job.full_pii and not perms.see_full_pii:
        return False
    return scope_for(user).contains(job.scope_code)


def open_for_download(user: Any, job: Export, request: Any = None) -> Any:
    """The finished file, opened for reading; audited. Raises NotAllowed otherwise."""
    if not may_see(user, job) or job.status != ExportStatus.DONE or not job.path:
        raise NotAllowed("export")
    handle = Path(job.path).open("rb")
    record(user, Action.EXPORT, job, event=Exported(job.fmt), request=request,
           fields=["registry", job.fmt, str(job.rows_written),
                   "full" if job.full_pii else "masked", "download"])  # fmt: skip
    return handle


def visible_exports(user: Any) -> Any:
    """The user's own exports, newest first (the exports page)."""
    return Export.objects.filter(requested_by=user)


def purge_exports(*, now: Any = None, dry_run: bool = False) -> list[int]:
    """Remove the files of exports finished more than SINERGI_EXPORT_KEEP_DAYS ago (they
    may hold full NIKs; UU 27/2022 PDP: kept no longer than needed). The row stays, with
    an empty path: its page says the file is gone. Called by `sinergi manage purge`."""
    import datetime as dt

    now = now or timezone.now()
    due = Export.objects.exclude(path="").filter(
        finished_at__lt=now - dt.timedelta(days=keep_days())
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return ids
    for pk in ids:
        shutil.rmtree(exports_dir() / str(pk), ignore_errors=True)
        Export.objects.filter(pk=pk).update(
            path="", error=_("The file was removed after %(days)s days.") % {"days": keep_days()}
        )
    return ids
