"""The files `sinergi screen` writes: findings.csv, summary.csv, clean.csv,
screening.xlsx and report.html (`screen_report.py`).

Invariants:
- findings.csv has exactly FINDING_COLUMNS, one row per finding, in findings order;
- clean.csv has source_file, source_row, then every header of the proposed lists in
  file order (the union over files), with the cells exactly as read; its rows are the
  proposed rows without a finding, in input order;
- summary.csv has one row per reason present, then ALL_FINDINGS (distinct rows with at
  least one finding) and CLEAN; amounts are whole rupiah from the amount column and
  empty when no proposed list has one. A row counts once per reason it has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage.schema import ROW_ID, SOURCE_FILE, SOURCE_ROW
from sinergi.linkage.screen.findings import (
    FINDING_COLUMNS,
    RELATED_ID,
    category_label,
    clean_mask,
    reason_order,
)
from sinergi.linkage.screen.options import PROPOSED, ScreenResult

SUMMARY_COLUMNS: tuple[str, ...] = (
    "reason",
    "findings",
    "rows",
    "amount_idr",
    "message_id",
    "message_en",
)
REASON_TEXT: dict[str, tuple[str, str]] = {
    "DUPLICATE_IN_LIST": ("Ganda di daftar usulan", "Duplicate in the proposed lists"),
    "ALREADY_RECEIVED": ("Sudah menerima bantuan", "Already received aid"),
    "NIK_INVALID": ("NIK tidak valid", "NIK invalid"),
    "NIK_DAMAGED": ("NIK rusak oleh Excel", "NIK damaged by Excel"),
    "NIK_MISSING": ("NIK kosong", "NIK missing"),
    "NIK_SHARED": ("Satu NIK dipakai orang berbeda", "One NIK used by different people"),
    "EMPTY_ROW": ("Baris kosong", "Empty row"),
    "ALL_FINDINGS": ("Semua baris dengan temuan", "All rows with a finding"),
    "CLEAN": ("Daftar bersih (siap dibayar)", "Clean list (ready to pay)"),
}


def reason_text(reason: str) -> tuple[str, str]:
    if reason.startswith("EXCLUDED_"):
        label_id, label_en = category_label(reason.removeprefix("EXCLUDED_").lower())
        return f"Daftar pengecualian: {label_id}", f"Exclusion list: {label_en}"
    return REASON_TEXT.get(reason, (reason, reason))


def has_amounts(result: ScreenResult) -> bool:
    return any("amount" in f.mapping.fields for f in result.files if f.role == PROPOSED)


def findings_table(result: ScreenResult) -> pl.DataFrame:
    return result.findings.select(FINDING_COLUMNS)


def summary_table(result: ScreenResult) -> pl.DataFrame:
    """Per reason: findings, distinct rows, amount at stake; then ALL_FINDINGS, CLEAN."""
    amounts = result.proposed.select(ROW_ID, pl.col("amount_idr").cast(pl.Int64))
    with_amount = has_amounts(result)
    per_row = result.findings.select(ROW_ID, "reason").join(amounts, on=ROW_ID, how="left")
    rows: list[dict[str, Any]] = []
    reasons = sorted(per_row["reason"].unique().to_list(), key=lambda r: (reason_order(r), r))
    for reason in reasons:
        sub = per_row.filter(pl.col("reason") == reason)
        distinct = sub.unique(subset=[ROW_ID])
        rows.append(_summary_row(reason, sub.height, distinct, with_amount))
    flagged = per_row.unique(subset=[ROW_ID])
    rows.append(_summary_row("ALL_FINDINGS", per_row.height, flagged, with_amount))
    clean = amounts.filter(clean_mask(result.proposed, result.findings))
    rows.append(_summary_row("CLEAN", 0, clean, with_amount))
    return pl.DataFrame(
        rows,
        schema={
            "reason": pl.Utf8,
            "findings": pl.Int64,
            "rows": pl.Int64,
            "amount_idr": pl.Int64,
            "message_id": pl.Utf8,
            "message_en": pl.Utf8,
        },
    )


def _summary_row(reason: str, n: int, distinct: pl.DataFrame, with_amount: bool) -> dict[str, Any]:
    text_id, text_en = reason_text(reason)
    amount = int(distinct["amount_idr"].fill_null(0).sum()) if with_amount else None
    return {
        "reason": reason,
        "findings": n,
        "rows": distinct.height,
        "amount_idr": amount,
        "message_id": text_id,
        "message_en": text_en,
    }


def clean_table(result: ScreenResult) -> pl.DataFrame:
    """The clean list with the proposed lists' own headers (see module docstring)."""
    from sinergi.linkage.io.columns import EXTRA_PREFIX

    rec = result.proposed.filter(clean_mask(result.proposed, result.findings))
    parts: list[pl.DataFrame] = []
    for info in [f for f in result.files if f.role == PROPOSED]:
        by_header = {h: fld for fld, h in info.mapping.fields.items()}
        sub = rec.filter(pl.col(SOURCE_FILE) == info.file)
        cols = [pl.col(SOURCE_FILE), pl.col(SOURCE_ROW)]
        for h in info.headers:
            if h in (SOURCE_FILE, SOURCE_ROW):
                continue
            src = by_header.get(h, EXTRA_PREFIX + h)
            if src in sub.columns:
                cols.append(pl.col(src).cast(pl.Utf8).alias(h))
        parts.append(sub.select(cols))
    if not parts:
        return pl.DataFrame(schema={SOURCE_FILE: pl.Utf8, SOURCE_ROW: pl.Int64})
    return pl.concat(parts, how="diagonal_relaxed")


