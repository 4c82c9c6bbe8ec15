"""`sinergi upgrade`: bring the database to this code's schema, then run the data fixes.

Refuses (exit 1, nothing changed) when the database has migrations this code does not
know: the code is older than the schema (`ops.schema`). Otherwise: `migrate`, then every
data fix in `DATA_FIXES` in order. Each fix is idempotent (safe to run on every upgrade)
and says what it did. Run it with the web server and worker stopped; they refuse to
start while migrations are pending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def requeue_jobs_of_old_workers() -> str:
    """Jobs a worker of the previous version left running are handed back to the queue
    (their worker was stopped for the upgrade); the new worker resumes them."""
    from sinergi.core import jobs

    moved = jobs.requeue_stale(0)
    count = sum(len(v) for v in moved.values())
    return f"{count} pekerjaan dilanjutkan / jobs queued again"


def forget_old_worker_beats() -> str:
    from sinergi.ops.models import WorkerBeat

    deleted, _ = WorkerBeat.objects.all().delete()
    return f"{deleted} catatan pekerja lama / old worker beats removed"


DATA_FIXES: list[Callable[[], str]] = [requeue_jobs_of_old_workers, forget_old_worker_beats]


class Command(BaseCommand):
    help = "Migrate the database and run data fixes; refuse when the code is older."

    def handle(self, *args: Any, **options: Any) -> None:
        from sinergi.ops.schema import SchemaMismatch, pending_migrations, require_code_not_older

        try:
            require_code_not_older()
        except SchemaMismatch as exc:
            raise CommandError(str(exc)) from exc
        pending = pending_migrations()
        self.stdout.write(f"Migrasi / migrations to apply: {len(pending)}")
        call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1))
        for fix in DATA_FIXES:
            self.stdout.write(f"{fix.__name__}: {fix()}")
        self.stdout.write("Selesai / upgrade done")
