"""Delimited text files (.csv/.txt/.tsv): decoding, sniffing, and two parsers.

Decoding: UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's "Unicode Text")
are read as they are. A UTF-8 file with a few broken lines keeps its good lines; the
bad bytes of a broken line are read as Windows-1252 (latin-1 for the five bytes cp1252
leaves undefined) and each such line is reported as an ENCODING problem naming its data
row. A file with no valid UTF-8 at all is read as Windows-1252 throughout, with one
file-level ENCODING problem. No byte is ever dropped.

Parsing: the delimiter (, ; tab |) is sniffed from the first records; the header is
found among them (`columns.find_header_row`). The fast path hands the bytes to polars
with every column as String; if polars refuses the file (ragged rows, stray quotes)
or disagrees with Python's csv module on the first records, or if lines have to be
mapped to rows for problems, the careful path parses everything with the csv module.
Both paths return the same cells for a clean file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import islice, zip_longest
from pathlib import Path

import polars as pl

from sinergi.linkage.io.headers import HEADER_SCAN_LIMIT, find_header_row, is_numbering_row
from sinergi.linkage.io.tables import Grid, input_error, preamble_problems
from sinergi.linkage.schema import Problem

DELIMITERS = (",", ";", "\t", "|")
SNIFF_RECORDS = 50
PREFIX_CHARS = 256 * 1024
# A file with no valid UTF-8 line and more broken lines than this is not "UTF-8 with a
# few broken lines" but a Windows-1252 file: one file-level problem instead of many.
MAX_BROKEN_LINES = 5
PROBLEM_VALUE_CHARS = 200
# A few NUL bytes in a text file are junk in a cell (named as problems); more than this in
# the first 4 KiB (or more than 1% of it) and the file is not text at all.
MAX_STRAY_NULS = 8
FALLBACK_ERRORS = "sinergi-cp1252-fallback"
_CONTENT = re.compile(rb"[^\s\x00]")  # any byte that is not blank (stops at the first)

csv.field_size_limit(2**31 - 1)  # a cell holding a long address list is still a cell


def _byte_table() -> list[str]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))  # 0x81 0x8D 0x8F 0x90 0x9D: latin-1 (C1 controls)
    return table


_CP1252_OR_LATIN1 = _byte_table()


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as cp1252, else latin-1."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return "".join(_CP1252_OR_LATIN1[b] for b in chunk), exc.end


codecs.register_error(FALLBACK_ERRORS, _fallback)


def decode_bytes(data: bytes) -> tuple[str, list[int], str]:
    """Decode a text file. Returns (text, 0-based indices of broken lines, encoding).

    Broken lines are non-empty only for a UTF-8 file with a few lines that are not.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, label = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors=FALLBACK_ERRORS), [], "utf-16"
    else:
        label = "utf-8"
    try:
        return data.decode("utf-8"), [], label
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    broken: list[int] = []
    good_non_ascii = 0
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good_non_ascii += 1
        except UnicodeDecodeError:
            broken.append(i)
    if good_non_ascii == 0 and len(broken) > MAX_BROKEN_LINES:
        return data.decode("cp1252", errors=FALLBACK_ERRORS), [], "cp1252"
    text = "\n".join(line.decode("utf-8", errors=FALLBACK_ERRORS) for line in lines)
    return text, broken, label


# Python's csv module refuses a carriage return alone inside an unquoted cell (polars
# keeps it); such returns are swapped for a private-use mark while parsing and put back.
_LONE_CR = re.compile(r"\r(?!\n)")
_CR_MARK = "\ue000"


def _reader(text: str, delimiter: str) -> tuple[Iterator[list[str]], csv.Reader]:
    protected = "\r" in text and _LONE_CR.search(text) is not None
    source = _LONE_CR.sub(_CR_MARK, text) if protected else text
    reader = csv.reader(io.StringIO(source, newline="\n"), delimiter=delimiter)
    if not protected:
        return reader, reader
    return ([c.replace(_CR_MARK, "\r") for c in rec] for rec in reader), reader


