"""Exact copies: rows that say the same thing on every mapped field are one business.

The model scores evidence; a thin row (a business name and a kecamatan, nothing else)
carries too little of it to pass the threshold, even against a byte-identical copy of
itself. Such copies are the commonest duplicate of real lists (a row pasted twice, a
file appended to itself), and no officer would keep them apart. So the engine links them
before and whatever the model says:

- `copy_key_expr` gives every row a key: each canonical field (schema.CANONICAL_FIELDS)
  folded to lower case with runs of anything but letters and digits turned into one
  space, the fields joined in a fixed order, hashed (BLAKE2b, 80 bits, hex). A field that
  is absent or blank counts as empty, so two files that map different columns still
  agree where the row's cells agree. A row with fewer than `MIN_FIELDS` non-empty fields
  gets no key: one word alone ("SITI") is not a business.
- A source's own record ID (`external_id`: "@id" of an OpenStreetMap export, "No",
  "ID Pelaku Usaha") is not part of the key: it names the row of its list, not the
  business, and is distinct on every row by construction; the same shop mapped twice
  (two OSM nodes, identical tags) or pasted twice under two numbers is still one copy.
- `copy_edges` turns equal keys into links (a star on each group's first row) that
  `clusters.cluster` and `incremental.link_new` merge before any scored pair.

The key is stable across runs, versions and machines (no process-seeded hash), because
the platform stores it with each record and compares a new batch with the registry.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache

import polars as pl

from sinergi.linkage.schema import CANONICAL_FIELDS, ROW_ID

COPY_KEY = "copy_key"
MIN_FIELDS = 2
# The weight and probability a copy link carries into clustering: above any scored pair.
COPY_WEIGHT = 1.0e6
_SEP = "\x1f"
# The fields the key is made of: every canonical field but the source's own record ID.
KEY_FIELDS: tuple[str, ...] = tuple(f for f in CANONICAL_FIELDS if f != "external_id")


def _folded(col: str) -> pl.Expr:
    return (
        pl.col(col)
        .cast(pl.Utf8)
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
        .fill_null("")
    )


def _digest(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def copy_key_expr(columns: list[str] | tuple[str, ...]) -> pl.Expr:
    """The copy key of each row of a frame with (some of) the canonical raw columns."""
    return _copy_key_expr(frozenset(columns))


@cache
def _copy_key_expr(columns: frozenset[str]) -> pl.Expr:
    present = [c for c in KEY_FIELDS if c in columns]
    if not present:
        return pl.lit(None, pl.Utf8).alias(COPY_KEY)
    return _key_of([_folded(c) for c in present])


def _key_of(folded: list[pl.Expr]) -> pl.Expr:
    """The copy key from the folded fields, in KEY_FIELDS order."""
    filled = pl.sum_horizontal([(f != "").cast(pl.Int32) for f in folded])
    joined = pl.concat_str(folded, separator=_SEP)
    return (
        pl.when(filled >= MIN_FIELDS)
        .then(joined)
        .otherwise(None)
        .map_elements(_digest, return_dtype=pl.Utf8, skip_nulls=True)
        .alias(COPY_KEY)
    )


def add_copy_key(df: pl.DataFrame) -> pl.DataFrame:
    """`df` with its `copy_key` column (replaced when present)."""
    present = [c for c in KEY_FIELDS if c in df.columns]
    if not present or df.height == 0:
        return df.with_columns(pl.lit(None, pl.Utf8).alias(COPY_KEY))
    # Each field with a value folded once into a temporary, then counted and joined: the
    # same key as `copy_key_expr` (an all-empty field folds to "" on every row), with a
    # fraction of its expressions (an eager frame has no common subexpression elimination;
    # a form's record has most fields empty).
    filled = tuple(c for c in present if df[c].null_count() < df.height)
    folded, key = _staged(tuple(present), filled)
    return df.with_columns(folded).with_columns(key).drop(f.meta.output_name() for f in folded)


@lru_cache(maxsize=64)
def _staged(present: tuple[str, ...], filled: tuple[str, ...]) -> tuple[list[pl.Expr], pl.Expr]:
    folded = [_folded(c).alias(f"_copy_key_{c}") for c in filled]
    parts = [pl.col(f"_copy_key_{c}") if c in filled else pl.lit("") for c in present]
    return folded, _key_of(parts)


def copy_edges(ids: pl.Series, keys: pl.Series) -> pl.DataFrame:
    """unique_id_l, unique_id_r: each row with a key shared by others, linked to the
    group's smallest id. n-1 edges per group of n, never n*(n-1)/2."""
    frame = pl.DataFrame({ROW_ID: ids.cast(pl.Int64), COPY_KEY: keys.cast(pl.Utf8)})
    frame = frame.drop_nulls(COPY_KEY)
    first = frame.group_by(COPY_KEY).agg(pl.col(ROW_ID).min().alias("unique_id_l"))
    return (
        frame.join(first, on=COPY_KEY)
        .filter(pl.col(ROW_ID) != pl.col("unique_id_l"))
        .select("unique_id_l", pl.col(ROW_ID).alias("unique_id_r"))
        .sort("unique_id_l", "unique_id_r")
    )


def copy_links(ids: pl.Series, keys: pl.Series) -> pl.DataFrame:
    """`copy_edges` as scored pairs (probability 1, weight COPY_WEIGHT)."""
    return copy_edges(ids, keys).with_columns(
        pl.lit(1.0).alias("match_probability"), pl.lit(COPY_WEIGHT).alias("match_weight")
    )


__all__ = ["COPY_KEY", "MIN_FIELDS", "add_copy_key", "copy_edges", "copy_key_expr", "copy_links"]
