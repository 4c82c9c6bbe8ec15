"""Background tasks of programs: thin shells around the verbs (house habit 7).

Each takes only an id and claims its row with a conditional update (`core.jobs.claim`);
a task that could not claim says so by failing, rather than reporting success.
"""

from __future__ import annotations

from django_tasks import task

from sinergi.core.jobs import claimed


@task()
def read_upload_task(upload_id: int) -> str:
    from sinergi.programs.uploads import read_upload

    return claimed("nomination upload", upload_id, read_upload(upload_id))


@task()
def run_upload_task(upload_id: int) -> str:
    from sinergi.programs.uploads import run_queued

    return claimed("nomination upload", upload_id, run_queued(upload_id))


@task()
def read_reference_list_task(list_id: int) -> str:
    from sinergi.programs.references import read_reference_list

    return claimed("reference list", list_id, read_reference_list(list_id))
