"""Street addresses: RT/RW, street type and name, house number; admin parts cut off.

One implementation: polars expressions (`address_columns`); `normalize_address` evaluates
them on a one-row frame.

Rules:
- RT/RW in any spelling: "RT 002/RW 005", "RT.2 RW.5", "Rt 02 Rw 05", "RT/RW 002/005",
  "RT02/RW05", and a bare "002/005" or "02/05" (zero-padded, so a house number "12/3" is
  not taken for RT/RW) -> rt "2", rw "5". A separate rt_rw column wins over the address.
  RT/RW "0"/"000" means none.
- Abbreviations written out: Jl./Jln./JL -> jalan, Gg. -> gang, Kp. -> kampung,
  Dsn. -> dusun, Perum./Komp. -> perumahan, Blk. -> blok, No./Nomor -> no, Lr. -> lorong.
- Everything from the first desa/kelurahan/kecamatan/kabupaten/kota/provinsi word on is
  cut from `address_clean` (those parts become region codes through the region
  resolver), and so is a trailing 5-digit postcode. Dusun and kampung stay: they are the
  street part of village addresses.
- `street`: the name after jalan/gang/lorong (else after perumahan/kampung/dusun) up to
  the number, RT, blok or a comma. `house_number`: after "no", else the number right
  after the street name.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from sinergi.linkage.normalize.names import SPACES, fold_expr, on_distinct

__all__ = ["address_columns", "add_address_columns", "normalize_address", "rt_rw_exprs"]

ADDRESS_OUTPUT_COLUMNS = ("address_clean", "street", "house_number", "rt", "rw")

_RTRW_BOTH = (
    r"\brt\s*[./]?\s*rw\.?\s*:?\s*0*([0-9]{1,3})\s*[/\-]\s*0*([0-9]{1,3})\b"
    r"|\brt\.?\s*:?\s*0*([0-9]{1,3})\s*[/,\-]?\s*rw\.?\s*:?\s*0*([0-9]{1,3})\b"
    r"|\b0+([0-9]{1,2})\s*/\s*0+([0-9]{1,2})\b"
)
_RTRW_NAMED = (
    _RTRW_BOTH.replace("0*([0-9]{1,3})", "0*(?P<_{}>[0-9]{{1,3}})")
    .replace("0+([0-9]{1,2})", "0+(?P<_{}>[0-9]{{1,2}})")
    .format(1, 2, 3, 4, 5, 6)
)
_RT_ALONE = r"\brt\.?\s*:?\s*0*([0-9]{1,3})\b"
_RW_ALONE = r"\brw\.?\s*:?\s*0*([0-9]{1,3})\b"
_ADMIN = (
    r"(?:^|[\s,])(?:desa|ds|kel|kelurahan|kec|kecamatan|kab|kabupaten|kota|kodya|kotamadya|"
    r"prov|provinsi|propinsi)\b.*$"
)
_ABBREVIATIONS = (
    (r"\b(?:jl|jln|jalan)\b\.?\s*", "jalan "),
    (r"\b(?:gg|gang)\b\.?\s*", "gang "),
    (r"\b(?:kp|kamp|kampung)\b\.?\s*", "kampung "),
    (r"\b(?:dsn|dusun)\b\.?\s*", "dusun "),
    (r"\b(?:perum|perumahan|komp|kompleks|komplek)\b\.?\s*", "perumahan "),
    (r"\b(?:blk|blok)\b\.?\s*", "blok "),
    (r"\b(?:lr|lrg|lorong)\b\.?\s*", "lorong "),
    (r"\b(?:no|nomor|nomer|nmr)\b\.?\s*:?\s*", "no "),
)
_STOP = r"(?:,|\bno\b|\brt\b|\brw\b|\bblok\b|\bgang\b|\blorong\b|[0-9]|$)"


def _none_if_zero(e: pl.Expr) -> pl.Expr:
    e = e.str.replace(r"^0+", "")
    return pl.when(e.str.len_chars() > 0).then(e)


def rt_rw_exprs(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(rt, rw) found in a folded text, digits without leading zeros, or nulls."""
    rt = pl.coalesce(
        text.str.extract(_RTRW_BOTH, 1),
        text.str.extract(_RTRW_BOTH, 3),
        text.str.extract(_RTRW_BOTH, 5),
        text.str.extract(_RT_ALONE, 1),
    )
    rw = pl.coalesce(
        text.str.extract(_RTRW_BOTH, 2),
        text.str.extract(_RTRW_BOTH, 4),
        text.str.extract(_RTRW_BOTH, 6),
        text.str.extract(_RW_ALONE, 1),
    )
    return _none_if_zero(rt), _none_if_zero(rw)


