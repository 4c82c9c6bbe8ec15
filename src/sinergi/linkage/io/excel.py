"""Spreadsheets (.xlsx/.xlsm, .xls, .ods) through calamine (fastexcel), as text.

The sheet is read with every cell as a string (calamine renders an integral number
as "3271024501900000", never "3.27e15" or "...0.0"). The columns whose text could be a
number are read again as booleans, which is non-null only for cells stored as numbers
(or booleans): that tells which columns hold at least one NUMBER (`numeric_columns`).
A NIK column stored as numbers may have lost digits in Excel already; callers say so.

Dates: calamine renders a date cell as "1990-01-05 00:00:00". A datetime read (only
when such text appears) finds the cells that really are dates, and those at midnight
are written "1990-01-05"; text that merely looks like a date is left alone.

Row numbers: the sheet is read from its row 1 (empty rows included), so `header_row`
is the row number the user sees in Excel; leading empty columns are dropped by
calamine, and blank headers are named after the column the user sees ("Kolom 3" = C).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import fastexcel
import polars as pl

from sinergi.linkage.io.headers import HEADER_SCAN_LIMIT, find_header_row, is_numbering_row
from sinergi.linkage.io.tables import Grid, input_error, preamble_problems

_MIDNIGHT = r"^\d{4}-\d{2}-\d{2} 00:00:00$"
_DATETIME_TEXT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
_MAGIC = {
    ".xlsx": (b"PK\x03\x04",),
    ".xlsm": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),
}


def _check_magic(path: Path) -> None:
    """Refuse, with a useful message, the text and HTML files saved under an Excel name."""
    with path.open("rb") as fh:
        head = fh.read(512)
    if not head.strip():
        raise input_error(
            path.name, "berkas kosong, tidak ada baris data", "empty file, no data rows"
        )
    if head.startswith(_MAGIC.get(path.suffix.lower(), ())):
        return
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise input_error(
            path.name,
            "berkas ini halaman HTML/XML, bukan buku kerja Excel; buka di Excel lalu simpan "
            "sebagai .xlsx",
            "this file is an HTML/XML page, not a workbook; open it in Excel and save as .xlsx",
        )
    raise input_error(
        path.name,
        "bukan buku kerja Excel/ODS yang sah (mungkin teks biasa: ganti akhirannya ke .csv)",
        "not a valid Excel/ODS workbook (if it is plain text, rename it to .csv)",
    )


def zip_limits() -> tuple[int, int]:
    """(largest unpacked size in bytes, largest unpacked/packed ratio) a workbook may have.

    From SINERGI_MAX_XLSX_UNCOMPRESSED_MB (default 500) and SINERGI_MAX_XLSX_RATIO
    (default 100), the same variables the web settings document. Real workbooks unpack
    to 5-20 times their size; a zip bomb to thousands.
    """
    mb = int(os.environ.get("SINERGI_MAX_XLSX_UNCOMPRESSED_MB") or 500)
    ratio = int(os.environ.get("SINERGI_MAX_XLSX_RATIO") or 100)
    return mb * 1024 * 1024, ratio


def check_unpacked_size(path: Path) -> None:
    """Refuse a zip-based workbook (.xlsx/.xlsm/.ods) that would unpack too large, before
    any reader decompresses it (the sizes are read from the zip directory only)."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # the reader says what is wrong with it
    packed = max(path.stat().st_size, 1)
    limit, ratio = zip_limits()
    if unpacked > limit or unpacked > ratio * packed:
        raise input_error(
            path.name,
            f"buku kerja ini akan mengembang menjadi {unpacked // 2**20} MB saat dibuka "
            f"(batas {limit // 2**20} MB, {ratio}x ukuran berkas); simpan ulang tanpa "
            "sel kosong yang berformat atau pecah menjadi beberapa berkas",
            f"this workbook would unpack to {unpacked // 2**20} MB when opened (limit "
            f"{limit // 2**20} MB, {ratio}x the file size); save it again without formatted "
            "empty cells or split it into several files",
        )


def _open(path: Path) -> fastexcel.ExcelReader:
    _check_magic(path)
    check_unpacked_size(path)
    try:
        return fastexcel.read_excel(path)
    except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types
        raise input_error(
            path.name,
            f"buku kerja rusak atau terkunci sandi, tidak dapat dibaca ({_short(exc)})",
            f"workbook is corrupt or password-protected, cannot be read ({_short(exc)})",
        ) from exc


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def _load(
    reader: fastexcel.ExcelReader, index: int, file: str, dtype: str, columns: list[int] | None
) -> tuple[pl.DataFrame, list[int], bool]:
    """One read of a sheet from its row 1: the frame, 0-based sheet columns, visibility."""
    try:
        sheet = reader.load_sheet(
            index,
            header_row=None,
            skip_rows=0,
            dtypes=dtype,
            use_columns=columns,
        )
        frame = sheet.to_polars()
        absolute = [c.absolute_index for c in sheet.selected_columns]
        visible = str(sheet.visible).lower() == "visible"
    except Exception as exc:  # noqa: BLE001
        raise input_error(
            file,
            f"lembar ke-{index + 1} tidak dapat dibaca ({_short(exc)})",
            f"sheet {index + 1} cannot be read ({_short(exc)})",
        ) from exc
    return frame, absolute, visible


