"""Bulk writes of intake rows: COPY on PostgreSQL, executemany batches on SQLite.

Both paths take the polars frames of `transform.chunk_rows` and must run inside the
caller's transaction (the chunk transaction that also advances `SourceFile.rows_done`), so
a crash leaves either the whole chunk or none of it.

Invariants:
- PostgreSQL: the frames are written as CSV by polars (vectorised) and streamed with
  psycopg 3 `cursor.copy`; text columns use FORCE_NOT_NULL so an empty text is '' not NULL.
- SQLite: `INSERT OR IGNORE` — the unique (file, sheet, row_number) constraint is the last
  guard; the chunk claim in `pipeline` is what normally prevents a second write.
"""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
from django.db import connection

from sinergi.intake.models import RowProblem, SourceRecord

RECORD_TEXT = (
    "sheet",
    "raw",
    "canonical",
    "normalised",
    "corrected",
    "owner_name",
    "business_name",
    "nik_status",
    "province_code",
    "regency_code",
    "district_code",
    "village_code",
    "link_status",
)
RECORD_ORDER = (
    "batch_id",
    "file_id",
    "sheet",
    "row_number",
    "raw",
    "canonical",
    "normalised",
    "corrected",
    "owner_name",
    "business_name",
    "nik_status",
    "province_code",
    "regency_code",
    "district_code",
    "village_code",
    "in_scope",
    "problem_count",
    "link_status",
    "imported_at",
)
PROBLEM_ORDER = (
    "batch_id",
    "record_id",
    "column",
    "code",
    "value",
    "message_id",
    "message_en",
    "status",
    "corrected_value",
)
PROBLEM_TEXT = ("column", "code", "value", "message_id", "message_en", "status", "corrected_value")


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy(table: str, frame: pl.DataFrame, text_columns: tuple[str, ...]) -> None:
    buf = io.BytesIO()
    frame.write_csv(buf, include_header=False)
    cols = ", ".join(_quote(c) for c in frame.columns)
    force = ", ".join(_quote(c) for c in text_columns)
    sql = f"COPY {_quote(table)} ({cols}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({force}))"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(buf.getvalue())


def _insert(table: str, frame: pl.DataFrame, batch_size: int = 5000) -> None:
    cols = ", ".join(_quote(c) for c in frame.columns)
    marks = ", ".join(["%s"] * frame.width)
    sql = f"INSERT OR IGNORE INTO {_quote(table)} ({cols}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, frame.height, batch_size):
            cursor.executemany(sql, frame.slice(start, batch_size).rows())


def write_records(records: pl.DataFrame, *, batch_id: int, now: dt.datetime) -> None:
    """Store the record rows of one chunk (frame columns: transform.RECORD_COLUMNS)."""
    frame = records.with_columns(
        pl.lit(batch_id, pl.Int64).alias("batch_id"),
        pl.lit("{}", pl.Utf8).alias("corrected"),
        pl.lit(now.isoformat(), pl.Utf8).alias("imported_at"),
    ).select(RECORD_ORDER)
    table = SourceRecord._meta.db_table
    if _is_postgres():
        _copy(table, frame, RECORD_TEXT)
    else:
        _insert(table, frame.with_columns(pl.col("in_scope").cast(pl.Int8)))


def record_ids(segments: list[tuple[int, str, int, int]]) -> pl.DataFrame:
    """{file_id, row_number, record_id} of stored rows, per (file, sheet, first, last)."""
    rows: list[tuple[int, int, int]] = []
    for file_id, sheet, first, last in segments:
        rows += SourceRecord.objects.filter(
            file_id=file_id, sheet=sheet, row_number__gte=first, row_number__lte=last
        ).values_list("file_id", "row_number", "id")
    return pl.DataFrame(
        rows,
        schema={"file_id": pl.Int64, "row_number": pl.Int64, "record_id": pl.Int64},
        orient="row",
    )


def write_problems(problems: pl.DataFrame, ids: pl.DataFrame, *, batch_id: int) -> None:
    """Store the problem rows of one chunk, pointing at the records just stored."""
    if problems.height == 0:
        return
    frame = (
        problems.join(ids, on=["file_id", "row_number"], how="inner")
        .with_columns(
            pl.lit(batch_id, pl.Int64).alias("batch_id"),
            pl.lit("open").alias("status"),
            pl.lit("").alias("corrected_value"),
        )
        .select(PROBLEM_ORDER)
    )
    table = RowProblem._meta.db_table
    if _is_postgres():
        _copy(table, frame, PROBLEM_TEXT)
    else:
        _insert(table, frame)
