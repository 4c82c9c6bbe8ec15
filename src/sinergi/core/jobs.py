"""The one rule for long jobs whose worker may die: heartbeats and staleness.

A job row (e.g. `intake.ImportBatch`) that a worker has claimed carries `heartbeat_at`.
While the job runs, a `Heartbeat` thread in the worker process refreshes it every
`HEARTBEAT_SECONDS`, independent of how long one chunk of work takes; a SIGKILLed worker
takes its thread with it, so its job's heartbeat stops. A running job whose heartbeat is
older than `STALE_SECONDS` belongs to a dead worker: any running worker hands it back to
the queue (`sinergi worker` looks every `SCAN_SECONDS`) and the next claim resumes it.

Invariants:
- `STALE_SECONDS` is used everywhere (claims, the re-queue scan, the progress page, the
  health check): there is no second threshold to disagree with.
- `STALE_SECONDS` >= 6 x `HEARTBEAT_SECONDS`, so a live but busy worker (a slow database
  write, a garbage collection pause) is never taken for dead.
- A job whose worker died resumes within STALE_SECONDS + SCAN_SECONDS of the crash (about
  a minute by default), whenever and whether the worker is restarted, as long as one
  worker runs.

Settings (environment): SINERGI_JOB_STALE_SECONDS (default 45).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
SCAN_SECONDS = 10
STALE_SECONDS = max(6 * HEARTBEAT_SECONDS, int(os.environ.get("SINERGI_JOB_STALE_SECONDS", "45")))


def stale_seconds(given: int | None = None) -> int:
    """`given` when a caller (a test) sets it, else the one rule."""
    return STALE_SECONDS if given is None else given


class Heartbeat:
    """Calls `beat()` every `HEARTBEAT_SECONDS` in a thread while the `with` block runs.

    The thread uses its own database connection (closed when it ends). It is not started
    inside a transaction (tests run jobs inside one; a second connection could not see
    the job row and would wait on its lock).
    """

    def __init__(self, beat: Callable[[], object], every: float = HEARTBEAT_SECONDS) -> None:
        self._beat = beat
        self._every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        from django.db import connection

        if not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        from django.db import connection

        try:
            while not self._stop.wait(self._every):
                try:
                    self._beat()
                except Exception:  # a missed beat is not fatal; the next one may pass
                    log.warning("job heartbeat failed", exc_info=True)
        finally:
            connection.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._every + 5)


# Set by `sinergi worker` on SIGTERM: long jobs check it between chunks and hand their
# job back to the queue (another worker, or this one after its restart, resumes it).
STOP = threading.Event()


class NotClaimed(Exception):
    """A task found its job row held by a live worker (or not waiting): nothing was done.
    Raised so the task is recorded as failed with this reason, never as successful."""


def claimed(what: str, pk: int, outcome: str) -> str:
    """A task's return value; raises NotClaimed for the verbs' "not-claimed" outcome."""
    if outcome == "not-claimed":
        raise NotClaimed(
            f"{what} #{pk}: sedang dikerjakan proses lain atau tidak menunggu / "
            "held by another live worker or not waiting"
        )
    return outcome


# ------------------------------------------------------------------ kinds of job rows


@dataclass(frozen=True)
class JobKind:
    """A model whose rows are long jobs with `status` and `heartbeat_at`.

    `running` is the status a claimed job has while its worker beats; a stale one is put
    back to `back_to` (heartbeat cleared) and `enqueue(pk)` queues its task again.
    `waiting` and `failed` are the statuses counted as queued and failed in the metrics.
    """

    label: str
    model: str
    running: str
    back_to: str
    enqueue: Callable[[int], object]
    waiting: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Called from an app's `ready()`; registering twice (tests reload apps) is harmless."""
    KINDS[kind.label] = kind


def _model(kind: JobKind) -> Any:
    from django.apps import apps

    return apps.get_model(kind.model)


def claim(kind: JobKind, pk: int, *, waiting: str, given: int | None = None) -> bool:
    """Take job `pk` for this worker: a waiting one, or a running one gone stale.
    True when this call won it (a conditional update: two workers never both win)."""
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    now = timezone.now()
    stale = now - dt.timedelta(seconds=stale_seconds(given))
    won = (
        _model(kind)
        .objects.filter(pk=pk)
        .filter(
            Q(status=waiting, heartbeat_at__isnull=True)
            | Q(status=kind.running, heartbeat_at__lt=stale)
        )
        .update(status=kind.running, heartbeat_at=now)
    )
    return bool(won)


def beat(kind: JobKind, pk: int) -> None:
    from django.utils import timezone

    _model(kind).objects.filter(pk=pk, status=kind.running).update(heartbeat_at=timezone.now())


def requeue_stale(given: int | None = None) -> dict[str, list[int]]:
    """Hand every stale job of every kind back to the queue; {kind: [pk, ...]} moved.

    Each job moves with a conditional update, so two workers scanning at once never
    queue it twice.
    """
    import datetime as dt

    from django.utils import timezone

    stale = timezone.now() - dt.timedelta(seconds=stale_seconds(given))
    moved: dict[str, list[int]] = {}
    for kind in list(KINDS.values()):
        model = _model(kind)
        dead = model.objects.filter(status=kind.running, heartbeat_at__lt=stale)
        for pk in list(dead.values_list("pk", flat=True)):
            if (
                model.objects.filter(pk=pk, status=kind.running, heartbeat_at__lt=stale).update(
                    status=kind.back_to, heartbeat_at=None
                )
                == 1
            ):
                kind.enqueue(pk)
                moved.setdefault(kind.label, []).append(pk)
                log.warning("%s %s: its worker stopped; queued again", kind.label, pk)
    return moved


def metrics() -> dict[str, Any]:
    """Jobs per kind (waiting, running, stale, failed) and the task queue (queued,
    running, failed, the oldest queued job's age in seconds), for /healthz and /metrics."""
    import datetime as dt

    from django.db.models import Min
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    stale = now - dt.timedelta(seconds=STALE_SECONDS)
    kinds = {}
    for kind in KINDS.values():
        rows = _model(kind).objects
        kinds[kind.label] = {
            "waiting": rows.filter(status__in=kind.waiting).count(),
            "running": rows.filter(status=kind.running).count(),
            "stale": rows.filter(status=kind.running, heartbeat_at__lt=stale).count(),
            "failed": rows.filter(status__in=kind.failed).count(),
        }
    tasks = DBTaskResult.objects
    oldest = tasks.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "tasks": {
            "queued": tasks.ready().count(),
            "running": tasks.running().count(),
            "failed": tasks.failed().count(),
            "oldest_queued_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
        },
        "jobs": kinds,
        "stale_seconds": STALE_SECONDS,
    }