def _has_data(frame: pl.DataFrame) -> bool:
    if frame.height == 0 or frame.width == 0:
        return False
    return bool(
        frame.select(
            pl.any_horizontal(
                (pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "")).any()
                for c in frame.columns
            )
        ).item()
    )


def _pick_sheet(
    reader: fastexcel.ExcelReader, file: str, wanted: str | None
) -> tuple[int, str, pl.DataFrame, list[int]]:
    names = list(reader.sheet_names)
    if wanted is not None:
        matches = [i for i, n in enumerate(names) if n == wanted]
        matches = matches or [
            i for i, n in enumerate(names) if n.strip().lower() == wanted.strip().lower()
        ]
        if not matches:
            listed = ", ".join(names)
            raise input_error(
                file,
                f"lembar {wanted!r} tidak ada; lembar yang ada: {listed}",
                f"sheet {wanted!r} not found; sheets: {listed}",
            )
        frame, absolute, _visible = _load(reader, matches[0], file, "string", None)
        if not _has_data(frame):
            raise input_error(
                file,
                f"lembar {names[matches[0]]!r} kosong, tidak ada baris data",
                f"sheet {names[matches[0]]!r} is empty, no data rows",
            )
        return matches[0], names[matches[0]], frame, absolute
    # Hidden sheets often hold lookup lists: prefer the first visible sheet with data.
    hidden_with_data = None
    for i, name in enumerate(names):
        frame, absolute, visible = _load(reader, i, file, "string", None)
        if not _has_data(frame):
            continue
        if visible:
            return i, name, frame, absolute
        hidden_with_data = hidden_with_data or (i, name, frame, absolute)
    if hidden_with_data is not None:
        return hidden_with_data
    raise input_error(file, "berkas kosong, tidak ada baris data", "empty file, no data rows")


def read_excel_grid(path: Path, sheet: str | None) -> Grid:
    """Read one sheet of a workbook into a Grid (see the module docstring)."""
    file = path.name
    reader = _open(path)
    index, name, text, absolute = _pick_sheet(reader, file, sheet)
    cols = text.columns
    head = text.head(HEADER_SCAN_LIMIT).rows()
    k = find_header_row(head)
    header = list(head[k])
    numbering = k + 1 < len(head) and is_numbering_row(head[k + 1], header)
    data_start = k + 1 + int(numbering)
    data = text.slice(data_start)

    numeric, data = _numbers_and_dates(reader, index, file, data, data_start, absolute, cols)
    return Grid(
        header_cells=header,
        header_row=k + 1,
        data=data,
        positions=[a + 1 for a in absolute],
        numeric_positions={absolute[i] + 1 for i in numeric},
        problems=preamble_problems(
            file, [(i + 1, list(row)) for i, row in enumerate(head[:k])], k + 1
        ),
        sheet=name,
        encoding="excel",
    )


def _numbers_and_dates(
    reader: fastexcel.ExcelReader,
    index: int,
    file: str,
    data: pl.DataFrame,
    data_start: int,
    absolute: list[int],
    cols: list[str],
) -> tuple[set[int], pl.DataFrame]:
    """Which columns (0-based in `cols`) hold numbers, and the data with dates tidied.

    Calamine's typed reads tell cell types apart: a "boolean" read is non-null only for
    number and boolean cells (booleans render as "true"/"false"), a "datetime" read only
    for number and date cells. Text is null in both, even text that looks numeric.
    Only columns whose text could be a number or a date are read again.
    """
    looks_numeric = data.select(
        pl.col(c).str.contains(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$").any() for c in cols
    ).row(0)
    looks_date = data.select(pl.col(c).str.contains(_DATETIME_TEXT).any() for c in cols).row(0)
    need = [i for i in range(len(cols)) if looks_numeric[i] or looks_date[i]]
    if not need:
        return set(), data
    bools, _, _ = _load(reader, index, file, "boolean", [absolute[i] for i in need])
    bools = bools.slice(data_start)
    numeric: set[int] = set()
    for j, i in enumerate(need):
        flag = bools.to_series(j)
        if (flag.is_not_null() & ~data.get_column(cols[i]).is_in(["true", "false"])).any():
            numeric.add(i)
    dated = [j for j, i in enumerate(need) if looks_date[i]]
    if not dated:
        return numeric, data
    stamps, _, _ = _load(reader, index, file, "datetime", [absolute[need[j]] for j in dated])
    stamps = stamps.slice(data_start)
    fixes = []
    for k, j in enumerate(dated):
        c = cols[need[j]]
        is_date = stamps.to_series(k).is_not_null() & bools.to_series(j).is_null()
        fixes.append(
            pl.when(pl.lit(is_date) & pl.col(c).str.contains(_MIDNIGHT))
            .then(pl.col(c).str.slice(0, 10))
            .otherwise(pl.col(c))
            .alias(c)
        )
    return numeric, data.with_columns(fixes)
