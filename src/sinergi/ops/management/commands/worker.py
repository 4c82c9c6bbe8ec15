"""`sinergi worker`: the django-tasks database worker, as a service.

On top of django-tasks' `db_worker` (all queues by default):

- a scanner thread that, every `core.jobs.SCAN_SECONDS`, hands every job whose worker
  died (heartbeat older than `core.jobs.STALE_SECONDS`) back to the queue, and records
  this worker's own beat (`ops.WorkerBeat`, shown by /healthz). So a killed worker's
  job resumes within a minute or two, whether the crashed worker restarts at once,
  later, or never, as long as one worker runs;
- SIGTERM/SIGINT: the job in hand finishes, or (an import between two chunks) is handed
  back to the queue at once; then the process exits 0. A second signal stops at once.

Any `db_worker` option is accepted (e.g. `--batch` to stop when the queue is empty).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from sinergi.core import jobs

log = logging.getLogger("sinergi.worker")


class Scanner(threading.Thread):
    """Re-queues stale jobs and records this worker's beat, until stopped."""

    def __init__(self, worker_id: str, every: float = jobs.SCAN_SECONDS) -> None:
        super().__init__(name="stale-job-scanner", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stop = threading.Event()
        self.started = timezone.now()

    def run(self) -> None:
        try:
            while True:
                self.scan_once()
                if self.stop.wait(self.every):
                    break
        finally:
            connection.close()

    def scan_once(self) -> None:
        from sinergi.ops.models import WorkerBeat

        try:
            now = timezone.now()
            WorkerBeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "host": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": self.started,
                    "seen_at": now,
                },
            )
            WorkerBeat.objects.filter(seen_at__lt=now - timezone.timedelta(days=1)).delete()
            moved = jobs.requeue_stale()
            for kind, ids in moved.items():
                log.warning("stale jobs queued again: %s %s", kind, ids)
        except Exception:  # the database may be briefly away; the next scan retries
            log.exception("stale-job scan failed")

    def forget(self) -> None:
        from sinergi.ops.models import WorkerBeat

        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            log.warning("could not remove this worker's beat", exc_info=True)


class Command(db_worker.Command):
    help = "Run the background worker: queued jobs, stale-job re-queueing, clean SIGTERM."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(
            queue_name="*",
            reload=False,
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.management.base import CommandError

        from sinergi.ops.schema import SchemaMismatch, require_current

        try:
            require_current()
        except SchemaMismatch as exc:
            raise CommandError(str(exc)) from exc
        worker_id = options["worker_id"]
        scanner = Scanner(worker_id)
        # The first scan runs now, before any job is taken: a job left by a crash is
        # queued again before this worker looks for work.
        scanner.scan_once()
        if not options["batch"] and not connection.in_atomic_block:
            scanner.start()
        original = db_worker.Worker.configure_signals

        def configure_signals(worker: db_worker.Worker) -> None:
            original(worker)

            def stop(signum: int, frame: Any) -> None:
                jobs.STOP.set()  # a long job hands itself back between two chunks
                worker.shutdown(signum, frame)

            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, stop)

        db_worker.Worker.configure_signals = configure_signals  # type: ignore[method-assign]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker.configure_signals = original  # type: ignore[method-assign]
            scanner.stop.set()
            if scanner.is_alive():
                scanner.join(timeout=30)
            scanner.forget()
            log.info("worker %s stopped", worker_id)
