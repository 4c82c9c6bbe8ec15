"""Places from what the file says, beyond one name per level column.

`resolve_frame` reads the province/regency/district/village texts and the address. This
step, run right after it, adds what those texts alone cannot give:

1. BPS code columns (`Kdprov` 2, `Kdkab` 2, `Kdkec` 3, `Kddesa` 3 digits, as in BPS business
   directories) become Kemendagri codes only where the region name of the same row agrees
   with the Kemendagri name of the code (the two schemes mostly coincide at province and
   regency level but not below; a BPS kecamatan "010" is usually Kemendagri "01", not
   always). A kabupaten code (01-69) and a kota code (71-99) keep "Kab. Semarang" and
   "Kota Semarang" apart even when the name column says only "SEMARANG".
2. A level's text naming a place of a higher level resolves at its own level: "Kota
   Semarang" in a kecamatan column places the row in Kota Semarang (the kecamatan stays
   unknown, and `read_at_other_level` tells the problem check that the text was read).
3. A postcode narrows a place the row already has: to the one kecamatan and, where the
   postcode covers one village there, the village (data/kodepos).
4. A point (`lat`/`lng`) places the row in its kecamatan when the texts leave the kecamatan
   open and do not contradict the point's kabupaten/kota (`geo_district_code` keeps the
   point's own answer either way).
5. A file (`source_file`) whose placed rows all lie in one kabupaten/kota and are at least
   half of its rows gives that kabupaten/kota to its rows that name no place at all.

Confidence of what each step adds (`region_confidence` stays the weakest level's): BPS code
and name agreeing 1.0; a higher-level name as resolved; postcode 0.9; a point inside a
kecamatan outline 0.9, within `geo_index.NEAREST_MAX_METRES` of one 0.7; the file 0.6.
`region_source` says which step gave the deepest code: columns | bps | postcode | point | file.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache

import polars as pl

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region import resolve_province, resolve_regency
from sinergi.linkage.normalize.region_index import regency_base
from sinergi.linkage.normalize.region_tables import load_postcodes, load_tables

__all__ = [
    "add_place_columns",
    "bps_to_kemendagri",
    "read_at_other_level",
    "read_at_other_level_expr",
]

CODES = ("province_code", "regency_code", "district_code", "village_code")
CONF = "region_confidence"
SOURCE = "region_source"
_LENGTHS = (2, 4, 6, 10)
POSTCODE_CONFIDENCE = 0.9
POINT_CONFIDENCE = 0.9
NEAR_POINT_CONFIDENCE = 0.7
FILE_CONFIDENCE = 0.6
FILE_MIN_SHARE = 0.5


# --- scalar pieces ------------------------------------------------------------------------


def _digits(text: str | None, width: int) -> str | None:
    if text is None:
        return None
    d = "".join(ch for ch in str(text).strip().split(".")[0] if ch.isdigit())
    if not d or len(d) > width + 8:
        return None
    # Full codes pasted into a part column ("3374" in Kdkab) keep their last digits.
    return d[-width:].zfill(width)


def _same_name(text: str | None, name: str) -> bool:
    return bool(text) and rt.match_key(text) == rt.match_key(name)


def _same_regency(text: str | None, code: str) -> bool:
    if not text:
        return False
    region = load_tables().regencies[code]
    kind, tokens = rt.split_kind(rt.expand(rt.raw_tokens(text)))
    if kind is not None and kind != region.kind:
        return False
    return "".join(tokens) == regency_base(region)


@lru_cache(maxsize=1 << 16)
def bps_to_kemendagri(
    kdprov: str | None,
    kdkab: str | None,
    kdkec: str | None,
    kddesa: str | None,
    nmprov: str | None,
    nmkab: str | None,
    nmkec: str | None,
    nmdesa: str | None,
) -> str | None:
    """The deepest Kemendagri code the BPS codes give where the names agree, else None.

    A level counts only when its name agrees with the Kemendagri name of the code built
    from the BPS parts (a kecamatan or village whose number differs is found by its name
    inside the agreed parent); below the first level that does not agree nothing is taken.
    A file without regency names places the regency when its kecamatan name agrees.
    """
    tables = load_tables()
    prov, kab = _digits(kdprov, 2), _digits(kdkab, 2)
    kec, desa = _digits(kdkec, 3), _digits(kddesa, 3)
    found: str | None = None
    if prov and prov in tables.provinces and _same_name(nmprov, tables.provinces[prov].name):
        found = prov
    if not (prov and kab):
        return found
    regency = prov + kab
    if regency not in tables.regencies:
        return found
    district = _district_in(regency, kec, nmkec)
    # The regency's own name, or (when the file gives none) its kecamatan's, must agree.
    if not (_same_regency(nmkab, regency) or (not nmkab and district)):
        return found
    found = district or regency
    return (_village_in(district, desa, nmdesa) if district else None) or found


@cache
def _children(level: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(parent code, match key of the name): codes} of every district or village."""
    cut = 4 if level == "district" else 6
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, region in load_tables().by_level(level).items():
        out[(code[:cut], rt.match_key(region.name))].append(code)
    return {k: tuple(v) for k, v in out.items()}


