"""Background tasks of review: thin shells around `training.run_training` (house habit 7).

The task takes only the run id; the run is claimed with a conditional update, so a second
delivery of the same task does nothing. The worker (`sinergi worker`)
runs these too: it is django-tasks' database worker for every task.
"""

from __future__ import annotations

from django_tasks import task

from sinergi.review.training import run_training


@task()
def train_model_task(run_id: int) -> str:
    return run_training(run_id)
