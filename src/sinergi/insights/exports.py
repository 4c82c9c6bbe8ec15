"""Exports of the registry list: the rows a user sees on the list page, as xlsx or csv.

Invariants:
- The rows are `registry.views.filtered_list` for the same filters (the same
  `Business.objects.visible_to` scope); nothing outside the user's list is written.
- NIK and phone are written in full only for roles that see them (`see_full_pii`),
  masked otherwise; every export is audited (`export`, with format and row count).
- Every cell passes the one formula guard (`core.spreadsheet`); in xlsx every text cell
  is typed as text, so a NIK stays 16 digits; the header row is frozen and filtered.
- Rows are streamed from the database (`iterator`) and written as they come (openpyxl
  write-only), so memory stays flat for 100k rows.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from sinergi.core.masking import mask_nik, mask_phone
from sinergi.core.spreadsheet import safe_row, xlsx_text_row

BATCH = 5000


def header() -> list[str]:
    return [
        _("Business name"), _("Owner"), "NIK", _("Phone"), _("Address"), "RT/RW",
        _("Village code"), _("Kecamatan"), _("Regency/city"), "KBLI", _("Size class"),
        "NIB", _("Covid-19"), _("Status"),
    ]  # fmt: skip


FIELDS = (
    "name", "owner__full_name", "owner__nik", "owner__phone", "address", "rt_rw",
    "village_code", "district_code", "regency_code", "sector_id", "size_class", "nib",
    "covid_affected", "status",
)  # fmt: skip


def rows(qs: Any, full: bool) -> Iterator[list[Any]]:
    """One list per business, in id order; plain tuples streamed from the database (no
    model objects: 100k rows are read in a few seconds)."""
    yes, no = _("yes"), _("no")
    for row in qs.order_by("pk").values_list(*FIELDS).iterator(chunk_size=BATCH):
        line = list(row)
        if not full:
            line[2], line[3] = mask_nik(line[2]), mask_phone(line[3])
        line[12] = {True: yes, False: no}.get(line[12], "")
        yield [v if v is not None else "" for v in line]


def write_xlsx(lines: Iterator[list[Any]], title: str) -> tuple[Any, int]:
    """(a temporary file holding the workbook, data row count)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    head = header()
    sheet.append(xlsx_text_row(sheet, head))
    count = 0
    for line in lines:
        # Text stays text in openpyxl (a NIK is never read as a number); `safe_row` is the
        # formula guard. Cheaper than typed cells per value for 100k rows.
        sheet.append(safe_row(line))
        count += 1
    sheet.auto_filter.ref = f"A1:{chr(64 + len(head))}{count + 1}"
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out, count


def write_csv(lines: Iterator[list[Any]]) -> tuple[Any, int]:
    out = tempfile.TemporaryFile()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(safe_row(header()))
    count = 0
    for line in lines:
        writer.writerow(safe_row(line))
        count += 1
    text.detach()
    out.seek(0)
    return out, count