def _rt_rw_column(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A dedicated RT/RW cell: any two numbers ("002/005", "2-5", "RT 2 RW 5")."""
    pair = r"0*([0-9]{1,3})\D+0*([0-9]{1,3})"
    return _none_if_zero(text.str.extract(pair, 1)), _none_if_zero(text.str.extract(pair, 2))


@cache
def address_columns(col: str = "address", rt_rw_col: str | None = "rt_rw") -> list[list[pl.Expr]]:
    """Stages of expressions adding ADDRESS_OUTPUT_COLUMNS (and `_a_*` temporaries);
    built once per process and columns (shared lists: do not modify)."""
    text = pl.col("_a_text")
    both = pl.col("_a_both")
    rt = pl.coalesce(
        *(both.struct.field(f"_{i}") for i in (1, 3, 5)), text.str.extract(_RT_ALONE, 1)
    )
    rw = pl.coalesce(
        *(both.struct.field(f"_{i}") for i in (2, 4, 6)), text.str.extract(_RW_ALONE, 1)
    )
    stage0 = [fold_expr(pl.col(col)).alias("_a_text")]
    stage1 = [
        # One pass of the big RT/RW pattern, all six groups at once.
        text.str.extract_groups(_RTRW_NAMED).alias("_a_both"),
    ]
    if rt_rw_col is not None:
        stage1.append(fold_expr(pl.col(rt_rw_col)).alias("_a_rtrw"))
    s = text.str.replace_all(_RTRW_BOTH, " ").str.replace_all(_RT_ALONE, " ")
    s = s.str.replace_all(_RW_ALONE, " ").str.replace(_ADMIN, "")
    for pattern, repl in _ABBREVIATIONS:
        s = s.str.replace_all(pattern, repl)
    s = s.str.replace(r"[\s,]*\b[0-9]{5}\s*$", "")
    s = s.str.replace_all(r"[^\w\s/'\-]+|_", " ").str.replace_all(SPACES, " ").str.strip_chars()
    stage1b = [s.str.strip_chars(" -/").alias("_a_s"), rt.alias("_a_rt"), rw.alias("_a_rw")]
    a_s = pl.col("_a_s")
    stage2 = [pl.when(a_s.str.contains(r"[a-z0-9]")).then(a_s).alias("address_clean")]
    if rt_rw_col is not None:
        col_rt, col_rw = _rt_rw_column(pl.col("_a_rtrw"))
        stage2 += [
            pl.coalesce(col_rt, _none_if_zero(pl.col("_a_rt"))).alias("rt"),
            pl.coalesce(col_rw, _none_if_zero(pl.col("_a_rw"))).alias("rw"),
        ]
    else:
        stage2 += [
            _none_if_zero(pl.col("_a_rt")).alias("rt"),
            _none_if_zero(pl.col("_a_rw")).alias("rw"),
        ]
    a = pl.col("address_clean")
    # Each fallback pattern only runs where the first one found nothing (what coalesce
    # would keep), and every extraction is stored once: most addresses name a "jalan".
    stage3 = [
        a.str.extract(rf"\b(?:jalan|gang|lorong)\s+(.+?)\s*{_STOP}", 1).alias("_a_st1"),
        a.str.extract(r"\bno\s*([0-9]+[a-z]?(?:\s?[/\-]\s?[0-9]+[a-z]?)?)\b", 1).alias("_a_no1"),
    ]
    st1, no1 = pl.col("_a_st1"), pl.col("_a_no1")
    street = pl.coalesce(
        st1,
        pl.when(st1.is_null())
        .then(a)
        .str.extract(rf"\b(?:perumahan|kampung|dusun)\s+(.+?)\s*{_STOP}", 1),
    ).str.strip_chars()
    number = pl.coalesce(
        no1,
        pl.when(no1.is_null())
        .then(a)
        .str.extract(
            r"^(?:jalan|gang|lorong)\s+[a-z' ]+?\s([0-9]+[a-z]?(?:[/\-][0-9]+[a-z]?)?)\b", 1
        ),
    ).str.replace_all(r"\s", "")
    stage4 = [street.alias("_a_street"), number.alias("house_number")]
    a_street = pl.col("_a_street")
    stage5 = [pl.when(a_street.str.len_chars() > 0).then(a_street).alias("street")]
    return [stage0, stage1, stage1b, stage2, stage3, stage4, stage5]


def add_address_columns(
    frame: pl.DataFrame, col: str = "address", rt_rw_col: str | None = "rt_rw"
) -> pl.DataFrame:
    """Add ADDRESS_OUTPUT_COLUMNS, computed once per distinct (address, rt_rw)."""
    keys = [col] + ([rt_rw_col] if rt_rw_col else [])
    return on_distinct(frame, keys, address_columns(col, rt_rw_col), ADDRESS_OUTPUT_COLUMNS)


def normalize_address(value: str | None, rt_rw: str | None = None) -> dict[str, str | None]:
    """All address columns for one address (and optional RT/RW cell).

    >>> normalize_address("Jl. Merdeka No. 12 RT 002/RW 005 Kel. Sukamaju")["rt"]
    '2'
    """
    frame = pl.DataFrame(
        {"address": [value], "rt_rw": [rt_rw]}, schema={"address": pl.Utf8, "rt_rw": pl.Utf8}
    ).lazy()
    for stage in address_columns():
        frame = frame.with_columns(stage)
    return frame.select(ADDRESS_OUTPUT_COLUMNS).collect().row(0, named=True)