def _by_name(parent: str, level: str, name: str) -> str | None:
    """The one district (village) of `parent` with this name, else None."""
    codes = _children(level).get((parent, rt.match_key(name)), ())
    return codes[0] if len(codes) == 1 else None


def _district_in(regency: str, kec: str | None, name: str | None) -> str | None:
    districts = load_tables().districts
    if not name:
        return None
    # BPS numbers kecamatan 010, 020, ... (splits 011, 021); Kemendagri 01, 02, ...
    for guess in (f"{int(kec) // 10:02d}", kec[-2:]) if kec else ():
        code = regency + guess
        if code in districts and _same_name(name, districts[code].name):
            return code
    # The numbering differs here: the name alone, when one kecamatan of the regency has it.
    return _by_name(regency, "district", name)


def _village_in(district: str, desa: str | None, name: str | None) -> str | None:
    villages = load_tables().villages
    if not name:
        return None
    for kind in ("1", "2") if desa else ():  # Kemendagri: 1xxx kelurahan, 2xxx desa
        code = district + kind + desa
        if code in villages and _same_name(name, villages[code].name):
            return code
    return _by_name(district, "village", name)


@lru_cache(maxsize=1 << 16)
def read_at_other_level(text: str | None, level: str) -> tuple[str, float] | None:
    """(code, confidence) when a `level` column's text names a region of a higher level.

    "Kota Semarang" in a kecamatan column is Kota Semarang; a bare "Semarang" (a kota and
    a kabupaten) is nothing. Only exact names and known aliases count, never a typo.
    """
    if not text or not text.strip() or level == "province":
        return None
    tries = ("regency", "province") if level in ("district", "village") else ("province",)
    for target in tries:
        res = resolve_regency(text) if target == "regency" else resolve_province(text)
        if res.code and res.reason in ("exact", "alias"):
            return res.code, res.confidence
    return None


def read_at_other_level_expr(text: pl.Expr, level: str) -> pl.Expr:
    """Vectorised `read_at_other_level(...) is not None`, once per distinct text."""
    return text.cast(pl.Utf8).map_elements(
        lambda t: read_at_other_level(t, level) is not None,
        return_dtype=pl.Boolean,
        skip_nulls=True,
    )


@cache
def _postcode_villages() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for village, postcode in load_postcodes().items():
        out[postcode].append(village)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _postcode_place(postcode: str, deepest: str) -> str | None:
    """The narrower code a postcode gives inside `deepest` (a regency or a district)."""
    inside = [v for v in _postcode_villages().get(postcode, ()) if v.startswith(deepest)]
    if not inside:
        return None
    if len(inside) == 1:
        return inside[0]
    districts = {v[:6] for v in inside}
    return districts.pop() if len(districts) == 1 and len(deepest) < 6 else None


