"""On PostgreSQL a worker stores chunk k in a thread while it normalises chunk k+1."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import RowProblem, SourceFile, SourceRecord

from .conftest import BANGKA_CSV, csv_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the storing thread is used on PostgreSQL only")


def test_the_threaded_store_keeps_one_row_per_input_row_in_order(
    make_batch: Any, officer_bangka: Any
) -> None:
    batch = make_batch(csv_rows(23))
    start_import(officer_bangka, batch)
    assert isinstance(pipeline._store(), pipeline._ThreadStore)
    assert pipeline.run_import(batch.id, chunk_rows_count=5) == "done"
    rows = SourceRecord.objects.filter(batch=batch).values_list("row_number", flat=True)
    assert sorted(rows) == list(range(1, 24))
    batch.refresh_from_db()
    assert batch.rows_read == 23
    assert SourceFile.objects.get(batch=batch).rows_done == 23


def test_an_error_in_the_storing_thread_fails_the_batch(
    make_batch: Any, officer_bangka: Any, monkeypatch: Any
) -> None:
    batch = make_batch(BANGKA_CSV)
    start_import(officer_bangka, batch)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("disk full")

    monkeypatch.setattr(pipeline.writer, "write_problems", broken)
    assert pipeline.run_import(batch.id) == "failed"
    batch.refresh_from_db()
    assert "disk full" in batch.error
    assert not SourceRecord.objects.filter(batch=batch).exists()
    assert not RowProblem.objects.exists()
