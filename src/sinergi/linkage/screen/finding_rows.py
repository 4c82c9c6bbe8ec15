"""The shape of a screening finding and the pieces every kind of finding is built from.

One row per finding (`FINDING_COLUMNS`); reasons sort in `REASONS` order; `Evidence`
turns a scored pair into "which fields agreed". Kept apart from `findings` so that the
name checks (`screen.names`) and the findings builder can both use it without a cycle.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sinergi.linkage.model.levels import level_labels
from sinergi.linkage.schema import ROW_ID, SOURCE_FILE, SOURCE_ROW

FINDING_COLUMNS: tuple[str, ...] = (
    "source_file",
    "source_row",
    "reason",
    "related_file",
    "related_row",
    "match_probability",
    "evidence",
    "message_id",
    "message_en",
)
RELATED_ID = "related_id"
REASONS: tuple[str, ...] = (
    "DUPLICATE_IN_LIST",
    "ALREADY_RECEIVED",
    "EXCLUDED",  # EXCLUDED_<CATEGORY> sort here
    "NIK_INVALID",
    "NIK_DAMAGED",
    "NIK_MISSING",
    "NIK_SHARED",
    "EMPTY_ROW",
)
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "asn": ("ASN/TNI/Polri", "civil servant/TNI/Polri"),
    "bumn": ("pegawai BUMN", "state-company employee"),
    "deceased": ("meninggal dunia", "deceased"),
    "credit": ("penerima kredit bank/KUR", "bank credit/KUR borrower"),
}
COMPARISON_EN: dict[str, str] = {
    "nik": "NIK",
    "owner_name": "owner name",
    "business_name": "business name",
    "phone": "phone",
    "address": "address",
    "rt_rw": "RT/RW",
    "region": "region",
    "birth_date": "birth date",
    "sector": "sector",
    "nib": "NIB",
    "email": "e-mail",
    "npwp": "NPWP",
}


def reason_order(reason: str) -> int:
    key = "EXCLUDED" if reason.startswith("EXCLUDED_") else reason
    return REASONS.index(key) if key in REASONS else len(REASONS)


def category_label(category: str) -> tuple[str, str]:
    return CATEGORY_LABELS.get(category, (category, category))


def empty_findings() -> pl.DataFrame:
    return pl.DataFrame(schema=finding_schema())


def finding_schema() -> dict[str, Any]:
    return {
        ROW_ID: pl.Int64,
        "source_file": pl.Utf8,
        "source_row": pl.Int64,
        "reason": pl.Utf8,
        RELATED_ID: pl.Int64,
        "related_file": pl.Utf8,
        "related_row": pl.Int64,
        "match_probability": pl.Float64,
        "evidence": pl.Utf8,
        "message_id": pl.Utf8,
        "message_en": pl.Utf8,
    }


# ------------------------------------------------------------------------------ evidence


class Evidence:
    """Turns a scored pair into "which fields agreed", Indonesian then English."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.labels = level_labels(model)

    def of_pair(self, pair: dict[str, Any]) -> str:
        agreed: list[tuple[float, str, str]] = []
        for name, by_gamma in self.labels.items():
            gamma = pair.get(f"gamma_{name}")
            weight = pair.get(f"mw_{name}") or 0.0
            if gamma is None or gamma <= 0 or weight <= 0:
                continue
            agreed.append((weight, by_gamma.get(int(gamma), name), COMPARISON_EN.get(name, name)))
        if not agreed:
            return "tidak ada bidang yang cocok / no field agreed"
        agreed.sort(key=lambda t: -t[0])
        top = agreed[:5]
        return "; ".join(t[1] for t in top) + " / agree: " + ", ".join(t[2] for t in top)


def exact_evidence(name_same: bool | None, name_different: bool) -> str:
    text_id, text_en = "NIK sama (16 digit)", "same NIK (16 digits)"
    if name_same:
        text_id, text_en = text_id + "; nama sama", text_en + "; same name"
    elif name_different:
        text_id, text_en = text_id + "; nama berbeda", text_en + "; different name"
    return f"{text_id} / {text_en}"


# ------------------------------------------------------------------------------- helpers


def refs_of(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col(ROW_ID).alias(RELATED_ID),
        pl.col(SOURCE_FILE).alias("related_file"),
        pl.col(SOURCE_ROW).cast(pl.Int64).alias("related_row"),
    )


def rows_of(proposed: pl.DataFrame) -> pl.DataFrame:
    return proposed.select(
        pl.col(ROW_ID),
        pl.col(SOURCE_FILE).alias("source_file"),
        pl.col(SOURCE_ROW).cast(pl.Int64).alias("source_row"),
    )


def findings_from_rows(
    rows: list[dict[str, Any]], proposed: pl.DataFrame, refs: pl.DataFrame
) -> pl.DataFrame:
    """Findings from dicts holding unique_id, reason, related_id, probability, texts."""
    if not rows:
        return empty_findings()
    base = pl.DataFrame(
        rows,
        schema={
            ROW_ID: pl.Int64,
            "reason": pl.Utf8,
            RELATED_ID: pl.Int64,
            "match_probability": pl.Float64,
            "evidence": pl.Utf8,
            "message_id": pl.Utf8,
            "message_en": pl.Utf8,
        },
    )
    out = base.join(rows_of(proposed), on=ROW_ID, how="left").join(
        refs_of(refs), on=RELATED_ID, how="left"
    )
    return out.select(list(finding_schema()))


def row_places(frame: pl.DataFrame, ids: Any) -> dict[int, str]:
    """{row id: 'berkas.csv baris 12'} for the given ids of `frame`."""
    wanted = pl.Series(list(ids), dtype=pl.Int64)
    sub = frame.filter(pl.col(ROW_ID).is_in(wanted.implode())).select(
        ROW_ID, SOURCE_FILE, SOURCE_ROW
    )
    return {rid: f"{f} baris {r}" for rid, f, r in sub.iter_rows()}
