"""PDF documents (loan statement, membership receipt) rendered with typst.

The .typ templates live under templates/<app>/ and read their data from
`sys.inputs.data` (JSON), so no value is ever spliced into typst markup: a partner name
with '#', '*' or '<' prints as written. typst embeds its default fonts; no network.
Amounts are formatted here (Indonesian grouping), dates as ISO-free Indonesian text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typst
from django.conf import settings

from sinergi.core.formatting import rupiah

MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()


def tanggal(day: dt.date | None) -> str:
    """15 Februari 2024 (documents are in Bahasa Indonesia whatever the UI language)."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}" if day else "—"


def render(template: str, data: dict[str, Any]) -> bytes:
    """Compile templates/`template` (a .typ file) with `data` to PDF bytes."""
    path = Path(settings.PACKAGE_DIR) / "templates" / template
    return typst.compile(path.read_bytes(), format="pdf", sys_inputs={"data": json.dumps(data)})


def statement_data(agreement: Any, state: Any, schedule_rows: list, entries: list, as_of: dt.date):
    """The JSON a loan statement shows (pure over already-read objects)."""
    from sinergi.core.masking import mask_nik

    business = agreement.business
    return {
        "title": "Laporan Pinjaman Mitra Binaan",
        "program": str(agreement.program),
        "organisation": str(agreement.program.organisation),
        "number": agreement.number,
        "partner": business.owner.full_name,
        "nik": mask_nik(business.owner.nik),
        "business": business.name,
        "principal": rupiah(agreement.principal),
        "tenor": f"{agreement.tenor_months} bulan",
        "rate": f"{agreement.admin_fee_rate * 100:.2f}".replace(".", ",") + "% per tahun (flat)",
        "start": tanggal(agreement.start_date),
        "as_of": tanggal(as_of),
        "status": str(agreement.get_status_display()),
        "outstanding": rupiah(state.principal_outstanding),
        "paid": rupiah(state.paid),
        "arrears": rupiah(state.arrears),
        "dpd": str(state.days_past_due),
        "quality": str(state.quality.label) if state.quality else "—",
        "schedule": [
            {
                "n": str(r.instalment.number),
                "due": tanggal(r.instalment.due_date),
                "fee": rupiah(r.instalment.fee_due),
                "principal": rupiah(r.instalment.principal_due),
                "paid": rupiah(r.paid),
                "status": "lunas" if r.is_paid else ("sebagian" if r.paid else "belum"),
            }
            for r in schedule_rows
        ],
        "entries": [
            {
                "date": tanggal(e.date),
                "kind": str(e.get_kind_display()),
                "amount": rupiah(e.amount),
                "reference": e.reference or e.note,
            }
            for e in entries
        ],
    }
