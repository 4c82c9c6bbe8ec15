"""Background tasks of intake: thin shells around `pipeline.run_import` (house habit 7).

The task takes only the batch id; the work is claimed with a conditional update and can be
re-run after a crash (see `pipeline`).
"""

from __future__ import annotations

from django_tasks import task

from sinergi.intake.pipeline import run_import


@task()
def import_batch_task(batch_id: int) -> str:
    return run_import(batch_id)
