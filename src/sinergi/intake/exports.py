"""Problem lists to send back to a regency: xlsx or csv, headers in Bahasa Indonesia.

Each line is one problem with the file, sheet and row the regency knows, the raw value,
the message in Bahasa Indonesia, and any correction already made here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from sinergi.core.spreadsheet import safe_row, xlsx_text_row
from sinergi.intake.models import RowProblem

HEADERS = (
    "Berkas",
    "Lembar",
    "Baris",
    "Nama Pemilik",
    "Nama Usaha",
    "Kolom",
    "Nilai",
    "Kode Masalah",
    "Keterangan",
    "Status",
    "Nilai Perbaikan",
)
STATUS_ID = {"open": "Belum diperbaiki", "fixed": "Sudah diperbaiki", "ignored": "Diabaikan"}


def problem_lines(problems: Iterable[RowProblem]) -> Iterator[list[object]]:
    for p in problems:
        r = p.record
        yield [
            r.file.name,
            r.sheet,
            r.row_number,
            r.owner_name,
            r.business_name,
            p.column,
            p.value,
            p.code,
            p.message_id,
            STATUS_ID.get(p.status, p.status),
            p.corrected_value,
        ]


def to_csv(problems: Iterable[RowProblem]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS)
    for line in problem_lines(problems):
        writer.writerow(safe_row(line))
    # utf-8 with BOM: Excel opens it with the right characters.
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(problems: Iterable[RowProblem]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Masalah")
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in problem_lines(problems):
        sheet.append(xlsx_text_row(sheet, line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
