"""Exports of the registry list: the rows a user sees on the list page, as xlsx or csv.

Invariants:
- The rows are `registry.views.filtered_list` for the same filters (the same
  `Business.objects.visible_to` scope); nothing outside the user's list is written.
- NIK and phone are written in full only for roles that see them (`see_full_pii`),
  masked otherwise; every export is audited (`export`, with format and row count).
- Every cell passes the one formula guard (`core.spreadsheet`); in xlsx every text cell
  is typed as text, so a NIK stays 16 digits; the header row is frozen and filtered.
- Rows are read in id batches and written as they come (openpyxl write-only), so memory
  stays flat for 100k rows.
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

BATCH = 2000


def header() -> list[str]:
    return [
        _("Business name"), _("Owner"), "NIK", _("Phone"), _("Address"), "RT/RW",
        _("Village code"), _("Kecamatan"), _("Regency/city"), "KBLI", _("Size class"),
        "NIB", _("Covid-19"), _("Status"),
    ]  # fmt: skip


def rows(qs: Any, full: bool) -> Iterator[list[Any]]:
    """One list per business, in id order, read `BATCH` at a time."""
    from sinergi.registry.models import Business

    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = Business.objects.for_list().in_bulk(ids[start : start + BATCH])
        for pk in ids[start : start + BATCH]:
            b = chunk[pk]
            owner = b.owner
            yield [
                b.name, owner.full_name,
                owner.nik if full else mask_nik(owner.nik),
                owner.phone if full else mask_phone(owner.phone),
                b.address, b.rt_rw, b.village_code, b.district_code, b.regency_code,
                b.sector_id or "", b.size_class, b.nib,
                {True: _("yes"), False: _("no")}.get(b.covid_affected, ""), b.status,
            ]  # fmt: skip


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
        sheet.append(xlsx_text_row(sheet, line))
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
