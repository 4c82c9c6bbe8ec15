"""NIK (Nomor Induk Kependudukan): clean, validate, recover Excel damage, derive facts.

A NIK is 16 digits: province(2) regency(2) district(2) — the Kemendagri code of the
place of first registration — then the birth date DDMMYY with 40 added to the day for
women, then a serial 0001–9999.

One implementation: the polars stages in `add_nik_columns` (a frame function, so the
plan stays small) are the logic; the scalar `parse_nik` evaluates them on a one-row
frame, so the web platform, the tests and the 1M-row pipeline can never disagree.

Statuses (column `nik_status`):
- ``valid``   16 digits, known province, regency/district not "00", real birth date,
  serial not 0000. Compared on ``nik_full``.
- ``damaged`` Excel destroyed part of it: scientific notation ("3.27102E+15"), a 15-digit
  value (a lost digit), a 16-digit value ending in 0 from a numeric cell (the caller
  says so with ``numeric_hint``/``from_number``, or the text ends in ".0"), or serial
  0000 (never issued: the 0 replaced the last digit of serial 000x). Compared on
  ``nik15`` (first 15 digits) only when 15 real digits survive; otherwise on nothing.
- ``invalid`` anything else that holds digits.
- ``missing`` empty, "-", "0", zeros, or text without any digit ("tidak ada", "belum ada").
- ``kk``      the value equals the row's family-card (KK) number: not a NIK at all.

How strict the region check is: a NIK keeps the code where it was first registered, and
regions split (pemekaran: e.g. Papua 2022, Kalimantan Utara 2012), so codes vanish from
the current tables while the NIKs stay legal. We therefore require only a province code
that exists today (provinces are never renumbered; new ones get new codes, old ones
remain) and regency/district parts that are not "00". An unknown regency or district is
not an error; `nik_region` still carries the 6 digits.

Two-digit birth year: the century is chosen so that the owner is at least 17 years old
today (the age at which a KTP is issued); otherwise 19YY. This puts everyone in 17..116.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import TypeVar

import polars as pl

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

__all__ = [
    "NikInfo",
    "parse_nik",
    "add_nik_columns",
    "add_nik_problem_columns",
    "nik_digits16_expr",
    "NIK_OUTPUT_COLUMNS",
]

NIK_OUTPUT_COLUMNS: tuple[str, ...] = (
    "nik_digits",
    "nik_status",
    "nik_full",
    "nik15",
    "nik_birth_date",
    "nik_sex",
    "nik_region",
)

# Surrounding quotes and the apostrophe/backtick Excel users type to keep a NIK as text.
_QUOTES = r"^[\s'`\"\u2018\u2019\u201c\u201d]+|[\s'`\"\u2018\u2019\u201c\u201d]+$"
_PREFIX = r"(?i)^(?:no\.?\s*)?(?:nik|n\.i\.k\.?|no\.?\s*ktp|ktp)\s*[:.=\-]?\s*"
_SCI = r"^([0-9])[.,]?([0-9]*)[eE]\+?([0-9]{1,2})$"
_DOT_ZERO = r"^([0-9]{15,16})[.,]0+$"
_SEPARATORS = r"[\s.\-_/,]"

MESSAGES: dict[str, tuple[str, str]] = {
    "NIK_DAMAGED": (
        "NIK rusak oleh Excel (angka terakhir menjadi 0 atau notasi ilmiah); "
        "perbaiki sebelum pembayaran",
        "NIK damaged by Excel (last digit turned to 0 or scientific notation); "
        "correct it before payment",
    ),
    "NIK_MISSING": ("NIK kosong", "NIK is empty"),
    "NIK_IS_KK": (
        "Kolom NIK berisi nomor Kartu Keluarga (sama dengan kolom KK)",
        "The NIK column holds the family-card (KK) number (same as the KK column)",
    ),
    "NIK_INVALID": ("NIK tidak valid", "NIK is not valid"),
}


@cache
def _province_codes() -> tuple[str, ...]:
    from sinergi.linkage.normalize.region_tables import load_tables

    return tuple(load_tables().provinces)


def _clean_text(raw: pl.Expr) -> pl.Expr:
    """The cell text without quotes, a leading apostrophe or a "NIK:" prefix."""
    return raw.cast(pl.Utf8).str.replace_all(_QUOTES, "").str.replace(_PREFIX, "").str.strip_chars()


def nik_digits16_expr(col: str = "nik") -> pl.Expr:
    """The separator-free 16 digits of a cell, else null: used to spot numeric-damaged files."""
    d = _clean_text(pl.col(col)).str.replace(_DOT_ZERO, "${1}").str.replace_all(_SEPARATORS, "")
    return pl.when(d.str.contains(r"^[0-9]{16}$")).then(d)


_P = "_nik_"  # prefix of the temporary columns; all are dropped before returning


def _c(name: str) -> pl.Expr:
    return pl.col(_P + name)


def _stages(col: str, numeric_hint: pl.Expr | None, kk_col: str | None) -> list[list[pl.Expr]]:
    """The NIK logic as successive `with_columns` stages of named temporaries.

    Staging (instead of one nested expression) keeps the plan small: one parse_nik call
    costs milliseconds, and the 1M-row pipeline evaluates each step once. Built once per
    process, columns and day (the adult year is today's) but for the hint, which depends
    on the call's files.
    """
    s1, *rest = _hintless_stages(col, kk_col, date.today())
    hint = numeric_hint.fill_null(False) if numeric_hint is not None else pl.lit(False)
    return [[s1[0], hint.alias(_P + "hint"), *s1[1:]], *rest]


@lru_cache(maxsize=4)  # keyed by day: a long-running server keeps a few
def _hintless_stages(col: str, kk_col: str | None, today: date) -> list[list[pl.Expr]]:
    """`_stages` without the `_nik_hint` column (shared lists: do not modify)."""
    raw = pl.col(col).cast(pl.Utf8)
    text = _c("text")
    s1 = [_clean_text(raw).alias(_P + "text")]
    if kk_col is not None:
        s1.append(_clean_text(pl.col(kk_col)).str.replace_all(r"[^0-9]", "").alias(_P + "kk"))
    else:
        s1.append(pl.lit(None, pl.Utf8).alias(_P + "kk"))
    s2 = [
        text.str.contains(_SCI).alias(_P + "is_sci"),
        (text.str.extract(_SCI, 1) + text.str.extract(_SCI, 2)).alias(_P + "mantissa"),
        text.str.extract(_SCI, 3).cast(pl.Int32, strict=False).alias(_P + "exponent"),
        (_c("hint") | text.str.contains(_DOT_ZERO)).alias(_P + "numeric"),
        text.str.replace(_DOT_ZERO, "${1}").str.replace_all(_SEPARATORS, "").alias(_P + "plain"),
        (raw.is_null() | ~text.str.contains(r"[0-9]") | text.str.contains(r"^[0\-\s.]*$")).alias(
            _P + "missing"
        ),
    ]
    sci_digits = (_c("mantissa") + pl.lit("0" * 20)).str.slice(0, _c("exponent") + 1)
    s3 = [
        ~_c("plain").str.contains(r"^[0-9]*$").alias(_P + "junk"),
        pl.when(_c("is_sci"))
        .then(sci_digits)
        .otherwise(_c("plain").str.replace_all(r"[^0-9]", ""))
        .alias(_P + "digits"),
    ]
    d = _c("digits")
    dd = d.str.slice(6, 2).cast(pl.Int32, strict=False)
    yy = d.str.slice(10, 2).cast(pl.Int32, strict=False)
    adult_limit = today.year - 17
    year = pl.when(yy + 2000 <= adult_limit).then(yy + 2000).otherwise(yy + 1900)
    day = pl.when(dd > 40).then(dd - 40).otherwise(dd)
    birth = pl.concat_str(
        [
            year.cast(pl.Utf8),
            pl.lit("-"),
            d.str.slice(8, 2),
            pl.lit("-"),
            day.cast(pl.Utf8).str.zfill(2),
        ]
    ).str.to_date("%Y-%m-%d", strict=False)
    s4 = [
        d.str.len_chars().alias(_P + "n"),
        d.str.slice(0, 2).is_in(list(_province_codes())).alias(_P + "prov_ok"),
        ((d.str.slice(2, 2) != "00") & (d.str.slice(4, 2) != "00")).alias(_P + "codes_ok"),
        pl.when((dd <= 31) | (dd > 40)).then(birth).alias(_P + "birth"),
        pl.when(dd > 40).then(pl.lit("P")).otherwise(pl.lit("L")).alias(_P + "sex"),
        (d.str.slice(12, 4) != "0000").alias(_P + "serial_ok"),
        _c("mantissa").str.len_chars().alias(_P + "sig"),
    ]
    n = _c("n")
    prefix_ok = (n >= 12) & _c("prov_ok") & _c("codes_ok") & _c("birth").is_not_null()
    s5 = [prefix_ok.fill_null(False).alias(_P + "prefix_ok")]
    ok = _c("prefix_ok")
    status = (
        pl.when(_c("missing"))
        .then(pl.lit("missing"))
        .when(_c("is_sci"))
        .then(pl.when(_c("exponent") == 15).then(pl.lit("damaged")).otherwise(pl.lit("invalid")))
        .when(_c("junk"))
        .then(pl.lit("invalid"))
        .when((n == 16) & (d == _c("kk")).fill_null(False))
        .then(pl.lit("kk"))
        .when((n == 16) & _c("numeric") & d.str.ends_with("0") & ok)
        .then(pl.lit("damaged"))
        # Serial 0000 is never issued: the 0 replaced the last digit of serial 000x.
        .when((n == 16) & ok & ~_c("serial_ok"))
        .then(pl.lit("damaged"))
        .when((n == 16) & ok)
        .then(pl.lit("valid"))
        .when((n == 15) & ok)
        .then(pl.lit("damaged"))
        .otherwise(pl.lit("invalid"))
    )
    s6 = [status.alias("nik_status")]
    st = pl.col("nik_status")
    # Facts derive only from digits that are real: all of a valid NIK, the first 15 of a
    # damaged one, and of scientific notation only when 15 significant digits survived.
    real15 = st.is_in(["valid", "damaged"]) & (~_c("is_sci") | ((_c("sig") >= 15) & ok))
    s7 = [
        pl.when(_c("missing")).then(None).otherwise(d).alias("nik_digits"),
        pl.when(st == "valid").then(d).alias("nik_full"),
        pl.when(real15).then(d.str.slice(0, 15)).alias("nik15"),
        pl.when(real15).then(_c("birth")).alias("nik_birth_date"),
        pl.when(real15).then(_c("sex")).alias("nik_sex"),
        pl.when(real15).then(d.str.slice(0, 6)).alias("nik_region"),
    ]
    return [s1, s2, s3, s4, s5, s6, s7]


def _temporaries(frame: FrameT) -> list[str]:
    return [c for c in frame.collect_schema().names() if c.startswith(_P)]


def add_nik_columns(
    frame: FrameT,
    col: str = "nik",
    numeric_hint: pl.Expr | None = None,
    kk_col: str | None = None,
    problems: bool = False,
) -> FrameT:
    """Add the NIK columns of schema.NORMALISED (NIK_OUTPUT_COLUMNS) to a (Lazy)DataFrame.

    ``numeric_hint`` is a boolean expression, true when the cell came from a numeric
    Excel cell (then a 16-digit value ending in 0 is damaged). ``kk_col`` names the
    family-card column of the same row, if any. With ``problems`` it also adds
    `nik_problem`, `nik_message_id`, `nik_message_en`. Row order is kept.
    """
    for stage in _stages(col, numeric_hint, kk_col):
        frame = frame.with_columns(stage)
    if problems:
        frame = frame.with_columns(_problem_exprs())
    return frame.drop(_temporaries(frame))


def add_nik_problem_columns(
    frame: FrameT, col: str = "nik", status_col: str = "nik_status"
) -> FrameT:
    """Add `nik_problem`, `nik_message_id`, `nik_message_en` given an existing status column.

    Used by `prepare.frame_problems`, where the status (which depended on per-file numeric
    hints) is already known; the reasons for an invalid NIK are recomputed from the cell.
    """
    names = frame.collect_schema().names()
    keep = [c for c in NIK_OUTPUT_COLUMNS if c in names]
    work = frame.rename({c: f"{_P}orig_{c}" for c in keep})
    if status_col in keep:
        status_col = f"{_P}orig_{status_col}"
    for stage in _stages(col, None, None)[:5]:
        work = work.with_columns(stage)
    work = work.with_columns(pl.col(status_col).alias("nik_status")).with_columns(_problem_exprs())
    work = work.drop("nik_status").rename({f"{_P}orig_{c}": c for c in keep})
    return work.drop(_temporaries(work))


def _problem_exprs() -> list[pl.Expr]:
    """Problem code and messages; an invalid NIK gets the first reason that applies."""
    n_txt = _c("n").cast(pl.Utf8)
    province = _c("digits").str.slice(0, 2)
    reasons: list[tuple[pl.Expr, pl.Expr, pl.Expr]] = [
        (
            _c("is_sci"),
            pl.lit("NIK tertulis dalam notasi ilmiah dengan jumlah angka yang salah"),
            pl.lit("NIK written in scientific notation with the wrong number of digits"),
        ),
        (
            _c("junk"),
            pl.lit("NIK berisi huruf atau tanda selain angka"),
            pl.lit("NIK contains letters or signs other than digits"),
        ),
        (
            (_c("n") != 16) & (_c("n") != 15),
            pl.concat_str([pl.lit("NIK harus 16 angka, tertulis "), n_txt, pl.lit(" angka")]),
            pl.concat_str([pl.lit("NIK must have 16 digits, found "), n_txt]),
        ),
        (
            ~_c("prov_ok"),
            pl.concat_str([pl.lit("Kode provinsi "), province, pl.lit(" tidak dikenal")]),
            pl.concat_str([pl.lit("Unknown province code "), province]),
        ),
        (
            ~_c("codes_ok"),
            pl.lit("Kode kabupaten/kota atau kecamatan pada NIK tidak boleh 00"),
            pl.lit("Regency or district code in the NIK must not be 00"),
        ),
        (
            _c("birth").is_null(),
            pl.lit("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid"),
            pl.lit("Birth date in the NIK (digits 7 to 12) is not valid"),
        ),
    ]
    msg_id: pl.Expr = pl.lit(MESSAGES["NIK_INVALID"][0])
    msg_en: pl.Expr = pl.lit(MESSAGES["NIK_INVALID"][1])
    for cond, rid, ren in reversed(reasons):
        msg_id = pl.when(cond.fill_null(False)).then(rid).otherwise(msg_id)
        msg_en = pl.when(cond.fill_null(False)).then(ren).otherwise(msg_en)
    status = pl.col("nik_status")
    code = pl.lit(None, pl.Utf8)
    fixed_id = pl.lit(None, pl.Utf8)
    fixed_en = pl.lit(None, pl.Utf8)
    for st_value, key in _STATUS_CODES.items():
        code = pl.when(status == st_value).then(pl.lit(key)).otherwise(code)
        fixed_id = pl.when(status == st_value).then(pl.lit(MESSAGES[key][0])).otherwise(fixed_id)
        fixed_en = pl.when(status == st_value).then(pl.lit(MESSAGES[key][1])).otherwise(fixed_en)
    invalid = status == "invalid"
    return [
        code.alias("nik_problem"),
        pl.when(invalid).then(msg_id).otherwise(fixed_id).alias("nik_message_id"),
        pl.when(invalid).then(msg_en).otherwise(fixed_en).alias("nik_message_en"),
    ]


_STATUS_CODES = {
    "invalid": "NIK_INVALID",
    "damaged": "NIK_DAMAGED",
    "missing": "NIK_MISSING",
    "kk": "NIK_IS_KK",
}


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What one NIK cell says. `full` only when valid; `nik15` when valid or damaged."""

    raw: str | None
    digits: str | None
    status: str
    full: str | None
    nik15: str | None
    birth_date: date | None
    sex: str | None
    region: str | None
    problem_code: str | None
    message_id: str | None
    message_en: str | None


def parse_nik(value: str | None, from_number: bool = False) -> NikInfo:
    """Parse one cell. ``from_number``: the cell was numeric in the spreadsheet.

    >>> parse_nik("'3271024501900003").sex
    'P'
    """
    frame = pl.DataFrame(
        {"nik": [value], "numeric": [from_number]}, schema={"nik": pl.Utf8, "numeric": pl.Boolean}
    )
    row = add_nik_columns(frame.lazy(), "nik", pl.col("numeric"), problems=True).collect()
    row = row.row(0, named=True)
    return NikInfo(
        raw=value,
        digits=row["nik_digits"],
        status=row["nik_status"],
        full=row["nik_full"],
        nik15=row["nik15"],
        birth_date=row["nik_birth_date"],
        sex=row["nik_sex"],
        region=row["nik_region"],
        problem_code=row["nik_problem"],
        message_id=row["nik_message_id"],
        message_en=row["nik_message_en"],
    )
