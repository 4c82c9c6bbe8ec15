"""Uploaded files of training, read by the background worker, never in the request.

A participant list (`uploads`) and an attendance file (`attendance`) go the way
nomination uploads go (`programs.uploads`): the request checks who may upload and stores
the file as received (`intake.storage.store_chunks`), creating its row `reading` and
queueing one task (`training.tasks`); the worker claims the row under the one stale rule
(`core.jobs`: conditional claim, heartbeat, a dead worker's job queued again), reads,
links and writes everything in one transaction, and the row ends:
- `done`: the result page (counts, review list);
- `unreadable`: the reader's message, naming the file, row and column;
- `refused`: a rule that no longer holds (registration closed, the uploader lost the
  right), with the reason.
A job resumed after its worker died starts over: nothing is written before the final
transaction, and that transaction writes only while the row is still `reading`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from sinergi.core import jobs
from sinergi.training.actions import TrainingError
from sinergi.training.attendance_files import AttendanceFileError
from sinergi.training.engine import InputError
from sinergi.training.models import FileStatus

# What a bad file raises (the message names file, row, column), and what a refusal raises.
READ_ERRORS = (InputError, AttendanceFileError, UnicodeError, OSError, ValueError)
REFUSALS = (TrainingError, PermissionDenied)

LIST_READ = "training.list_read"
ATTENDANCE_READ = "training.attendance_read"


def run(label: str, model: Any, pk: int, work: Callable[[Any], object]) -> str:
    """The worker's side of one stored file: claim it, do `work(row)`, record the end."""
    kind = jobs.KINDS[label]
    if not jobs.claim(kind, pk, waiting=FileStatus.READING):
        return "not-claimed"
    row = model.objects.get(pk=pk)
    try:
        with jobs.Heartbeat(lambda: jobs.beat(kind, pk)):
            work(row)
    except READ_ERRORS as exc:
        fail(model, pk, FileStatus.UNREADABLE, exc)
        return FileStatus.UNREADABLE
    except REFUSALS as exc:
        fail(model, pk, FileStatus.REFUSED, exc)
        return FileStatus.REFUSED
    return FileStatus.DONE


def fail(model: Any, pk: int, status: str, exc: BaseException) -> None:
    message = str(exc) or "tidak diizinkan / not allowed"
    model.objects.filter(pk=pk, status=FileStatus.READING).update(
        status=status, error=message[:2000], heartbeat_at=None
    )


def read_now(row: Any, work: Callable[[Any], object]) -> Any:
    """Read a stored file in this process (fixtures, the command line, benchmarks): the
    row ends as the worker would leave it, and the error is raised to the caller."""
    model = type(row)
    try:
        work(row)
    except READ_ERRORS as exc:
        fail(model, row.pk, FileStatus.UNREADABLE, exc)
        raise
    except REFUSALS as exc:
        fail(model, row.pk, FileStatus.REFUSED, exc)
        raise
    row.refresh_from_db()
    return row


def still_reading(model: Any, pk: int) -> Any | None:
    """The row locked for the final write, or None when another worker already ended it
    (a slow worker taken for dead: its late result is dropped, never written twice)."""
    return model.objects.select_for_update().filter(pk=pk, status=FileStatus.READING).first()


def enqueue(task_name: str, pk: int) -> None:
    from sinergi.training import tasks

    getattr(tasks, task_name).enqueue(pk)


def enqueue_list(pk: int) -> None:
    enqueue("read_list_task", pk)


def enqueue_attendance(pk: int) -> None:
    enqueue("read_attendance_task", pk)
