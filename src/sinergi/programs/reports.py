"""The screening report: per reason, how many findings and how much rupiah is at stake.

Pure over rows; `report_rows(cycle)` feeds it from the ORM. Exported as CSV or XLSX for
auditors (every finding, with status and resolution, below the summary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from sinergi.core.spreadsheet import safe_row, xlsx_text_row

SUMMARY_HEADERS = ["reason", "findings", "open", "resolved", "removed", "amount_at_stake_idr"]
DETAIL_HEADERS = [
    "nomination",
    "business",
    "reason",
    "status",
    "amount_idr",
    "related",
    "probability",
    "evidence",
    "message_id",
    "message_en",
    "resolution_reason",
    "resolved_by",
    "resolved_at",
]


def summarise(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per reason (sorted), counting findings by status and summing amounts.

    Rupiah at stake counts each nomination once per reason (integers only).
    """
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, int]] = set()
    for r in rows:
        s = out.setdefault(
            r["reason"],
            {
                "reason": r["reason"],
                "findings": 0,
                "open": 0,
                "resolved": 0,
                "removed": 0,
                "amount_at_stake_idr": 0,
            },
        )
        s["findings"] += 1
        s[r["status"]] += 1
        if (r["reason"], r["nomination"]) not in seen:
            seen.add((r["reason"], r["nomination"]))
            s["amount_at_stake_idr"] += int(r["amount_idr"])
    return [out[k] for k in sorted(out)]


def report_rows(cycle: Any) -> list[dict[str, Any]]:
    from sinergi.programs.models import Finding

    qs = (
        Finding.objects.filter(nomination__cycle=cycle)
        .select_related("nomination__business", "resolved_by")
        .order_by("nomination_id", "reason", "id")
    )
    return [
        {
            "nomination": f.nomination_id,
            "business": f.nomination.snapshot.get("name") or f.nomination.business.name,
            "reason": f.reason,
            "status": f.status,
            "amount_idr": f.nomination.amount_idr,
            "related": f.related,
            "probability": "" if f.probability is None else f"{f.probability:.3f}",
            "evidence": f.evidence,
            "message_id": f.message_id,
            "message_en": f.message_en,
            "resolution_reason": f.resolution_reason,
            "resolved_by": f.resolved_by.get_username() if f.resolved_by else "",
            "resolved_at": f.resolved_at.isoformat() if f.resolved_at else "",
        }
        for f in qs
    ]


def to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(SUMMARY_HEADERS)
    for s in summarise(rows):
        writer.writerow(safe_row(s[h] for h in SUMMARY_HEADERS))
    writer.writerow([])
    writer.writerow(DETAIL_HEADERS)
    for r in rows:
        writer.writerow(safe_row(r[h] for h in DETAIL_HEADERS))
    return buf.getvalue()


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ringkasan")
    ws.freeze_panes = "A2"
    ws.append(SUMMARY_HEADERS)
    for s in summarise(rows):
        ws.append(xlsx_text_row(ws, (s[h] for h in SUMMARY_HEADERS)))
    detail = wb.create_sheet("Temuan")
    detail.freeze_panes = "A2"
    detail.append(DETAIL_HEADERS)
    for r in rows:
        detail.append(xlsx_text_row(detail, (r[h] for h in DETAIL_HEADERS)))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
