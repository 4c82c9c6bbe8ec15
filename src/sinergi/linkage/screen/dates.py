"""Reading payment dates and periods in received lists, and the screening period.

Received lists say when aid was paid in many ways: "2020-08-14", "14/08/2020",
"14-08-2020", "14 Agustus 2020", "Agustus 2020", "08/2020", "2020", or an Excel serial
day number read as text ("44057"). Each cell becomes a range of days (a day, a month or
a year) so that "does this payment fall in the screening period?" is an overlap test.

Invariants: never raises on a cell; an unreadable cell gives (null, null).
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip
_EXCEL_EPOCH = date(1899, 12, 30)


def _months_to_numbers(text: pl.Expr) -> pl.Expr:
    """'14 Agustus 2020' -> '14-08-2020'; 'Agustus 2020' -> '08-2020'."""
    s = text.str.to_lowercase().str.strip_chars()
    for name in sorted(MONTHS, key=len, reverse=True):
        s = s.str.replace(rf"\b{name}\b\.?", f"-{MONTHS[name]:02d}-")
    return s.str.replace_all(r"\s*-\s*", "-").str.replace_all(r"-+", "-").str.strip_chars("-")


def parse_period_expr(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(first day, last day) of the date or period in each cell; null when unreadable."""
    s = _months_to_numbers(col.cast(pl.Utf8)).str.replace_all(r"[./\s]", "-")
    s = s.str.replace(r"T.*$|-\d{1,2}:\d{2}.*$", "")
    day_first = s.str.to_date("%d-%m-%Y", strict=False)
    iso = s.str.to_date("%Y-%m-%d", strict=False)
    serial = (
        pl.when(s.str.contains(r"^\d{5}$"))
        .then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=s.cast(pl.Int64, strict=False)))
        .cast(pl.Date)
    )
    day = pl.coalesce(iso, day_first, serial)
    month = pl.coalesce(
        ("01-" + s).str.to_date("%d-%m-%Y", strict=False),
        (s + "-01").str.to_date("%Y-%m-%d", strict=False),
    )
    year = pl.when(s.str.contains(r"^(19|20)\d{2}$")).then(
        (s + "-01-01").str.to_date("%Y-%m-%d", strict=False)
    )
    start = pl.coalesce(day, month, year)
    end = pl.coalesce(
        day,
        month.dt.month_end(),
        year.dt.offset_by("1y").dt.offset_by("-1d"),
    )
    return start, end


def parse_period(value: str | None) -> tuple[date | None, date | None]:
    """Scalar form of `parse_period_expr`, for tests and the web forms."""
    lo, hi = parse_period_expr(pl.col("v"))
    row = pl.DataFrame({"v": [value]}, schema={"v": pl.Utf8}).select(lo.alias("lo"), hi.alias("hi"))
    return row["lo"][0], row["hi"][0]


_ARG_FORMATS = (
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$"), "%d-%m-%Y"),
)


def parse_date_arg(text: str) -> date:
    """A --period-from/--period-to value: YYYY-MM-DD or DD-MM-YYYY. Raises ValueError."""
    from datetime import datetime

    t = text.strip()
    for pattern, fmt in _ARG_FORMATS:
        if pattern.match(t):
            return datetime.strptime(re.sub(r"[/.]", "-", t), fmt).date()
    raise ValueError(
        f"tanggal {text!r} tidak dikenali (gunakan TTTT-BB-HH) / date {text!r} not "
        "recognised (use YYYY-MM-DD)"
    )


__all__ = ["parse_period_expr", "parse_period", "parse_date_arg"]
