"""The one stale rule: a dead worker's job resumes, a live one's is left alone, a task
that could not claim its job fails saying so, and a stopping worker hands its job back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from tests.intake.conftest import csv_rows
from tests.tasks import run_worker

from sinergi.core import jobs
from sinergi.intake import pipeline
from sinergi.intake.actions import Upload, create_batch, start_import
from sinergi.intake.models import BatchStatus, ImportBatch, SourceRecord

pytestmark = pytest.mark.django_db


def _batch(user: Any, rows: int = 12) -> ImportBatch:
    batch = create_batch(
        user, source_name="Dinas Kab. Bangka", uploads=[Upload("a.csv", [csv_rows(rows).encode()])]
    )
    start_import(user, batch)
    return batch


def _held(batch: ImportBatch, seconds_ago: float) -> None:
    """The batch is running under a worker whose last heartbeat was `seconds_ago`."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=seconds_ago),
    )


def test_a_task_that_cannot_claim_its_import_fails_saying_so(officer_bangka: Any) -> None:
    batch = _batch(officer_bangka)
    _held(batch, seconds_ago=1)  # a live worker holds it
    (result,) = run_worker()
    assert result.status == "FAILED"
    assert result.exception_class_path.endswith("NotClaimed")
    assert "held by another live worker" in result.traceback
    assert not SourceRecord.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker command manages its connections
def test_the_worker_queues_a_dead_workers_import_again_and_finishes_it(
    reference_data: None, officer_bangka: Any
) -> None:
    batch = _batch(officer_bangka)
    run_worker_first = ImportBatch.objects.get(pk=batch.pk)
    assert run_worker_first.status == BatchStatus.QUEUED
    # Its first task was taken by a worker that then died after one chunk's heartbeat.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    _held(batch, seconds_ago=jobs.STALE_SECONDS + 5)
    call_command("worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.attempts == 1
    assert SourceRecord.objects.filter(batch=batch).count() == 12


def test_a_live_workers_import_is_left_alone(officer_bangka: Any) -> None:
    batch = _batch(officer_bangka)
    _held(batch, seconds_ago=jobs.STALE_SECONDS - 10)
    assert jobs.requeue_stale() == {}
    assert pipeline.run_import(batch.pk) == "not-claimed"


def test_a_stopping_worker_hands_its_import_back_between_chunks(
    officer_bangka: Any, monkeypatch: Any
) -> None:
    batch = _batch(officer_bangka, rows=12)
    monkeypatch.setattr(pipeline, "after_chunk", lambda stored: jobs.STOP.set())
    try:
        assert pipeline.run_import(batch.pk, chunk_rows_count=5) == BatchStatus.QUEUED
    finally:
        jobs.STOP.clear()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and batch.rows_read == 5
    monkeypatch.setattr(pipeline, "after_chunk", None)
    run_worker()  # the task queued by the hand-back resumes where it stopped
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert SourceRecord.objects.filter(batch=batch).count() == 12


def test_the_stale_period_is_a_minute_or_less_and_well_above_the_heartbeat() -> None:
    assert 6 * jobs.HEARTBEAT_SECONDS <= jobs.STALE_SECONDS <= 60
    assert jobs.SCAN_SECONDS <= 15