# --- frame steps --------------------------------------------------------------------------


def _deepest() -> pl.Expr:
    return pl.coalesce([pl.col(c) for c in reversed(CODES)])


def _apply(df: pl.DataFrame, new: str, conf: pl.Expr, source: str, replace: bool) -> pl.DataFrame:
    """Set the four codes from the code in column `new` where it is not null.

    Deeper existing codes are kept when they lie inside the new code. The confidence is the
    step's (`replace`) or the weakest of the old and the step's.
    """
    code = pl.col(new)
    has = code.is_not_null()
    level_codes = []
    for col, n in zip(CODES, _LENGTHS, strict=True):
        ours = pl.when(code.str.len_bytes() >= n).then(code.str.slice(0, n))
        kept = pl.when(pl.col(col).str.starts_with(code)).then(pl.col(col))
        level_codes.append(pl.when(has).then(pl.coalesce(ours, kept)).otherwise(pl.col(col)))
    merged = conf if replace else pl.min_horizontal(pl.col(CONF), conf)
    return df.with_columns(
        *(expr.alias(col) for expr, col in zip(level_codes, CODES, strict=True)),
        pl.when(has).then(merged).otherwise(pl.col(CONF)).alias(CONF),
        pl.when(has).then(pl.lit(source)).otherwise(pl.col(SOURCE)).alias(SOURCE),
    ).drop(new)


def _text(df: pl.DataFrame, col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Utf8) if col in df.columns else pl.lit(None, pl.Utf8)


def _by_distinct(df: pl.DataFrame, keys: dict[str, pl.Expr], out: str, fn) -> pl.DataFrame:
    """Add column `out` = fn(*key values), computed once per distinct key tuple."""
    work = df.with_columns(expr.alias(name) for name, expr in keys.items())
    names = list(keys)
    distinct = work.select(names).unique()
    values = [fn(*row) for row in distinct.iter_rows()]
    table = distinct.with_columns(pl.Series(out, values, dtype=pl.Utf8))
    joined = work.join(table, on=names, how="left", nulls_equal=True, maintain_order="left")
    return joined.drop(names)


_BPS = ("bps_province", "bps_regency", "bps_district", "bps_village")
_NAMES = ("province", "regency", "district", "village")


def _bps_step(df: pl.DataFrame) -> pl.DataFrame:
    if not any(c in df.columns for c in _BPS):
        return df
    keys = {f"_b{i}": _text(df, c) for i, c in enumerate((*_BPS, *_NAMES))}
    df = _by_distinct(df, keys, "_bps", bps_to_kemendagri)
    # Names and codes agreeing beat the names read alone, unless those go deeper inside.
    deeper_inside = _deepest().str.starts_with(pl.col("_bps")) & (
        _deepest().str.len_bytes() > pl.col("_bps").str.len_bytes()
    )
    df = df.with_columns(pl.when(~deeper_inside.fill_null(False)).then(pl.col("_bps")))
    return _apply(df, "_bps", pl.lit(1.0), "bps", replace=True)


def _shift_step(df: pl.DataFrame) -> pl.DataFrame:
    """A level text naming a higher level fills that level where it is still open."""
    for level, own in (
        ("regency", "regency_code"),
        ("district", "district_code"),
        ("village", "village_code"),
    ):
        if level not in df.columns:
            continue
        df = _by_distinct(
            df,
            {"_s_text": pl.when(pl.col(own).is_null()).then(_text(df, level))},
            "_s_code",
            lambda t, lv=level: (read_at_other_level(t, lv) or (None,))[0],
        )
        fits = (pl.col("regency_code").is_null() | pl.col("_s_code").eq(pl.col("regency_code"))) & (
            pl.col("province_code").is_null()
            | pl.col("_s_code").str.starts_with(pl.col("province_code"))
        )
        deeper = pl.col("_s_code").str.len_bytes() > _deepest().str.len_bytes().fill_null(0)
        df = df.with_columns(pl.when(fits & deeper).then(pl.col("_s_code")).alias("_s_code"))
        df = _apply(df, "_s_code", pl.lit(1.0), "columns", replace=False)
    return df


