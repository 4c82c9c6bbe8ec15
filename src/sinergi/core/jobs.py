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
from types import TracebackType

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
