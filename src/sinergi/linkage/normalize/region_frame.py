"""The region resolver over a whole frame: codes for a million rows in a few seconds.

`resolve_frame` gives every row exactly what the scalar resolver gives its five texts
(`region._resolve_row(province, regency, district, village, address)`), but does the
Python work once per distinct *meaning* instead of once per distinct row:

1. The address only matters through the region names marked inside it ("Kec. ...",
   "Desa ..."; see `region_text.marked_texts`). `address_key_expr` cuts every address
   down, vectorised, to the parts that can hold a marker; rows without one skip the
   address entirely. Nearly every address is distinct, but these keys repeat.
2. Keys in the common simple shape ("Desa Suka Maju, Kec. Cibinong") are read into the
   four marked texts vectorised (`_simple_marked`); the rest go through `marked_texts`.
3. The column texts are resolved as chains (`region._resolve_chain`) for each distinct
   (province, regency, district, village); rows whose address fills a level the columns
   left open are resolved again, once per distinct filled tuple.
4. A chain is not resolved whole: each level is resolved once per distinct (text,
   context) pair, where the context is what the scalar chain passes down (the parent
   codes, and ambiguous regency candidates while the regency has no code), and the
   levels are combined with polars expressions (`_resolve_table`). A district or village
   that is exact in its first context skips the full resolver (`exact_in_context`).

Invariants (tested against the scalar resolver on varied addresses):
- `address_key_expr(a)` is null only when `marked_texts(a)` is empty, and otherwise
  `marked_texts(key) == marked_texts(a)` up to case; non-ASCII addresses are kept whole.
- Output rows are the input rows, in order; existing output columns are replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import polars as pl

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region import (
    OUTSIDE_CONTEXT_FACTOR,
    Resolution,
    _pick_by_child,
    _stated_kind,
    exact_in_context,
    resolve_district,
    resolve_province,
    resolve_regency,
    resolve_village,
)
from sinergi.linkage.normalize.region_tables import load_tables

__all__ = ["resolve_frame", "address_key_expr", "CODE_COLUMNS", "CONFIDENCE_COLUMN"]

LEVELS = ("province", "regency", "district", "village")
CODE_COLUMNS = ("province_code", "regency_code", "district_code", "village_code")
CONFIDENCE_COLUMN = "region_confidence"

_SEP = rt.ADDRESS_PART_SEPARATORS
_MARK = rf"(?:{rt.MARKER_WORDS})(?:\.|\b)"
# Python's \s on ASCII text also matches \x1c-\x1f; Rust's does not.
_WS = r"[\s\x1c-\x1f]"
# One address part from where a marker can first matter to the part's end, led by the
# space or separator before it (Rust regexes have no look-behind: the lead character does
# its job and is cut off afterwards). A match therefore starts at a token start, so what is
# cut away is irrelevant to `marked_texts`: a marker never starts inside a word, and before
# the first marker only the word right before it counts (a street word there filters the
# marker out), which the match keeps when it is one.
_KEY_PART = (
    rf"(?i)[{_SEP} ]"
    rf"(?:[^{_SEP} ]*(?:{rt.STREET_WORDS})\.?{_WS}*)?"  # a street word before the marker
    rf"(?:[^{_SEP} ]*[^\w'{_SEP} ])?"  # the marker's token up to a non-word character
    rf"{_MARK}[^{_SEP}]*"
)
# The simple shape, on a lower-cased key: letters, spaces, commas, dots right after a
# marker word only; every part starts with a marker; no stop or street word anywhere.
_STOP_OR_STREET = rf"\b(?:{rt.STOP_WORDS}|{rt.STREET_WORDS})\b|\bkode"
_MARK_GROUPS = "|".join(f"(?P<{level}>{pattern})" for level, pattern in rt.MARKER_LEVELS)


def address_key_expr(address: pl.Expr) -> pl.Expr:
    """The parts of an address that can name a region, joined by ","; null when none can.

    ASCII keys are lower-cased (the resolvers ignore case); other addresses are kept whole.
    """
    a = address.cast(pl.Utf8)
    parts = (pl.lit(" ") + a).str.extract_all(_KEY_PART)
    key = parts.list.eval(pl.element().str.slice(1)).list.join(",").str.to_lowercase()
    key = pl.when(key.str.len_bytes() > 0).then(key)
    return pl.when(a.str.contains(r"[^\x00-\x7f]")).then(a).otherwise(key)


def _is_simple(key: pl.Expr) -> pl.Expr:
    starts = key.str.replace_all(rf"(?:^|,){_MARK}", "#")
    return (
        key.str.contains(r"^[a-z ,.]+$")
        & ~key.str.contains(_STOP_OR_STREET)
        & ~key.str.replace_all(rf"\b(?:{rt.MARKER_WORDS})\.", "").str.contains(r"\.")
        & starts.str.starts_with("#")
        & ~starts.str.contains(",")
    )


def _simple_marked(keys: pl.DataFrame) -> pl.DataFrame:
    """`marked_texts` of simple keys, vectorised: key + one column per level (or null).

    In a simple key every marker starts a phrase that runs to the next marker or comma;
    a phrase with an empty name is skipped; the first named phrase of a level wins; a
    regency keeps its marker ("kab. bangka") so its kind is not lost.
    """
    phrases = (
        keys.lazy()
        .select(
            "_r_key",
            pl.col("_r_key")
            .str.replace_all(rf"\b{_MARK}", "|$0")
            .str.replace_all(",", "|")
            .str.split("|")
            .alias("_r_phrase"),
        )
        .explode("_r_phrase")
        .with_columns(pl.int_range(pl.len()).alias("_r_pos"))
        .with_columns(
            pl.col("_r_phrase").str.extract_groups(rf"^(?:{_MARK_GROUPS})(?:\.|\b)").alias("_g")
        )
        .with_columns(
            pl.coalesce(
                pl.when(pl.col("_g").struct.field(level).is_not_null()).then(pl.lit(level))
                for level in LEVELS
            ).alias("_r_level"),
            pl.col("_r_phrase").str.extract(rf"^({_MARK})", 1).alias("_r_marker"),
        )
        .with_columns(
            pl.col("_r_phrase")
            .str.slice(pl.col("_r_marker").str.len_bytes())
            .str.strip_chars(" ")
            .alias("_r_name")
        )
        .filter(pl.col("_r_level").is_not_null() & (pl.col("_r_name").str.len_bytes() > 0))
        .with_columns(
            pl.when(pl.col("_r_level") == "regency")
            .then(pl.concat_str("_r_marker", pl.lit(" "), "_r_name"))
            .otherwise(pl.col("_r_name"))
            .alias("_r_text")
        )
        .group_by("_r_key", "_r_level")
        .agg(pl.col("_r_text").sort_by("_r_pos").first())
        .collect()
    )
    wide = keys.select("_r_key")
    for level in LEVELS:
        texts = phrases.filter(pl.col("_r_level") == level).select(
            "_r_key", pl.col("_r_text").alias(f"_m_{level}")
        )
        wide = wide.join(texts, on="_r_key", how="left")
    return wide


def _marked_table(keys: pl.Series) -> pl.DataFrame:
    """Distinct address keys -> `_m_<level>` marked texts (null when the level is absent)."""
    frame = pl.DataFrame({"_r_key": keys.unique().drop_nulls()})
    # The shape test is a handful of regexes: evaluate it once, not once per side.
    is_simple = frame.select(_is_simple(pl.col("_r_key")))[:, 0]
    simple = frame.filter(is_simple)
    rest = frame.filter(~is_simple)["_r_key"].to_list()
    found = [rt.marked_texts(key) for key in rest]
    slow = pl.DataFrame(
        {
            "_r_key": rest,
            **{f"_m_{lvl}": [m.get(lvl) for m in found] for lvl in LEVELS},
        },
        schema={"_r_key": pl.Utf8, **{f"_m_{lvl}": pl.Utf8 for lvl in LEVELS}},
    )
    return pl.concat([_simple_marked(simple), slow], how="vertical")


def _chain_level(
    frame: pl.DataFrame, keys: list[str], out: list[str], fn: Callable[..., tuple]
) -> pl.DataFrame:
    """Add `out` columns computed by `fn(*key values)` once per distinct `keys` tuple."""
    distinct = frame.select(keys).unique()
    values = [fn(*row) for row in distinct.iter_rows()]
    table = distinct.with_columns(
        pl.Series(name, [v[i] for v in values], dtype=_CHAIN_DTYPES.get(name, pl.Utf8))
        for i, name in enumerate(out)
    )
    return frame.join(table, on=keys, how="left", nulls_equal=True, maintain_order="left")


_CHAIN_DTYPES = {"_c_pf": pl.Float64, "_c_rf": pl.Float64, "_c_df": pl.Float64, "_c_vf": pl.Float64}


def _code_conf(res: Resolution | None) -> tuple[str | None, float | None]:
    if res is not None and res.code:
        return res.code, res.confidence
    return None, None


def _province_step(province: str | None) -> tuple:
    return _code_conf(resolve_province(province) if province else None)


def _regency_step(regency: str | None, pc: str | None) -> tuple:
    """(code, confidence, candidates joined by "," when ambiguous, stated kind)."""
    if not regency:
        return None, None, None, None
    r = resolve_regency(regency, pc)
    cands = ",".join(r.candidates) if r.reason == "ambiguous" and r.candidates else None
    return *_code_conf(r), cands, _stated_kind(regency)


def _district_step(district: str | None, rc: str | None, pc: str | None, cands: str | None):
    if not district:
        return None, None
    # The district is searched first inside its regency (or, without one and without
    # ambiguous regency candidates, its province): most names are exact there.
    fast = exact_in_context("district", district, rc or ("" if cands else pc or ""))
    if fast is not None:
        return fast if fast[0] else (None, None)
    d = None
    if not rc and cands:
        d = _pick_by_child(tuple(cands.split(",")), lambda c: resolve_district(district, c))
    if d is None:
        d = resolve_district(district, rc, pc)
    return _code_conf(d)


def _village_step(village: str | None, dc: str | None, rc: str | None, cands: str | None):
    if not village:
        return None, None
    # Searched first inside its district, else its regency: most names are exact there.
    fast = exact_in_context("village", village, dc or rc or "")
    if fast is not None:
        return fast if fast[0] else (None, None)
    v = None
    if not dc and not rc and cands:
        v = _pick_by_child(tuple(cands.split(",")), lambda c: resolve_village(village, None, c))
    if v is None:
        v = resolve_village(village, dc, rc)
    return _code_conf(v)


@cache
def _regency_kinds() -> pl.DataFrame:
    regencies = load_tables().regencies
    return pl.DataFrame(
        {"_k_code": list(regencies), "_k_kind": [r.kind for r in regencies.values()]},
        schema={"_k_code": pl.Utf8, "_k_kind": pl.Utf8},
    )


def _resolve_table(combos: pl.DataFrame, texts: list[str], prefix: str) -> pl.DataFrame:
    """Distinct text tuples -> their chain: `<prefix><level>` codes and `<prefix>conf`.

    Equal to `region._resolve_chain` of every tuple, but each level is resolved once per
    distinct (text, context) pair, and the levels are combined with vectorised expressions.
    """
    p, r, d, v = texts
    f = _chain_level(combos, [p], ["_c_p", "_c_pf"], _province_step)
    f = _chain_level(f, [r, "_c_p"], ["_c_r", "_c_rf", "_c_rc", "_c_kind"], _regency_step)
    # Ambiguous regency candidates only matter while the regency has no code.
    f = f.with_columns(pl.when(pl.col("_c_r").is_null()).then(pl.col("_c_rc")).alias("_c_rc"))
    f = _chain_level(f, [d, "_c_r", "_c_p", "_c_rc"], ["_c_d", "_c_df"], _district_step)
    f = f.with_columns(
        pl.when(pl.col("_c_d").is_null() & pl.col("_c_r").is_null())
        .then(pl.col("_c_rc"))
        .alias("_c_vrc")
    )
    f = _chain_level(f, [v, "_c_d", "_c_r", "_c_vrc"], ["_c_v", "_c_vf"], _village_step)
    kinds = _regency_kinds()
    kind = pl.col("_c_kind")

    def usable(code: str) -> pl.Expr:
        # A child never turns a stated "Kota X" into a kabupaten (or the reverse).
        kind_of = (
            pl.col(code)
            .str.slice(0, 4)
            .replace_strict(kinds["_k_code"], kinds["_k_kind"], default=None)
        )
        return pl.when(kind.is_null() | (kind_of == kind)).then(pl.col(code))

    deepest = pl.coalesce(usable("_c_v"), usable("_c_d"), usable("_c_r"), pl.col("_c_p"))
    lengths = (2, 4, 6, 10)
    codes = [pl.when(deepest.str.len_bytes() >= n).then(deepest.str.slice(0, n)) for n in lengths]
    named = [pl.col(c) for c in ("_c_p", "_c_r", "_c_d", "_c_v")]
    disagree = pl.any_horizontal(
        n.is_not_null() & code.ne_missing(n) for n, code in zip(named, codes, strict=True)
    )
    # Every confidence is already a 3-decimal value, so the scalar round() changes nothing.
    conf = pl.min_horizontal(
        "_c_pf",
        "_c_rf",
        "_c_df",
        "_c_vf",
        pl.when(disagree).then(pl.lit(OUTSIDE_CONTEXT_FACTOR)),
    )
    return f.select(
        *texts,
        *(code.alias(f"{prefix}{level}") for code, level in zip(codes, LEVELS, strict=True)),
        pl.when(deepest.is_not_null()).then(conf).alias(f"{prefix}conf"),
    )


def _level_text(df: pl.DataFrame, level: str) -> pl.Expr:
    """A level's column text, lower-cased when ASCII and not a regency.

    Province, district and village resolvers read text only through case-blind tokens, so
    lower-casing merges "KEC. TINGKIR" and "Kec. Tingkir" into one resolution. A regency
    text is left alone: with several parts, its exact spelling picks the province hint.
    """
    if level not in df.columns:
        return pl.lit(None, pl.Utf8)
    text = pl.col(level).cast(pl.Utf8)
    if level == "regency":
        return text
    return (
        pl.when(text.str.len_bytes() == text.str.len_chars())
        .then(text.str.to_lowercase())
        .otherwise(text)
    )


def resolve_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Add province/regency/district/village codes and `region_confidence` to a frame.

    Reads the raw canonical columns `province`, `regency`, `district`, `village` and
    `address` (any may be missing or all-null) and returns every input row, in order,
    with the four code columns (Utf8, digits) and `region_confidence` (Float64; null when
    no level resolved), equal to the scalar `region._resolve_row` of the row's texts.
    """
    base = df.drop([c for c in (*CODE_COLUMNS, CONFIDENCE_COLUMN) if c in df.columns])
    present = [c for c in (*LEVELS, "address") if c in df.columns]
    if not present:
        return base.with_columns(
            *(pl.lit(None, dtype=pl.Utf8).alias(c) for c in CODE_COLUMNS),
            pl.lit(None, dtype=pl.Float64).alias(CONFIDENCE_COLUMN),
        )
    cols = [f"_t_{level}" for level in LEVELS]
    rows = df.select(
        *(_level_text(df, level).alias(col) for level, col in zip(LEVELS, cols, strict=True)),
        (
            address_key_expr(pl.col("address"))
            if "address" in df.columns
            else pl.lit(None, pl.Utf8)
        ).alias("_r_key"),
    )
    # Columns alone, once per distinct tuple.
    first = _resolve_table(rows.select(cols).unique(), cols, "_f_")
    rows = rows.join(first, on=cols, how="left", nulls_equal=True, maintain_order="left")
    # The address fills the levels the columns left open (empty, unknown or ambiguous).
    marked = _marked_table(rows["_r_key"])
    rows = rows.join(marked, on="_r_key", how="left", maintain_order="left")
    fills = {
        level: pl.col(f"_f_{level}").is_null() & pl.col(f"_m_{level}").is_not_null()
        for level in LEVELS
    }
    final = [f"_s_{level}" for level in LEVELS]
    rows = rows.with_columns(
        *(
            pl.when(fills[level]).then(pl.col(f"_m_{level}")).otherwise(pl.col(col)).alias(fin)
            for level, col, fin in zip(LEVELS, cols, final, strict=True)
        ),
        pl.any_horizontal(fills.values()).alias("_r_filled"),
    )
    filled = rows.filter("_r_filled").select(final).unique()
    second = _resolve_table(filled, final, "_g_")
    rows = rows.join(second, on=final, how="left", nulls_equal=True, maintain_order="left")
    filled_row = pl.col("_r_filled")
    return base.hstack(
        rows.select(
            *(
                pl.when(filled_row)
                .then(pl.col(f"_g_{level}"))
                .otherwise(pl.col(f"_f_{level}"))
                .alias(code)
                for level, code in zip(LEVELS, CODE_COLUMNS, strict=True)
            ),
            pl.when(filled_row)
            .then(pl.col("_g_conf"))
            .otherwise(pl.col("_f_conf"))
            .alias(CONFIDENCE_COLUMN),
        )
    )
