"""Background tasks of training: thin shells around the verbs (house habit 7).

Each takes only an id and claims its row with a conditional update (`core.jobs.claim`);
a task that could not claim says so by failing, rather than reporting success.
"""

from __future__ import annotations

from django_tasks import task

from sinergi.core.jobs import claimed


@task()
def read_list_task(upload_id: int) -> str:
    from sinergi.training.uploads import read_list

    return claimed("participant list", upload_id, read_list(upload_id))


@task()
def read_attendance_task(import_id: int) -> str:
    from sinergi.training.attendance import read_attendance

    return claimed("attendance file", import_id, read_attendance(import_id))


@task()
def build_certificate_zip_task(zip_id: int) -> str:
    from sinergi.training.certificate_zip import build

    return claimed("certificate ZIP", zip_id, build(zip_id))
