"""Lists that are already in memory: a frame whose columns are named by canonical field.

The web platform holds its lists as rows in the database. It hands them to the engine as
`ListFrame`s (owner_name, nik, business_name, ..., aid_kind, amount_idr) instead of
writing CSV files with invented headers for the engine to read and recognise again: the
columns need no recognition, and nothing is lost to a round trip through text.

Invariants: the table built from a `ListFrame` obeys the `RawTable` contract (every cell
Utf8, `source_row` numbers the rows from 1, in frame order); a column named by a
canonical field maps to that field, any other column is carried as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sinergi.linkage.io.columns import ColumnMapping
from sinergi.linkage.io.tables import RawTable, input_error
from sinergi.linkage.schema import CANONICAL_FIELDS, SOURCE_ROW


@dataclass(frozen=True)
class ListFrame:
    """One list in memory. `name` plays the role of the file name in findings and reports."""

    name: str
    frame: pl.DataFrame


def frame_table(item: ListFrame) -> tuple[RawTable, ColumnMapping]:
    """The `RawTable` of an in-memory list and its (given, not guessed) column mapping.

    Raises:
        InputError: a column is named `source_row`, or the frame has no column at all.
    """
    frame = item.frame
    if SOURCE_ROW in frame.columns:
        raise input_error(
            item.name, f"kolom {SOURCE_ROW} tidak boleh ada", f"no {SOURCE_ROW} column"
        )
    if not frame.columns:
        raise input_error(item.name, "tidak ada kolom", "no columns")
    text = frame.select(pl.all().cast(pl.Utf8)).with_row_index(SOURCE_ROW, offset=1)
    text = text.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64))
    table = RawTable(
        file=item.name, path=Path(item.name), sheet=None, frame=text, header_row=0, encoding="frame"
    )
    fields = {c: c for c in frame.columns if c in CANONICAL_FIELDS}
    unknown = [c for c in frame.columns if c not in fields]
    return table, ColumnMapping(fields=fields, unknown=unknown)
