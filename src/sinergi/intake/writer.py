"""Bulk writes of intake rows: COPY on PostgreSQL, executemany batches on SQLite.

A chunk is written in two steps. `prepare` turns the polars frames of
`transform.chunk_rows` into what the database takes (outside any transaction, so the
importing worker does it while the previous chunk is still being stored); `write_records`
and `write_problems` then send it inside the caller's transaction (the chunk transaction
that also advances `SourceFile.rows_done`), so a crash leaves either the whole chunk or none
of it.

Invariants:
- PostgreSQL: record ids are drawn from the table's own sequence before the COPY (`nextval`,
  so ids never clash with other writers; a rolled-back chunk only leaves a gap), which lets
  the problems point at their records without reading the records back. Both frames are
  written in COPY's text format by polars (vectorised, see `_copy_text`) and streamed with
  psycopg 3 `cursor.copy`; a null text is stored as '' (the text columns are NOT NULL).
- SQLite: `INSERT OR IGNORE` — the unique (file, sheet, row_number) constraint is the last
  guard; the chunk claim in `pipeline` is what normally prevents a second write. The ids
  of the stored records are read back for the problems.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import polars as pl
from django.db import connection

from sinergi.intake.models import RowProblem, SourceRecord

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


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy(table: str, columns: tuple[str, ...], payload: bytes) -> None:
    cols = ", ".join(_quote(c) for c in columns)
    sql = f"COPY {_quote(table)} ({cols}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(payload)


def _copy_text(frame: pl.DataFrame) -> bytes:
    """`frame` in COPY's text format: tab-separated, backslash escapes, one line per row.

    Every text column is escaped (backslash first, then tab, line feed, carriage return) and
    a null text is written as '' — intake's text columns are NOT NULL. The server parses
    this faster than CSV full of quoted JSON ("" for every quote).
    """
    text = [c for c, dtype in frame.schema.items() if dtype == pl.Utf8]
    # One scan per column finds the few columns that need escaping at all (JSON text holds
    # no tabs or line breaks, codes hold none of these characters).
    special = (
        frame.select(pl.col(c).str.contains(r"[\\\t\n\r]").any() for c in text).row(0)
        if text
        else ()
    )
    escaped = frame.with_columns(
        pl.col(c)
        .fill_null("")
        .str.replace_all("\\", "\\\\", literal=True)
        .str.replace_all("\t", "\\t", literal=True)
        .str.replace_all("\n", "\\n", literal=True)
        .str.replace_all("\r", "\\r", literal=True)
        if needs
        else pl.col(c).fill_null("")
        for c, needs in zip(text, special, strict=True)
    )
    buf = io.BytesIO()
    escaped.write_csv(
        buf, include_header=False, separator="\t", quote_style="never", null_value="\\N"
    )
    return buf.getvalue()


def _insert(table: str, frame: pl.DataFrame, batch_size: int = 5000) -> None:
    cols = ", ".join(_quote(c) for c in frame.columns)
    marks = ", ".join(["%s"] * frame.width)
    sql = f"INSERT OR IGNORE INTO {_quote(table)} ({cols}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, frame.height, batch_size):
            cursor.executemany(sql, frame.slice(start, batch_size).rows())


@dataclass
class Prepared:
    """One chunk ready to store: COPY payloads (PostgreSQL) or frames (SQLite)."""

    records: bytes | pl.DataFrame
    problems: bytes | pl.DataFrame
    problem_rows: int


def _record_sequence() -> str:
    table = SourceRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return cursor.fetchone()[0]


def reserve_record_ids(count: int) -> pl.Series:
    """`count` new ids from the records' sequence, ascending (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [_record_sequence(), count],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return pl.Series("id", sorted(ids), dtype=pl.Int64)


def prepare(
    records: pl.DataFrame, problems: pl.DataFrame, *, batch_id: int, now: dt.datetime
) -> Prepared:
    """What `write_records` and `write_problems` store for one chunk.

    `records` has transform.RECORD_COLUMNS, `problems` transform.PROBLEM_COLUMNS. Needs no
    transaction; on PostgreSQL it draws the records' ids (see the module invariants).
    """
    frame = records.with_columns(
        pl.lit(batch_id, pl.Int64).alias("batch_id"),
        pl.lit("{}", pl.Utf8).alias("corrected"),
        pl.lit(now.isoformat(), pl.Utf8).alias("imported_at"),
    ).select(RECORD_ORDER)
    problems = problems.with_columns(
        pl.lit(batch_id, pl.Int64).alias("batch_id"),
        pl.lit("open").alias("status"),
        pl.lit("").alias("corrected_value"),
    )
    if not _is_postgres():
        return Prepared(
            records=frame.with_columns(pl.col("in_scope").cast(pl.Int8)),
            problems=problems,
            problem_rows=problems.height,
        )
    frame = frame.with_columns(reserve_record_ids(frame.height)).select("id", *RECORD_ORDER)
    ids = frame.select("file_id", "row_number", pl.col("id").alias("record_id"))
    problems = problems.join(ids, on=["file_id", "row_number"], how="inner").select(PROBLEM_ORDER)
    return Prepared(
        records=_copy_text(frame), problems=_copy_text(problems), problem_rows=problems.height
    )


def write_records(prepared: Prepared) -> None:
    """Store the record rows of one chunk (inside the chunk's transaction)."""
    table = SourceRecord._meta.db_table
    if isinstance(prepared.records, bytes):
        _copy(table, ("id", *RECORD_ORDER), prepared.records)
    else:
        _insert(table, prepared.records)


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


def write_problems(prepared: Prepared, segments: list[tuple[int, str, int, int]]) -> None:
    """Store the problem rows of one chunk, pointing at the records just stored.

    `segments` are the chunk's (file id, sheet, first row, last row): where SQLite reads the
    new records' ids from.
    """
    if prepared.problem_rows == 0:
        return
    table = RowProblem._meta.db_table
    if isinstance(prepared.problems, bytes):
        _copy(table, PROBLEM_ORDER, prepared.problems)
        return
    frame = prepared.problems.join(
        record_ids(segments), on=["file_id", "row_number"], how="inner"
    ).select(PROBLEM_ORDER)
    _insert(table, frame)