def _postcode_step(df: pl.DataFrame) -> pl.DataFrame:
    if "postcode" not in df.columns:
        return df
    postcode = _text(df, "postcode").str.extract(r"(?:^|[^0-9])([1-9][0-9]{4})(?:$|[^0-9])", 1)
    narrowable = _deepest().str.len_bytes().is_between(4, 6)
    df = _by_distinct(
        df,
        {"_pc": pl.when(narrowable).then(postcode), "_pc_in": pl.when(narrowable).then(_deepest())},
        "_pc_code",
        lambda pc, inside: _postcode_place(pc, inside) if pc and inside else None,
    )
    return _apply(df, "_pc_code", pl.lit(POSTCODE_CONFIDENCE), "postcode", replace=False)


def _point_step(df: pl.DataFrame) -> pl.DataFrame:
    from sinergi.linkage.normalize.geo_index import place_frame_points

    if df.select(pl.col("lat").is_not_null().any()).item():
        df = place_frame_points(df)
    else:
        df = df.with_columns(
            pl.lit(None, pl.Utf8).alias("geo_district_code"),
            pl.lit(None, pl.Float64).alias("geo_distance_m"),
        )
    geo = pl.col("geo_district_code")
    open_district = pl.col("district_code").is_null() & pl.col("village_code").is_null()
    agrees = pl.col("regency_code").is_null() | geo.str.starts_with(pl.col("regency_code"))
    agrees = agrees & (
        pl.col("province_code").is_null() | geo.str.starts_with(pl.col("province_code"))
    )
    df = df.with_columns(pl.when(open_district & agrees).then(geo).alias("_pt_code"))
    conf = (
        pl.when(pl.col("geo_distance_m") > 0)
        .then(pl.lit(NEAR_POINT_CONFIDENCE))
        .otherwise(pl.lit(POINT_CONFIDENCE))
    )
    return _apply(df, "_pt_code", conf, "point", replace=False).drop("geo_distance_m")


def _file_step(df: pl.DataFrame) -> pl.DataFrame:
    if "source_file" not in df.columns:
        return df
    per_file = (
        df.group_by("source_file")
        .agg(
            pl.len().alias("_f_rows"),
            pl.col("regency_code").drop_nulls().n_unique().alias("_f_distinct"),
            pl.col("regency_code").drop_nulls().first().alias("_f_regency"),
            pl.col("regency_code").is_not_null().sum().alias("_f_placed"),
        )
        .filter(
            (pl.col("_f_distinct") == 1)
            & (pl.col("_f_placed") >= 2)
            & (pl.col("_f_placed") >= FILE_MIN_SHARE * pl.col("_f_rows"))
        )
        .select("source_file", "_f_regency")
    )
    df = df.join(per_file, on="source_file", how="left", maintain_order="left")
    nowhere = _deepest().is_null()
    df = df.with_columns(pl.when(nowhere).then(pl.col("_f_regency")).alias("_f_code"))
    return _apply(df.drop("_f_regency"), "_f_code", pl.lit(FILE_CONFIDENCE), "file", False)


def add_place_columns(df: pl.DataFrame) -> pl.DataFrame:
    """Run the five steps on a frame that has the four code columns, `region_confidence`,
    `lat`/`lng` and the raw canonical text columns; adds `region_source` and
    `geo_district_code`. Rows and their order are kept."""
    df = df.with_columns(pl.when(_deepest().is_not_null()).then(pl.lit("columns")).alias(SOURCE))
    df = _bps_step(df)
    df = _shift_step(df)
    df = _postcode_step(df)
    df = _point_step(df)
    return _file_step(df)
