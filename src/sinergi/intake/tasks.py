"""Background tasks of intake: thin shells around `actions.read_batch` and
`pipeline.run_import` (house habit 7).

Each task takes only the batch id; the work is claimed with a conditional update and can
be re-run after a crash (see `pipeline`). A task that could not claim its batch raises
`core.jobs.NotClaimed`, so the job is recorded as failed with the reason instead of
"successful" while nothing was done.
"""

from __future__ import annotations

from django_tasks import task

from sinergi.core.jobs import claimed
from sinergi.intake.pipeline import run_import


@task()
def read_batch_task(batch_id: int) -> str:
    from sinergi.intake.actions import read_batch

    return claimed("import", batch_id, read_batch(batch_id))


@task()
def import_batch_task(batch_id: int) -> str:
    return claimed("import", batch_id, run_import(batch_id))
