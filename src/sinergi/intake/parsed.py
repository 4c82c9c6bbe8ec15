"""The table read at upload, kept next to the stored file so the import does not parse it again.

`create_batch` has to read every file (preview, row counts, numeric NIK columns, refusing an
unreadable file before anything is stored); `keep` writes what it read as Arrow IPC, and
the import takes it back with `load` instead of parsing the CSV or workbook a second time:

    <VAR_DIR>/uploads/<sha256>/<original name>                       the stored file
    <VAR_DIR>/uploads/<sha256>/.parsed/<key>.arrow, <key>.json        what was read from it

`<key>` is derived from the stored name and the sheet; stored names never start with a dot
(`storage.safe_name`), so `.parsed` cannot clash with an upload.

Invariants:
- The cache is an optimisation only. `load` returns None whenever it cannot vouch for the
  cache (missing, unreadable, written by another format version, for another content hash,
  the stored file's size or modification time changed, or its headers, header row, sheet
  or row count disagree with what the upload recorded); the caller then reads the file as
  before (`read_source`). So a worker on another machine, a cleaned var dir or a reader
  change after upload all fall back to reading the file.
- A cached table is the `RawTable` the reader returned, cell for cell: Arrow keeps each
  Utf8 value and each null as it was, so the raw rows stored from it are byte-identical
  (tests/intake/test_parsed_cache.py proves it against a fresh read).
- The `.json` is written after the `.arrow`, each through a temporary file and an atomic
  rename, so a reader never sees half a cache; two uploads of the same content write the
  same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import polars as pl

from sinergi.linkage import SOURCE_ROW, Problem, RawTable, read_table

log = logging.getLogger(__name__)

# Bump when the reader's output or this layout changes: older caches are then ignored.
FORMAT_VERSION = 1
CACHE_DIR = ".parsed"


def _paths(stored: Path, sheet: str) -> tuple[Path, Path]:
    key = hashlib.sha256(f"{stored.name}\0{sheet}".encode()).hexdigest()[:24]
    folder = stored.parent / CACHE_DIR
    return folder / f"{key}.arrow", folder / f"{key}.json"


def _write_atomic(target: Path, write: object) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    os.close(fd)
    try:
        write(Path(tmp))  # type: ignore[operator]
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep(table: RawTable, stored: Path, content_hash: str) -> None:
    """Keep `table` (just read from the stored file `stored`) for the import.

    Never fails the upload: a cache that cannot be written is logged and the import will
    read the file itself.
    """
    sheet = table.sheet or ""
    arrow, meta = _paths(stored, sheet)
    try:
        stat = stored.stat()
        arrow.parent.mkdir(exist_ok=True)
        _write_atomic(arrow, lambda p: table.frame.write_ipc(p, compression="uncompressed"))
        info = {
            "version": FORMAT_VERSION,
            "content_hash": content_hash,
            "name": stored.name,
            "sheet": sheet,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "header_row": table.header_row,
            "headers": table.headers,
            "numeric_columns": sorted(table.numeric_columns),
            "rows": table.frame.height,
            "encoding": table.encoding,
            "problems": [asdict(p) for p in table.problems],
        }
        _write_atomic(meta, lambda p: p.write_text(json.dumps(info), encoding="utf-8"))
    except OSError:
        log.warning("could not keep the parsed table of %s", stored, exc_info=True)


def load(
    stored: Path,
    sheet: str,
    *,
    content_hash: str,
    header_row: int,
    headers: list[str],
    rows: int,
) -> RawTable | None:
    """The table kept at upload for this stored file and sheet, or None (read the file)."""
    arrow, meta = _paths(stored, sheet)
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        stat = stored.stat()
        if (
            info.get("version") != FORMAT_VERSION
            or info.get("content_hash") != content_hash
            or info.get("name") != stored.name
            or info.get("sheet") != sheet
            or info.get("size") != stat.st_size
            or info.get("mtime_ns") != stat.st_mtime_ns
            or info.get("header_row") != header_row
            or info.get("headers") != headers
            or info.get("rows") != rows
        ):
            return None
        frame = pl.read_ipc(arrow)
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None
    if frame.height != rows or frame.columns != [*headers, SOURCE_ROW]:
        return None
    return RawTable(
        file=stored.name,
        path=stored,
        sheet=sheet or None,
        frame=frame,
        header_row=header_row,
        numeric_columns=set(info["numeric_columns"]),
        problems=[Problem(**p) for p in info["problems"]],
        encoding=info["encoding"],
    )


def read_source(
    stored: Path,
    sheet: str,
    *,
    content_hash: str,
    header_row: int,
    headers: list[str],
    rows: int,
) -> RawTable:
    """The kept table when it can be trusted, else the file read again (may raise InputError)."""
    table = load(
        stored, sheet, content_hash=content_hash, header_row=header_row, headers=headers, rows=rows
    )
    if table is not None:
        return table
    return read_table(stored, sheet or None)


def discard(stored: Path, sheet: str) -> None:
    """Remove the kept table (after a finished import); the stored file itself stays."""
    for path in _paths(stored, sheet):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", path, exc_info=True)
