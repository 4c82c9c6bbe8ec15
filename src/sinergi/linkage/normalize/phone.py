"""Indonesian phone numbers to E.164 (+62...).

One implementation: the polars stages (`add_phone_columns`) are the logic;
`normalize_phones` evaluates them on a one-row frame.

Rules:
- A cell may hold several numbers, separated by / , ; | & newline, "atau", "dan", or by
  labels (HP:, WA:, Telp:). Two long digit runs separated only by a space are two numbers.
- Prefixes 0, 62, +62, 0062 and "+62 (0)" are national; a mobile number may also have lost
  its leading 0 in Excel ("81234567890").
- Valid mobile: 8 followed by 8–11 digits (10–13 digits written with the 0).
  Valid landline: area code 2–7 or 9 and 7–10 digits in all after the 0, and it must have
  been written with a 0 or 62 prefix (a bare "71792345" is too ambiguous).
- "-", "0", zeros, or text without digits mean no number (not a problem).
- A part that holds digits but is not a valid number ("0812xxx") is dropped from `phones`
  and flags the cell as PHONE_INVALID.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

import polars as pl

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

__all__ = [
    "normalize_phones",
    "add_phone_columns",
    "add_phone_invalid_column",
    "phone_stages",
    "PHONE_MESSAGE",
    "MAX_NUMBERS",
]

PHONE_MESSAGE = (
    "Nomor telepon tidak valid (harus diawali 08, 62 atau +62; seluler 10–13 angka)",
    "Phone number not valid (must start with 08, 62 or +62; mobile 10–13 digits)",
)

_LABELS = r"\b(?:hp|wa|telp|tlp|telepon|tel|phone|mobile|no|nomor)\b\.?\s*:?"
_SEPARATORS = r"[/,;|&\n]|\batau\b|\bdan\b|\bor\b"
_TWO_RUNS = r"([0-9]{9,})\s+(\+?[0-9]{9,})"
_MISSING = r"^[\s\-0.]*$"


MAX_NUMBERS = 4  # per cell; a fifth and later number stay glued to the fourth (flagged)


def _e164_of_part(part: pl.Expr) -> pl.Expr:
    """One candidate string -> '+62...' or null."""
    d = part.str.replace_all(r"[^0-9]", "")
    national = d.str.replace(r"^(?:00)?62", "").str.replace(r"^0+", "")
    mobile = national.str.contains(r"^8[0-9]{8,11}$")
    landline = d.str.contains(r"^(?:0|62)") & national.str.contains(r"^[2-79][0-9]{6,9}$")
    return pl.when(mobile | landline).then(pl.lit("+62") + national)


def _split_text(col: str) -> pl.Expr:
    """The cell with every separator written as "|"."""
    text = pl.col(col).cast(pl.Utf8).str.to_lowercase().str.replace_all(_LABELS, "|")
    # Applied twice: replace_all does not see overlapping matches ("a b c").
    text = text.str.replace_all(_TWO_RUNS, "${1}|${2}").str.replace_all(_TWO_RUNS, "${1}|${2}")
    return text.str.replace_all(_SEPARATORS, "|")


@cache
def _part_stages(col: str) -> list[list[pl.Expr]]:
    """Temporaries `_p_part{i}` (text of the i-th part) and `_p_e164_{i}` (its number).

    Fixed-width struct fields instead of lists: plain string kernels are several times
    faster than list evaluation at a million rows, and cells rarely hold more than two.
    """
    parts = _split_text(col).str.splitn("|", MAX_NUMBERS)
    first = [parts.struct.field(f"field_{i}").alias(f"_p_part{i}") for i in range(MAX_NUMBERS)]
    second = [
        _e164_of_part(pl.col(f"_p_part{i}")).alias(f"_p_e164_{i}") for i in range(MAX_NUMBERS)
    ]
    return [first, second]


def _missing(col: str) -> pl.Expr:
    return pl.col(col).is_null() | pl.col(col).str.contains(_MISSING)


@cache
def phone_stages(col: str = "phone") -> list[list[pl.Expr]]:
    """Stages adding `phones` (every valid number, E.164, in cell order, unique) and
    `phone_e164` (the first), plus `_p_*` temporaries. Built once per process and column
    (shared lists: do not modify)."""
    numbers = pl.concat_list([f"_p_e164_{i}" for i in range(MAX_NUMBERS)])
    numbers = numbers.list.drop_nulls().list.unique(maintain_order=True)
    phones = pl.col("_p_list")
    return [
        *_part_stages(col),
        [numbers.alias("_p_list")],
        [
            pl.when(_missing(col) | (phones.list.len() == 0))
            .then(None)
            .otherwise(phones)
            .alias("phones"),
            pl.coalesce(f"_p_e164_{i}" for i in range(MAX_NUMBERS)).alias("phone_e164"),
        ],
    ]


def add_phone_columns(frame: FrameT, col: str = "phone") -> FrameT:
    """Add `phones` and `phone_e164` to a (Lazy)DataFrame; row order is kept."""
    for stage in phone_stages(col):
        frame = frame.with_columns(stage)
    return frame.drop([c for c in frame.collect_schema().names() if c.startswith("_p_")])


def add_phone_invalid_column(frame: FrameT, col: str = "phone") -> FrameT:
    """Add `phone_invalid`: the cell holds digits that are not a valid number."""
    stages = _part_stages(col)
    for stage in stages:
        frame = frame.with_columns(stage)
    bad = pl.any_horizontal(
        pl.col(f"_p_part{i}").str.contains(r"[0-9]") & pl.col(f"_p_e164_{i}").is_null()
        for i in range(MAX_NUMBERS)
    )
    frame = frame.with_columns((~_missing(col) & bad.fill_null(False)).alias("phone_invalid"))
    return frame.drop([c for c in frame.collect_schema().names() if c.startswith("_p_")])


def normalize_phones(value: str | None) -> list[str]:
    """Every valid number in a cell as E.164, in order, without repeats.

    >>> normalize_phones("0812-3456-7890 / 0813 111 2222")
    ['+6281234567890', '+628131112222']
    """
    frame = pl.DataFrame({"phone": [value]}, schema={"phone": pl.Utf8}).lazy()
    phones = add_phone_columns(frame).select("phones").collect().item()
    return list(phones) if phones is not None else []
