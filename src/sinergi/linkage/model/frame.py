"""The model's input: the spec (`model/settings.json`) and the frame handed to Splink.

`load_spec` reads the comparisons, blocking rules and training budget (data, not code);
`model_frame` selects and caps the normalised columns Splink needs (`MODEL_COLUMNS`).

Invariant: blocking on a single identifier (NIK, phone, NIB, email) uses a capped copy
of it: a value shared by more than `blocking_key_max_rows` rows (a field assistant's
phone typed for every business they registered, a placeholder NIK) is not a blocking
key, because one such value alone would create millions of pairs.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage.schema import ROW_ID

SPEC_FILE = "settings.json"
INPUT_TABLE = "sinergi_records"

# Columns of the frame handed to Splink (model_frame). Everything else stays in polars.
MODEL_COLUMNS: tuple[str, ...] = (
    ROW_ID,
    "nik_full",
    "nik15",
    "name_key",
    "name_phonetic",
    "name_first",
    "name_last",
    "business_key",
    "owner_business_key",
    "address_clean",
    "street",
    "house_number",
    "rt",
    "rw",
    "village_code",
    "district_code",
    "regency_code",
    "phones",
    "phone_prefix",
    "nib_clean",
    "email_clean",
    "npwp_clean",
    "birth_date",
    "sector_code",
    "sector_group",
    "sector_text",
    "copy_key",
    "blk_nik",
    "blk_phone",
    "blk_nib",
    "blk_email",
    # coordinates (see model_settings.json "distance" and the blk_geo_name capped key)
    "lat",
    "lng",
    "blk_address",
    "blk_shop",
)


def load_spec(path: str | Path | None = None) -> dict[str, Any]:
    """Read the model spec (comparisons, blocking rules, training budget)."""
    if path is None:
        text = resources.files("sinergi.linkage.model").joinpath(SPEC_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return json.loads(text)


# ----------------------------------------------------------------------------- input frame


def _blank_to_null(col: str) -> pl.Expr:
    c = pl.col(col).cast(pl.Utf8).str.strip_chars()
    return pl.when(c == "").then(None).otherwise(c).alias(col)


def _capped(col: str, cap: int, value: pl.Expr | None = None) -> pl.Expr:
    """`value` (default: `col`) where it occurs at most `cap` times, else null.

    See the module doc: a blocking key shared by too many rows is no key at all.
    """
    value = pl.col(col) if value is None else value
    return pl.when(pl.len().over(value) <= cap).then(value).otherwise(None)


def model_frame(df: pl.DataFrame, spec: dict[str, Any] | None = None) -> pl.DataFrame:
    """Select and derive the columns Splink compares from a normalised frame.

    `df` carries `unique_id` and the schema.NORMALISED columns (missing ones count as
    all-null). Blank strings and empty phone lists become null so that Splink's null
    levels see them as unknown rather than as a disagreement.
    """
    spec = spec or load_spec()
    cap = int(spec.get("blocking_key_max_rows", 50))
    text_cols = [
        "nik_full",
        "nik15",
        "name_key",
        "name_phonetic",
        "name_first",
        "name_last",
        "business_key",
        "owner_business_key",
        "address_clean",
        "street",
        "house_number",
        "rt",
        "rw",
        "village_code",
        "district_code",
        "regency_code",
        "phone_e164",
        "nib_clean",
        "email_clean",
        "npwp_clean",
        "sector_code",
        "sector_clean",
        "copy_key",
    ]
    missing = [c for c in [*text_cols, "phones", "birth_date_clean"] if c not in df.columns]
    base = df.with_columns(
        [pl.lit(None, dtype=pl.Utf8).alias(c) for c in missing if c != "phones"]
        + ([pl.lit(None, dtype=pl.List(pl.Utf8)).alias("phones")] if "phones" in missing else [])
    )
    base = base.select(
        pl.col(ROW_ID).cast(pl.Int64),
        *[_blank_to_null(c) for c in text_cols],
        pl.col("phones").cast(pl.List(pl.Utf8)),
        pl.col("birth_date_clean").cast(pl.Utf8).alias("birth_date"),
        *_point_columns(df),
    )
    phones = pl.col("phones").list.eval(pl.element().filter(pl.element() != "")).list.sort()
    code_is_text = pl.col("sector_clean").str.contains(r"^\d+$")
    out = base.with_columns(
        pl.when(phones.list.len() > 0).then(phones).otherwise(None).alias("phones"),
        pl.col("phone_e164").str.slice(0, 10).alias("phone_prefix"),
        pl.col("sector_code").str.slice(0, 2).alias("sector_group"),
        pl.when(code_is_text).then(None).otherwise(pl.col("sector_clean")).alias("sector_text"),
    ).with_columns(
        _capped("nik15", cap).alias("blk_nik"),
        _capped("phone_e164", cap).alias("blk_phone"),
        _capped("nib_clean", cap).alias("blk_nib"),
        _capped("email_clean", cap).alias("blk_email"),
    )
    out = out.with_columns(_geo_block_parts())
    # A street address in one district: street, house number, RT, RW (all present); a
    # shop's name in one district, from the business column or, when a list has none,
    # from the owner column (a shop name typed where the owner belongs).
    combined_cap = int(spec.get("combined_key_max_rows", cap))
    address_parts = [pl.col(c) for c in ("street", "house_number", "rt", "rw", "district_code")]
    shop = pl.coalesce("business_key", "owner_business_key")
    out = out.with_columns(
        _capped(
            "blk_address",
            combined_cap,
            pl.when(pl.all_horizontal(p.is_not_null() for p in address_parts)).then(
                pl.concat_str(address_parts, separator="|")
            ),
        ).alias("blk_address"),
        _capped(
            "blk_shop", combined_cap, pl.concat_str([shop, pl.col("district_code")], separator="|")
        ).alias("blk_shop"),
    )
    # Combined blocking keys, capped like the single identifiers: "Warung Bu Dwi" run by
    # one of 500 women called Dwi would otherwise put 125,000 pairs in one block.
    combined = spec.get("capped_keys", {})
    out = out.with_columns(
        _capped(
            name, int(spec.get("combined_key_max_rows", cap)), pl.concat_str(cols, separator="|")
        ).alias(name)
        for name, cols in combined.items()
    )
    return out.select(*MODEL_COLUMNS, *combined)


GEO_CELL_DEGREES = 0.002  # about 220 m: rows within a block share a cell (or the next one)


def _point_columns(df: pl.DataFrame) -> list[pl.Expr]:
    """`lat`/`lng` as Float64; null without a point (frames made before coordinates)."""
    return [
        pl.col(c).cast(pl.Float64) if c in df.columns else pl.lit(None, pl.Float64).alias(c)
        for c in ("lat", "lng")
    ]


def _geo_block_parts() -> list[pl.Expr]:
    """`geo_cell` (the point on a ~220 m grid) and `name_head` (first 4 letters of the
    business, else owner, key): the parts of the `blk_geo_name` blocking key, two rows at
    one spot with similar names."""
    lat, lng = pl.col("lat"), pl.col("lng")
    cell = pl.concat_str(
        (lat / GEO_CELL_DEGREES).floor().cast(pl.Int64),
        (lng / GEO_CELL_DEGREES).floor().cast(pl.Int64),
        separator=":",
    )
    head = pl.coalesce(pl.col("business_key"), pl.col("name_key")).str.slice(0, 4)
    return [cell.alias("geo_cell"), head.alias("name_head")]


# ---------------------------------------------------------------------------- train, score
