"""`sinergi manage intake_worker`: re-queue imports whose worker died, then run db_worker.

A killed worker leaves its batch `running` with an old heartbeat; queuing it again on start
lets the next worker resume it from the last stored chunk. Any db_worker option is
passed through (e.g. `--batch` to stop when the queue is empty).
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from sinergi.intake.pipeline import requeue_stale


class Command(DbWorker):
    help = "Re-queue stale imports, then run the django-tasks database worker."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-seconds",
            type=int,
            default=None,
            help="heartbeat age after which a running import counts as dead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = options.pop("stale_seconds", None)
        ids = requeue_stale(stale) if stale is not None else requeue_stale()
        if ids:
            self.stdout.write(f"Impor dilanjutkan / imports resumed: {ids}")
        super().handle(*args, **options)