def _records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Parse with the csv module; also the 1-based line where each record starts."""
    rows, reader = _reader(text, delimiter)
    records: list[list[str]] = []
    starts: list[int] = []
    prev = 0
    for rec in rows:
        records.append(rec)
        starts.append(prev + 1)
        prev = reader.line_num
    return records, starts


def _prefix_records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    rows, _ = _reader(text, delimiter)
    try:
        return list(islice(rows, limit))
    except csv.Error:
        return []


def _unclosed_quote_line(text: str, delimiter: str, starts: list[int]) -> int | None:
    """The line where the last record starts if it is a quote never closed, else None.

    An unclosed quote swallows the rest of the file into one cell (the csv module does
    not complain), so only the last record can be one.
    """
    if not starts:
        return None
    tail = _LONE_CR.sub(_CR_MARK, text.split("\n", starts[-1] - 1)[-1])
    strict = csv.reader(io.StringIO(tail, newline="\n"), delimiter=delimiter, strict=True)
    try:
        for _rec in strict:
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return starts[-1]
    return None


def sniff_delimiter(prefix: str) -> str:
    """The delimiter that splits a row into known column headers, else the one on which
    most of the first records agree on a field count (>1).

    A header row ("Nama Pemilik,NIK,Alamat") is the strongest evidence: cells quoted
    with line breaks and other delimiters inside can make a wrong delimiter yield more
    agreeing records than the right one, but never the headers. Title lines ("DATA UMKM
    ...") have one field and do not vote; ties go to the larger field count, then to the
    order of DELIMITERS.
    """
    from sinergi.linkage.io.headers import HEADER_SEARCH_ROWS, header_cell_weight

    best, best_score = ",", (False, 0, 0)
    for delim in DELIMITERS:
        records = [r for r in _prefix_records(prefix, delim, SNIFF_RECORDS) if len(r) > 1]
        if not records:
            continue
        # As find_header_row: at least two cells' worth of known header names.
        headed = any(
            sum(header_cell_weight(c) for c in r) >= 2 for r in records[:HEADER_SEARCH_ROWS]
        )
        mode, agree = Counter(len(r) for r in records).most_common(1)[0]
        score = (headed, agree, mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _prefix(text: str) -> str:
    if len(text) <= PREFIX_CHARS:
        return text
    cut = text.rfind("\n", 0, PREFIX_CHARS)
    return text[: cut + 1] if cut > 0 else text[:PREFIX_CHARS]


def _check_binary(data: bytes, file: str) -> None:
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise input_error(
            file,
            "berkas ini sebenarnya buku kerja Excel/ODS; ganti akhiran namanya (.xlsx/.xls/.ods)",
            "this file is really an Excel/ODS workbook; rename it (.xlsx/.xls/.ods)",
        )
    head = data[:4096]
    if head.count(b"\x00") > max(MAX_STRAY_NULS, len(head) // 100):
        raise input_error(
            file,
            "bukan berkas teks (ada byte NUL)",
            "not a text file (contains NUL bytes)",
        )


def read_text_grid(path: Path) -> Grid:
    """Read a delimited text file into a Grid (see the module docstring)."""
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise input_error(file, f"tidak dapat dibuka ({exc})", f"cannot be opened ({exc})") from exc
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if not _CONTENT.search(data, start):
        raise input_error(file, "berkas kosong, tidak ada baris data", "empty file, no data rows")
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_binary(data, file)
    text, broken, encoding = decode_bytes(data)
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # classic Mac line ends; nothing else splits on \r
        data = b""  # the bytes no longer match the text

    prefix = _prefix(text)
    delimiter = sniff_delimiter(prefix)
    head = _prefix_records(prefix, delimiter, HEADER_SCAN_LIMIT)
    k = find_header_row(head)
    if k < 0:
        raise input_error(file, "berkas kosong, tidak ada baris data", "empty file, no data rows")
    header = head[k]
    numbering = k + 1 < len(head) and is_numbering_row(head[k + 1], header)
    data_start = k + 1 + int(numbering)

    problems: list[Problem] = []
    if encoding == "cp1252":
        problems.append(
            Problem(
                file=file,
                row=0,
                column="",
                value="",
                code="ENCODING",
                message_id="berkas bukan UTF-8; dibaca sebagai Windows-1252 (cp1252)",
                message_en="file is not UTF-8; read as Windows-1252 (cp1252)",
            )
        )

    header_row = _start_line_of(prefix, delimiter, k)
    if k:
        lines = _start_lines(prefix, delimiter, k)
        problems += preamble_problems(file, list(zip(lines, head[:k], strict=True)), header_row)
    frame = None
    if not broken:
        raw = data if encoding in ("utf-8", "utf-8-sig") and data else text.encode("utf-8")
        # Hand polars the bytes from the header on: it would skip leading blank lines
        # itself and so miscount `skip_rows`.
        offset = _line_offset(raw, header_row)
        frame = _fast_path(
            raw[offset:] if offset else raw, delimiter, numbering, header, prefix, data_start
        )
    if frame is None:
        try:
            records, starts = _records(text, delimiter)
        except csv.Error as exc:
            raise input_error(file, f"format CSV rusak ({exc})", f"malformed CSV ({exc})") from exc
        unclosed = _unclosed_quote_line(text, delimiter, starts)
        if unclosed is not None:
            raise input_error(
                file,
                f'tanda kutip (") di baris {unclosed} tidak pernah ditutup, sisa berkas '
                "terbaca sebagai satu sel; perbaiki baris itu",
                f'the quote (") on line {unclosed} is never closed, so the rest of the file '
                "reads as one cell; fix that line",
            )
        problems += _encoding_problems(file, text, broken, starts, data_start)
        frame = _frame_from_records(records[data_start:], len(header))

    width = frame.width
    cells: list[str | None] = list(header) + [None] * (width - len(header))
    if "\x00" in text:
        problems += nul_problems(file, frame, cells)
    return Grid(
        header_cells=cells,
        header_row=header_row,
        data=frame,
        positions=list(range(1, width + 1)),
        problems=problems,
        encoding=encoding,
    )


def _start_line_of(prefix: str, delimiter: str, index: int) -> int:
    rows, reader = _reader(prefix, delimiter)
    prev = 0
    for i, _rec in enumerate(rows):
        if i == index:
            return prev + 1
        prev = reader.line_num
    return prev + 1


def _start_lines(prefix: str, delimiter: str, count: int) -> list[int]:
    """The 1-based line where each of the first `count` records starts."""
    rows, reader = _reader(prefix, delimiter)
    lines: list[int] = []
    prev = 0
    for _rec in islice(rows, count):
        lines.append(prev + 1)
        prev = reader.line_num
    return lines


def _line_offset(raw: bytes, line: int) -> int:
    """Byte offset where 1-based `line` starts."""
    pos = 0
    for _ in range(line - 1):
        pos = raw.index(b"\n", pos) + 1
    return pos


def _fast_path(
    raw: bytes,
    delimiter: str,
    numbering: bool,
    header: list[str],
    prefix: str,
    data_start: int,
) -> pl.DataFrame | None:
    """polars on the file from its header line, or None when it cannot be trusted with it."""
    try:
        frame = pl.read_csv(
            raw,
            separator=delimiter,
            has_header=True,
            skip_rows_after_header=int(numbering),
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except Exception:  # noqa: BLE001 - any refusal just means: take the careful path
        return None
    if frame.width != len(header):
        return None
    # Cross-check the first records with the csv module (the last prefix record may be cut).
    expected = _prefix_records(prefix, delimiter, data_start + 20)[data_start:-1]
    got = frame.head(len(expected)).rows()
    for want, have in zip(expected, got, strict=False):
        padded = [c if c != "" else None for c in want] + [None] * (len(header) - len(want))
        if len(want) > len(header) or [c if c != "" else None for c in have] != padded:
            return None
    return frame


def _frame_from_records(rows: list[list[str]], header_width: int) -> pl.DataFrame:
    width = max([header_width, *(len(r) for r in rows)]) if rows else header_width
    if not rows:
        return pl.DataFrame(
            {f"c{i}": [] for i in range(width)},
            schema=dict.fromkeys((f"c{i}" for i in range(width)), pl.Utf8),
        )
    padded = [r + [None] * (width - len(r)) if len(r) < width else r for r in rows]
    columns = list(zip_longest(*padded, fillvalue=None))
    return pl.DataFrame(
        {f"c{i}": list(col) for i, col in enumerate(columns)},
        schema={f"c{i}": pl.Utf8 for i in range(width)},
    )


def _encoding_problems(
    file: str, text: str, broken: list[int], starts: list[int], data_start: int
) -> list[Problem]:
    if not broken:
        return []
    lines = text.split("\n")
    problems = []
    for index in broken:
        line_no = index + 1
        record = bisect_right(starts, line_no) - 1
        row = record - data_start + 1 if record >= data_start else 0
        where_id = f"baris data {row}" if row else "baris judul/kepala"
        where_en = f"data row {row}" if row else "title/header line"
        problems.append(
            Problem(
                file=file,
                row=row,
                column="",
                value=lines[index][:PROBLEM_VALUE_CHARS] if index < len(lines) else "",
                code="ENCODING",
                message_id=(
                    f"baris {line_no} berkas ({where_id}) bukan UTF-8 yang sah; huruf yang "
                    "rusak dibaca sebagai Windows-1252, periksa ejaannya"
                ),
                message_en=(
                    f"line {line_no} of the file ({where_en}) is not valid UTF-8; the bad "
                    "characters were read as Windows-1252, check the spelling"
                ),
            )
        )
    return problems


def nul_problems(file: str, frame: pl.DataFrame, header_cells: list[str | None]) -> list[Problem]:
    """One problem per cell holding a NUL byte (junk from a broken export), naming its row
    and column. The cell itself is kept as received."""
    problems: list[Problem] = []
    for i, col in enumerate(frame.columns):
        hits = frame.select(pl.col(col).str.contains("\x00", literal=True).fill_null(False))
        rows = hits.to_series().arg_true().to_list()
        name = header_cells[i] if i < len(header_cells) and header_cells[i] else f"Kolom {i + 1}"
        for r in rows:
            value = frame[col][r] or ""
            problems.append(
                Problem(
                    file=file,
                    row=r + 1,
                    column=str(name),
                    value=value.replace("\x00", "\\0")[:PROBLEM_VALUE_CHARS],
                    code="NUL_BYTE",
                    message_id=(
                        f"sel baris {r + 1}, kolom {name} berisi byte NUL (sampah dari ekspor "
                        "yang rusak); sel dibaca apa adanya, periksa isinya"
                    ),
                    message_en=(
                        f"the cell in row {r + 1}, column {name} holds a NUL byte (junk from a "
                        "broken export); the cell was read as it is, check its content"
                    ),
                )
            )
    return problems
