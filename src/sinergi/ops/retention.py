"""Retention (UU 27/2022 PDP): uploaded files are kept no longer than needed.

`purge()` (the scheduled `sinergi manage purge`) removes the stored file, its kept
tables (`intake.parsed`) and the preview rows of:
- intake uploads never imported (draft, unreadable, or cancelled before any row was
  stored) older than SINERGI_DRAFT_RETENTION_DAYS; the batch becomes `unreadable` with a
  message saying the files were removed, so it can never be started without them;
- imports that ended (done, failed, cancelled) longer than SINERGI_RETENTION_DAYS ago;
  their stored rows stay (they are the registry's provenance), only the files go;
- files of background exports finished more than SINERGI_EXPORT_KEEP_DAYS ago
  (`insights.background.purge_exports`), and of certificate ZIPs finished as long ago
  (`training.certificate_zip.purge_zips`: they print every participant's name).

Invariants: a file shared by another upload that is still kept (same content, same
stored path) is not removed; every purged upload gets one audit event
(`RetentionPurged`, actor: the system); a dry run changes nothing and reports the same.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.events import RetentionPurged
from sinergi.intake.models import BatchStatus, ImportBatch, SourceFile

NEVER_IMPORTED = (BatchStatus.DRAFT, BatchStatus.UNREADABLE, BatchStatus.CANCELLED)
ENDED = (BatchStatus.DONE, BatchStatus.FAILED, BatchStatus.CANCELLED)
PURGED = "Berkas dihapus setelah masa simpan / files removed after the retention period"


@dataclass
class Purged:
    batches: list[int] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    exports: list[int] = field(default_factory=list)  # insights exports whose file went
    zips: list[int] = field(default_factory=list)  # training certificate ZIPs whose file went


def _due(now: dt.datetime) -> list[tuple[ImportBatch, str, int]]:
    draft_days = settings.SINERGI_DRAFT_RETENTION_DAYS
    kept_days = settings.SINERGI_RETENTION_DAYS
    live = SourceFile.objects.exclude(stored_path="")
    drafts = ImportBatch.objects.filter(
        status__in=NEVER_IMPORTED,
        rows_read=0,
        created_at__lt=now - dt.timedelta(days=draft_days),
        files__in=live,
    )
    ended = ImportBatch.objects.filter(status__in=ENDED, rows_read__gt=0).filter(
        Q(finished_at__lt=now - dt.timedelta(days=kept_days))
        | Q(finished_at__isnull=True, created_at__lt=now - dt.timedelta(days=kept_days)),
        files__in=live,
    )
    due = [(b, "draft", draft_days) for b in drafts.distinct()]
    due += [(b, "imported", kept_days) for b in ended.distinct()]
    return due


def _remove(path: Path) -> None:
    """The stored file, its kept tables, and its folder once empty."""
    path.unlink(missing_ok=True)
    cache = path.parent / ".parsed"
    if cache.is_dir():
        shutil.rmtree(cache, ignore_errors=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass  # other files of the same content remain


def purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> Purged:
    now = now or timezone.now()
    out = Purged()
    for batch, rule, days in _due(now):
        files = list(batch.files.exclude(stored_path=""))
        paths = {f.stored_path for f in files}
        # Still needed by an upload that is kept: same content, same stored file.
        shared = set(
            SourceFile.objects.filter(stored_path__in=paths)
            .exclude(batch=batch)
            .exclude(batch__in=[b for b, _r, _d in _due(now)])
            .values_list("stored_path", flat=True)
        )
        out.batches.append(batch.pk)
        out.files += [f.name for f in files]
        if dry_run:
            continue
        with transaction.atomic():
            for f in files:
                if f.stored_path not in shared:
                    _remove(Path(f.stored_path))
            batch.files.update(preview=[], stored_path="")
            if rule == "draft":
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=BatchStatus.UNREADABLE, error=PURGED
                )
            record(
                None,
                "update",
                batch,
                event=RetentionPurged(rule=rule, days=days, files=[f.name for f in files]),
            )
    from sinergi.insights.background import keep_days, purge_exports
    from sinergi.training.certificate_zip import purge_zips

    out.exports = purge_exports(now=now, dry_run=dry_run)
    out.zips = purge_zips(days=keep_days(), now=now, dry_run=dry_run)
    return out
