"""Run the queued background jobs the way `sinergi worker` does, in the test's thread.

`run_worker()` starts the django-tasks database worker in batch mode: it takes every
ready job (the ones a request just queued, and the ones those queue) and returns when the
queue is empty. Returns the task results it saw, newest last, for assertions on status.
"""

from __future__ import annotations

from typing import Any


def queued_jobs() -> list[Any]:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.ready().order_by("enqueued_at"))


def run_worker() -> list[Any]:
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    known = set(DBTaskResult.objects.values_list("id", flat=True))
    ready = {r.id for r in queued_jobs()}
    # The worker closes "old" connections between jobs; inside the test's transaction that
    # would close the test's own connection. The test database needs no such care.
    closer, db_worker.close_old_connections = db_worker.close_old_connections, lambda: None
    try:
        _worker(Worker)
    finally:
        db_worker.close_old_connections = closer
    ran = DBTaskResult.objects.exclude(id__in=known - ready)
    return list(ran.order_by("enqueued_at"))


def _worker(Worker: Any) -> None:  # noqa: N803
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
