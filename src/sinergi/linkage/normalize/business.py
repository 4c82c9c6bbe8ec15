"""Business names: legal/shop form, honorifics and owner names inside, old spelling.

One implementation: polars expressions (`business_columns`); `normalize_business`
evaluates them on a one-row frame.

Rules:
- Forms are recognised only at the start (any form) or at the end (legal forms PT, CV,
  UD, PD, Tbk, Koperasi), because many are also product words ("Jual Kios Pulsa").
  `business_form` is the first recognised form, in its canonical word: pt, cv, ud, pd,
  koperasi, bumdes, toko, warung, kios, depot, kedai, rm, usaha, irt (home industry),
  bengkel, salon, catering. Two leading forms ("Koperasi Warung ...") are both removed.
- "Warung Makan"/"Warung Kopi"/"Warkop" are all form warung; "Rumah Makan" is rm;
  "Usaha Dagang" is ud; "Home Industri"/"Industri Rumah Tangga"/"IRT" are irt.
- Honorifics (Bu, Ibu, Pak, Bapak, Mak, Mbak, Mas, Cik, Koh, Ci, Uda, Uni, Bang, Kak,
  Teh, Aa, ...) are removed wherever they are followed by a name: "Warung Bu Siti" ->
  business_clean "siti", business_form "warung".
- `business_clean` is null when only a form was written ("Toko"): it says nothing about
  which business it is.
- `business_key` is business_clean with the old spelling folded and spaces removed, so
  "Sinar Jaya" and "Sinarjaya" agree.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from sinergi.linkage.normalize.names import SPACES, fold_expr, old_spelling_expr, on_distinct

__all__ = ["business_columns", "add_business_columns", "normalize_business", "FORMS"]

BUSINESS_OUTPUT_COLUMNS = ("business_clean", "business_key", "business_form")

# Spelling (after dots are removed) -> canonical form. Longest spellings first in the regex.
FORMS: dict[str, str] = {
    "pt": "pt",
    "perseroan terbatas": "pt",
    "cv": "cv",
    "ud": "ud",
    "usaha dagang": "ud",
    "pd": "pd",
    "perusahaan dagang": "pd",
    "koperasi simpan pinjam": "koperasi",
    "koperasi serba usaha": "koperasi",
    "koperasi": "koperasi",
    "kop": "koperasi",
    "ksp": "koperasi",
    "kspps": "koperasi",
    "ksu": "koperasi",
    "kud": "koperasi",
    "bumdes": "bumdes",
    "bum desa": "bumdes",
    "toko": "toko",
    "tk": "toko",
    "warung makan": "warung",
    "warung kopi": "warung",
    "warung": "warung",
    "wr": "warung",
    "warkop": "warung",
    "kios": "kios",
    "depot": "depot",
    "kedai": "kedai",
    "rumah makan": "rm",
    "rm": "rm",
    "usaha": "usaha",
    "home industri": "irt",
    "home industry": "irt",
    "industri rumah tangga": "irt",
    "irt": "irt",
    "bengkel": "bengkel",
    "salon": "salon",
    "catering": "catering",
    "katering": "catering",
}
_LEGAL_AT_END = ("pt", "cv", "ud", "pd", "tbk", "koperasi")
_HONORIFICS = (
    "bu|ibu|pak|bapak|bpk|mak|mbak|mba|mas|cik|koh|ci|uda|uni|bang|kak|teh|aa|mpok|om|"
    "tante|bude|pakde|bunda|umi|abah|cak|ning|acil|haji|hajjah|hj|h"
)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True)).replace(" ", r"\s+")


_FORM_AT_START = rf"^({_alternation(list(FORMS))})\b\s*"
_FORM_AT_END = rf"\s+({'|'.join(_LEGAL_AT_END)})\s*(tbk)?$"


def _base(raw: pl.Expr) -> pl.Expr:
    """Folded, dotted abbreviations joined ("P.T." -> "pt"), punctuation to spaces."""
    s = fold_expr(raw)
    s = s.str.replace_all(r"\b([a-z])\.\s?([a-z])\b\.?", "${1}${2}")
    s = s.str.replace_all(r"[^\w\s]+|_", " ").str.replace_all(SPACES, " ").str.strip_chars()
    return pl.when(s.str.contains(r"[a-z0-9]")).then(s)


@cache
def business_columns(col: str = "business_name") -> list[list[pl.Expr]]:
    """Stages of expressions adding business_clean, business_key, business_form; built
    once per process and column (shared lists: do not modify)."""
    b = pl.col("_b_base")
    first_form = b.str.extract(_FORM_AT_START, 1)
    after_one = b.str.replace(_FORM_AT_START, "")
    after_two = after_one.str.replace(_FORM_AT_START, "")
    end_form = pl.col("_b_rest").str.extract(_FORM_AT_END, 1)
    rest = pl.col("_b_rest").str.replace(_FORM_AT_END, "")
    rest = rest.str.replace_all(rf"\b(?:{_HONORIFICS})\s+(\S)", "${1}").str.strip_chars()
    clean = pl.col("business_clean")
    stripped = pl.col("_b_clean")
    return [
        [_base(pl.col(col)).alias("_b_base")],
        [
            first_form.str.replace_all(SPACES, " ").alias("_b_form"),
            after_two.alias("_b_rest"),
        ],
        [
            pl.coalesce(
                pl.col("_b_form").replace_strict(FORMS, default=None, return_dtype=pl.Utf8),
                end_form.replace_strict(FORMS, default=None, return_dtype=pl.Utf8),
            ).alias("business_form"),
            rest.alias("_b_clean"),
        ],
        [pl.when(stripped.str.len_chars() > 0).then(stripped).alias("business_clean")],
        [
            old_spelling_expr(clean).str.replace_all(r"[\s']", "").alias("business_key"),
        ],
    ]


def add_business_columns(frame: pl.DataFrame, col: str = "business_name") -> pl.DataFrame:
    """Add BUSINESS_OUTPUT_COLUMNS, computed once per distinct business name."""
    return on_distinct(frame, [col], business_columns(col), BUSINESS_OUTPUT_COLUMNS)


def normalize_business(value: str | None) -> dict[str, str | None]:
    """business_clean, business_key, business_form of one name.

    >>> normalize_business("Warung Bu Siti")
    {'business_clean': 'siti', 'business_key': 'siti', 'business_form': 'warung'}
    """
    frame = pl.DataFrame({"business_name": [value]}, schema={"business_name": pl.Utf8}).lazy()
    for stage in business_columns():
        frame = frame.with_columns(stage)
    return frame.select(BUSINESS_OUTPUT_COLUMNS).collect().row(0, named=True)