def officer_findings(result: ScreenResult) -> pl.DataFrame:
    """Findings with names, NIKs, kind and amount of both rows, for the spreadsheet and
    the HTML report (Indonesian headers are applied by the writers)."""
    cols = ["owner_name", "business_name", "nik", "aid_kind", "amount_idr"]
    p = result.proposed.select(ROW_ID, *[pl.col(c) for c in cols if c in result.proposed.columns])
    ref_cols = [ROW_ID, "owner_name", "nik"]
    refs = [
        f.select([c for c in ref_cols if c in f.columns])
        for f in (result.proposed, result.references)
        if f.height
    ]
    r = pl.concat(refs, how="diagonal_relaxed").rename(
        {ROW_ID: RELATED_ID, "owner_name": "related_name", "nik": "related_nik"}
    )
    out = result.findings.join(p, on=ROW_ID, how="left").join(r, on=RELATED_ID, how="left")
    return out


XLSX_FINDINGS: tuple[tuple[str, str, int], ...] = (
    # column, Indonesian header, width
    ("source_file", "Berkas", 24),
    ("source_row", "Baris", 7),
    ("reason", "Alasan (kode)", 20),
    ("message_id", "Keterangan", 60),
    ("owner_name", "Nama", 26),
    ("business_name", "Nama Usaha", 24),
    ("nik", "NIK", 20),
    ("aid_kind", "Jenis Bantuan", 18),
    ("amount_idr", "Nominal (Rp)", 14),
    ("related_file", "Berkas Terkait", 24),
    ("related_row", "Baris Terkait", 8),
    ("related_name", "Nama Terkait", 26),
    ("related_nik", "NIK Terkait", 20),
    ("match_probability", "Peluang Cocok", 9),
    ("evidence", "Bukti", 60),
    ("message_en", "Description (English)", 60),
)
XLSX_SUMMARY: tuple[tuple[str, str, int], ...] = (
    ("reason", "Alasan (kode)", 22),
    ("message_id", "Keterangan", 40),
    ("findings", "Jumlah Temuan", 14),
    ("rows", "Jumlah Baris", 14),
    ("amount_idr", "Nilai Bantuan (Rp)", 20),
    ("message_en", "Description (English)", 40),
)
_TEXT_COLUMNS = {"nik", "related_nik", "source_file", "related_file", "reason"}


def write_xlsx(result: ScreenResult, path: Path, detail: pl.DataFrame | None = None) -> None:
    """screening.xlsx: 'Ringkasan' (summary) and 'Temuan' (findings) sheets, each with a
    frozen bold header and filters; NIK cells are text cells with the text format, so
    Excel neither rounds them nor turns them into numbers when edited."""
    from sinergi.linkage.screen.xlsx import write_workbook

    detail = officer_findings(result) if detail is None else detail
    detail = detail.with_columns(pl.col("match_probability").round(4))
    write_workbook(
        path,
        [
            ("Ringkasan", summary_table(result), XLSX_SUMMARY),
            ("Temuan", detail, XLSX_FINDINGS),
        ],
        text=_TEXT_COLUMNS,
    )
