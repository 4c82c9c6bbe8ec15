"""The one guard against spreadsheet formula injection, used by every export.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run
by Excel or LibreOffice as a formula (`=HYPERLINK(...)`, `+1+cmd|' /C calc'!A0`, DDE).
Values come from regencies' spreadsheets and typed forms, so any of them can carry one.

Invariants:
- such text gets a leading apostrophe, which spreadsheets show as "this is text";
- numbers stay numbers: an int, float or Decimal is never changed, and neither is text
  that is exactly a signed number ("-1500", "+6281234567890") or a lone "-" (regencies
  write it for "none") — those are not formulas. "-2+3+cmd" is not a number: guarded;
- every other value is returned unchanged.

No Django here: the linkage engine (which runs without Django) guards its CSVs with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number, with "." or "," grouping/decimals and an optional exponent.
NUMBER = r"[+-]?(?:[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMBER = re.compile(NUMBER)


def safe_cell(value: Any) -> Any:
    """The value to write into a CSV or xlsx cell: risky text prefixed with `'`."""
    if not isinstance(value, str) or not value or not value.startswith(TRIGGERS):
        return value
    if value == "-" or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def safe_frame(frame: Any) -> Any:
    """A polars frame with `safe_cell` applied to every text column (vectorised)."""
    import polars as pl

    guarded = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        col = pl.col(name)
        risky = (
            col.str.contains(r"^[=+\-@\t\r]") & ~col.str.contains(f"^(?:{NUMBER})$") & (col != "-")
        )
        guarded.append(pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name))
    return frame.with_columns(guarded) if guarded else frame


def xlsx_text_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Write-only openpyxl cells: guarded, and every text typed as text (a NIK or phone
    never becomes a number, nothing becomes a formula); numbers stay numbers."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
