"""Operations models.

- `WorkerBeat`: one row per running `sinergi worker` process, refreshed every
  `core.jobs.SCAN_SECONDS` by its scanner thread; /healthz reports the newest beat. A row
  whose beat is older than `core.jobs.STALE_SECONDS` is a worker that is gone (rows are
  deleted on a clean stop and pruned after a day).
"""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
