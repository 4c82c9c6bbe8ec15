"""`read_table`: open any source file (.csv/.txt/.tsv, .xlsx/.xlsm, .xls, .ods) as text.

The front door of the engine's reading side; what comes back is described in
`sinergi.linkage.io.tables` (the `RawTable` invariants).
"""

from __future__ import annotations

from pathlib import Path

from sinergi.linkage.io.excel import read_excel_grid
from sinergi.linkage.io.tables import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    RawTable,
    assemble,
    input_error,
)
from sinergi.linkage.io.text import read_text_grid


def read_table(path: str | Path, sheet: str | None = None) -> RawTable:
    """Read one source file as text; see the module docstring for what comes back.

    Args:
        path: a .csv/.txt/.tsv, .xlsx/.xlsm, .xls or .ods file.
        sheet: for spreadsheets, the sheet to read (default: the first visible sheet
            with data). Giving a sheet for a text file is an error.

    Raises:
        InputError: missing, empty, header-only, corrupt or unsupported file; unknown sheet.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise input_error(name, "berkas tidak ditemukan", "file not found")
    if not path.is_file():
        raise input_error(name, "bukan berkas biasa", "not a regular file")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise input_error(
                name,
                f"berkas teks tidak punya lembar (--sheet {sheet})",
                f"a text file has no sheets (--sheet {sheet})",
            )
        grid = read_text_grid(path)
    elif suffix in EXCEL_SUFFIXES:
        grid = read_excel_grid(path, sheet)
    else:
        shown = suffix or "tanpa akhiran"
        raise input_error(
            name,
            f"jenis berkas tidak didukung ({shown}); gunakan .csv, .txt, .xlsx, .xls atau .ods",
            f"unsupported file type ({suffix or 'no extension'}); use .csv, .txt, .xlsx, "
            ".xls or .ods",
        )
    return assemble(name, path, grid)
