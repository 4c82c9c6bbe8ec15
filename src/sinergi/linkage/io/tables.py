"""Reading source files as text: the front door of the linkage engine.

Data officers receive spreadsheets from regency offices, field assistants, partners and
other agencies. `read_table` opens any of them (.csv/.txt, .xlsx/.xlsm, .xls, .ods) and
returns a `RawTable` whose cells are exactly the text the file holds.

Invariants of a `RawTable.frame`:
- every source column is Utf8; our reader never turns a cell into a number, so a NIK
  typed as text keeps all 16 digits. Excel cells stored as numbers are rendered as the
  shortest exact text ("3271024501900000", never "3.27e15" or "...0.0"), and the
  column is listed in `numeric_columns` so callers can warn about Excel damage;
- cell text is not stripped, case-folded or otherwise edited; an empty cell is null
  (an empty CSV field and a quoted "" are both empty cells);
- column names are the header cells as written, made unique ("Nama", "Nama (2)"); a
  blank header becomes "Kolom <n>" where n is the 1-based spreadsheet column; a column
  with a blank header and no data at all is not a column;
- `source_row` (Int64) numbers the data rows from 1, counted after the header (and
  after a "1 2 3 4" column-numbering line directly under it); empty rows in the middle
  are kept, empty rows at the end are not data;
- anything that makes the file unusable raises `InputError` with a one-line message,
  Bahasa Indonesia then English, naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sinergi.linkage.schema import SOURCE_ROW, Problem

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class InputError(Exception):
    """A file (or an argument about files) that cannot be used at all.

    The message is one line, Bahasa Indonesia then English, and names the file and,
    where it applies, the row and column.
    """


def input_error(file: str, message_id: str, message_en: str) -> InputError:
    """Build the house-style one-line error: "file: pesan / message"."""
    return InputError(f"{file}: {message_id} / {message_en}")


@dataclass
class RawTable:
    """One sheet or text file, read as text. See the module docstring for invariants."""

    file: str
    path: Path
    sheet: str | None
    frame: pl.DataFrame
    header_row: int
    numeric_columns: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    # How the bytes were decoded (text files) or "excel"; for reports and debugging.
    encoding: str = "utf-8"

    @property
    def headers(self) -> list[str]:
        """The (deduplicated) source headers, in file order, without `source_row`."""
        return [c for c in self.frame.columns if c != SOURCE_ROW]


@dataclass
class Grid:
    """What a format reader hands to `assemble`: the header line and the cells under it.

    `data` has one Utf8 column per source column, in order, named anything; `positions`
    are their 1-based spreadsheet column numbers; `numeric_positions` the positions of
    columns with at least one cell stored as a number.
    """

    header_cells: list[str | None]
    header_row: int
    data: pl.DataFrame
    positions: list[int]
    numeric_positions: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    sheet: str | None = None


# Title text quoted in a PREAMBLE problem is cut to this many characters.
PREAMBLE_VALUE_CHARS = 200


def preamble_problems(
    file: str, rows: list[tuple[int, list[str | None]]], header_row: int
) -> list[Problem]:
    """One PREAMBLE notice per non-empty row above the header: (row as the user sees it
    in the spreadsheet, its cells). Title rows are not data, but they are not dropped
    silently either: the notice quotes each one and names its row. Blank rows are not
    reported."""
    found: list[Problem] = []
    for line, cells in rows:
        text = " | ".join(c.strip() for c in cells if c is not None and c.strip())
        if not text:
            continue
        found.append(
            Problem(
                file=file,
                row=0,
                column="",
                value=text[:PREAMBLE_VALUE_CHARS],
                code="PREAMBLE",
                message_id=(
                    f"baris {line} di atas judul kolom (baris {header_row}) dilewati: "
                    "judul, bukan data"
                ),
                message_en=(
                    f"row {line} above the header (row {header_row}) skipped: a title, not data"
                ),
            )
        )
    return found


def _is_blank(cell: str | None) -> bool:
    return cell is None or cell.strip() == ""


def unique_names(header_cells: list[str | None], positions: list[int]) -> list[str]:
    """Column names from header cells: blank -> "Kolom <n>", repeats -> "Nama (2)".

    Names never collide with each other nor with `source_row`.
    """
    taken: set[str] = {SOURCE_ROW}
    names: list[str] = []
    for cell, pos in zip(header_cells, positions, strict=True):
        base = f"Kolom {pos}" if _is_blank(cell) else str(cell)
        name, k = base, 1
        while name in taken:
            k += 1
            name = f"{base} ({k})"
        taken.add(name)
        names.append(name)
    return names


def _non_blank(col: str) -> pl.Expr:
    return pl.col(col).is_not_null() & (pl.col(col).str.strip_chars() != "")


def assemble(file: str, path: Path, grid: Grid) -> RawTable:
    """Turn a reader's grid into a `RawTable`, applying the module invariants."""
    data = grid.data
    tmp = [f"c{i}" for i in range(data.width)]
    data = data.rename(dict(zip(data.columns, tmp, strict=True)))
    # An empty cell is null, whatever the format said ("" from a quoted CSV field).
    if tmp:
        data = data.with_columns(
            pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in tmp
        )
    # Empty rows at the end are spreadsheet residue (formatting, a final newline), not data.
    if data.height and tmp:
        has_data = data.select(pl.any_horizontal(_non_blank(c) for c in tmp)).to_series()
        last = has_data.arg_true()
        data = data.head(int(last[-1]) + 1 if last.len() else 0)
    else:
        data = data.head(0)
    if data.height == 0:
        raise input_error(
            file,
            f"hanya ada baris judul kolom (baris {grid.header_row}), tidak ada baris data",
            f"only a header row (row {grid.header_row}), no data rows",
        )
    # A column with neither header nor data is residue of the sheet's used range.
    keep = [
        i
        for i, c in enumerate(tmp)
        if not _is_blank(grid.header_cells[i]) or data.select(_non_blank(c).any()).item()
    ]
    cells = [grid.header_cells[i] for i in keep]
    positions = [grid.positions[i] for i in keep]
    names = unique_names(cells, positions)
    frame = data.select(pl.col(tmp[i]).alias(n) for i, n in zip(keep, names, strict=True))
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(SOURCE_ROW))
    numeric = {
        n for i, n in zip(keep, names, strict=True) if grid.positions[i] in grid.numeric_positions
    }
    return RawTable(
        file=file,
        path=path,
        sheet=grid.sheet,
        frame=frame,
        header_row=grid.header_row,
        numeric_columns=numeric,
        problems=list(grid.problems),
        encoding=grid.encoding,
    )
