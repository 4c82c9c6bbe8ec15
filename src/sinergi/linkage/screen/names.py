"""Owner names in screening: when are two rows clearly two people, and NIK_SHARED.

Used twice: person-based duplicates must never join two clearly different names (a
household at one address, or a NIK lent to a relative), and one 16-digit NIK on clearly
different names is the NIK_SHARED finding. The string measures run in DuckDB on a
private connection (never the one Splink uses).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sinergi.linkage.schema import ROW_ID
from sinergi.linkage.screen.finding_rows import (
    RELATED_ID,
    empty_findings,
    findings_from_rows,
    row_places,
)
from sinergi.linkage.screen.options import ROLE

# Names at or above this Jaro-Winkler similarity are not "clearly different" (the
# model's lowest name level starts here too).
NAME_DIFFERENT_BELOW = 0.8
# Two typing slips turn "Kokom" into "Kpkon" (Jaro-Winkler 0.73): names this close in
# edits are one person's name mistyped, not two people.
NAME_TYPO_EDITS = 2
_SHARED_GROUP_CAP = 200  # rows of one NIK compared pairwise; beyond that, with the first


def clearly_different_names(
    pairs: pl.DataFrame, left: pl.DataFrame, right: pl.DataFrame
) -> pl.Series:
    """Boolean per pair of `pairs` (unique_id_l, unique_id_r): the owner names are
    clearly different (see `name_similarity`), in the order of `pairs`."""
    base = pairs.select("unique_id_l", "unique_id_r").with_row_index("_i")
    out = name_similarity(base, left, right).sort("_i")
    return out["name_different"].alias("names_differ")


def name_similarity(pairs: pl.DataFrame, left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """Add name_same (equal name keys) and name_different (both known, Jaro-Winkler below
    NAME_DIFFERENT_BELOW, more than NAME_TYPO_EDITS edits apart and different phonetic
    keys) to (unique_id_l, unique_id_r)."""
    import duckdb

    if pairs.height == 0:
        return pairs.with_columns(
            pl.lit(None, pl.Boolean).alias("name_same"), pl.lit(False).alias("name_different")
        )
    cols = [ROW_ID, "name_key", "name_phonetic"]
    ln = (
        left.select(cols).rename({c: f"{c}_l" for c in cols}).rename({f"{ROW_ID}_l": "unique_id_l"})
    )
    rn = (
        right.select(cols)
        .rename({c: f"{c}_r" for c in cols})
        .rename({f"{ROW_ID}_r": "unique_id_r"})
    )
    work = pairs.join(ln, on="unique_id_l", how="left").join(rn, on="unique_id_r", how="left")
    # A private connection: never the one Splink uses.
    con = duckdb.connect(":memory:")
    try:
        con.register("work", work.select("name_key_l", "name_key_r").to_arrow())
        sims = con.sql(
            "SELECT jaro_winkler_similarity(coalesce(name_key_l, ''), coalesce(name_key_r, '')),"
            " damerau_levenshtein(coalesce(name_key_l, ''), coalesce(name_key_r, '')) FROM work"
        ).fetchall()
    finally:
        con.close()
    jw = pl.Series("jw", [s[0] for s in sims], dtype=pl.Float64)
    edits = pl.Series("edits", [s[1] for s in sims], dtype=pl.Int64)
    known = pl.col("name_key_l").is_not_null() & pl.col("name_key_r").is_not_null()
    return work.with_columns(jw, edits).with_columns(
        pl.when(known).then(pl.col("name_key_l") == pl.col("name_key_r")).alias("name_same"),
        (
            known
            & (pl.col("jw") < NAME_DIFFERENT_BELOW)
            & (pl.col("edits") > NAME_TYPO_EDITS)
            & (pl.col("name_phonetic_l") != pl.col("name_phonetic_r")).fill_null(True)
        ).alias("name_different"),
    )


def shared_nik_findings(
    proposed: pl.DataFrame, references: pl.DataFrame, exact: pl.DataFrame
) -> pl.DataFrame:
    """NIK_SHARED: a 16-digit NIK on rows with clearly different owner names."""
    keyed = proposed.select(ROW_ID, "nik_full").drop_nulls("nik_full")
    groups = keyed.with_columns(pl.len().over("nik_full").alias("_n")).filter(pl.col("_n") > 1)
    inner = pl.DataFrame(schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64})
    if groups.height:
        ranked = groups.with_columns(pl.col(ROW_ID).rank("ordinal").over("nik_full").alias("_k"))
        a = ranked.select(
            pl.col(ROW_ID).alias("unique_id_l"), "nik_full", pl.col("_k").alias("_ka")
        )
        b = ranked.select(
            pl.col(ROW_ID).alias("unique_id_r"), "nik_full", pl.col("_k").alias("_kb")
        )
        inner = (
            a.join(b, on="nik_full")
            .filter(
                (pl.col("unique_id_l") < pl.col("unique_id_r"))
                & ((pl.col("_kb") <= _SHARED_GROUP_CAP) | (pl.col("_ka") == 1))
            )
            .select("unique_id_l", "unique_id_r")
        )
    rows: list[dict[str, Any]] = []
    msg = (
        "NIK yang sama dipakai orang dengan nama lain: {w}; periksa pemilik NIK",
        "The same NIK is used by someone with another name: {w}; check whose NIK it is",
    )
    if inner.height:
        sims = name_similarity(inner, proposed, proposed).filter(pl.col("name_different"))
        pairs = sims.select("unique_id_l", "unique_id_r").rows()
        places = row_places(proposed, {i for p in pairs for i in p})
        for a_id, b_id in pairs:
            for me, other in ((a_id, b_id), (b_id, a_id)):
                rows.append(_shared_row(me, other, places.get(other, "-"), msg))
    out = [findings_from_rows(rows, proposed, proposed)] if rows else []
    if references.height and exact.height:
        cross = name_similarity(
            exact.select("unique_id_l", "unique_id_r", ROLE), proposed, references
        ).filter(pl.col("name_different"))
        xpairs = cross.select("unique_id_l", "unique_id_r").rows()
        xplaces = row_places(references, {b for _, b in xpairs})
        xrows = [_shared_row(a, b, xplaces.get(b, "-"), msg) for a, b in xpairs]
        if xrows:
            out.append(findings_from_rows(xrows, proposed, references))
    if not out:
        return empty_findings()
    return pl.concat(out)


def _shared_row(me: int, other: int, where: str, msg: tuple[str, str]) -> dict[str, Any]:
    return {
        ROW_ID: me,
        "reason": "NIK_SHARED",
        RELATED_ID: other,
        "match_probability": None,
        "evidence": "NIK sama, nama berbeda / same NIK, different name",
        "message_id": msg[0].format(w=where),
        "message_en": msg[1].format(w=where.replace(" baris ", " row ")),
    }
