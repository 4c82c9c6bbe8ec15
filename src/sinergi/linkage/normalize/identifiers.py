"""NIB, NPWP, e-mail, amount in rupiah, birth date, sex, sector (KBLI 2020), aid kind.

One implementation: polars expression stages (`identifier_stages`), run once per distinct
cell value in `add_identifier_columns`; the scalar functions evaluate them on a one-row
frame. A cell that holds something (see `present_expr`) but yields no clean value is a
problem (NIB_INVALID, NPWP_INVALID, EMAIL_INVALID, AMOUNT_INVALID, DATE_INVALID,
SEX_INVALID); the raw value is never altered.

- NIB: 13 digits, no public check digit. Separators, quotes and a trailing ".0" go.
- NPWP: 15 digits (old form ST.sss.sss.C-OOO.BBB) whose 9th digit is a Luhn (mod 10) check
  digit over the first 8. The rule is not published by DJP; it is what python-stdnum
  (stdnum.id.npwp) and Perl Business::ID::NPWP implement and it holds for their public
  examples (01.312.166.0-091.000, 02.183.241.5-000.000). 16 digits: the NIK-based NPWP
  of residents (since 2024) or "0" + an old NPWP, whose Luhn digit is then checked.
- E-mail: folded, first address in the cell, basic shape check.
- Amount: "Rp 2.400.000", "2.400.000,00", "2,400,000.00", "2400000", "2,4 jt", "2.5 juta",
  "750 rb", "1,2 M"/"miliar" -> whole rupiah (Int64, rounded). A dot or comma followed by
  exactly three digits groups thousands; otherwise it is the decimal separator.
- Birth date: DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD (with or without a time),
  Indonesian or English month names ("12 Januari 1980", "12-Jan-80" is not accepted:
  two-digit years are ambiguous), Excel serial numbers (1–60000 days after 1899-12-30);
  month/day order is tried only when day/month fails. Must lie in 1900..today.
- Sex: L, Lk, Laki-laki, Pria, M, Male -> L; P, Pr, Perempuan, Wanita, W, F, Female -> P.
- Sector: a 5-digit KBLI 2020 kelompok code anywhere in the cell (only codes in the
  shipped table count) -> sector_code; the text without the code -> sector_clean.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache, lru_cache
from importlib import resources

import polars as pl

from sinergi.linkage.normalize.names import SPACES, fold_expr, on_distinct

__all__ = [
    "present_expr",
    "identifier_stages",
    "add_identifier_columns",
    "normalize_nib",
    "normalize_npwp",
    "normalize_email",
    "parse_amount",
    "parse_birth_date",
    "normalize_sex",
    "normalize_sector",
    "kbli_codes",
]

_MISSING_WORDS = (
    "tidak ada|belum ada|tidak punya|belum punya|tidak tahu|tdk ada|blm ada|n/a|na|null|"
    "none|nan|kosong|nihil|-"
)
_QUOTES = r"^[\s'`\"\u2018\u2019\u201c\u201d]+|[\s'`\"\u2018\u2019\u201c\u201d]+$"

_MONTHS = {
    "01": "januari|jan|january",
    "02": "februari|pebruari|feb|february",
    "03": "maret|mar|march",
    "04": "april|apr",
    "05": "mei|may",
    "06": "juni|jun|june",
    "07": "juli|jul|july",
    "08": "agustus|agu|agt|ags|aug|august",
    "09": "september|sep|sept|sepember",
    "10": "oktober|okt|oct|october",
    "11": "november|nopember|nov|nop",
    "12": "desember|des|dec|december",
}
_SEX = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "lakilaki": "L",
    "pria": "L", "m": "L", "male": "L", "cowok": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "w": "P", "f": "P", "female": "P",
    "cewek": "P", "2": "P",
}  # fmt: skip
_EXCEL_EPOCH = date(1899, 12, 30)


@cache
def kbli_codes() -> tuple[str, ...]:
    """KBLI 2020 kelompok (5-digit) codes from the shipped table."""
    path = resources.files("sinergi.data.kbli").joinpath("kbli2020_kelompok.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(row["kode"] for row in csv.DictReader(fh))


def _present_by_folding(raw: pl.Expr) -> pl.Expr:
    """The definition of `present_expr`, on the folded text (costly: NFKC, case, spaces)."""
    f = fold_expr(raw)
    empty = f.str.contains(r"^[\s\-0.]*$") | f.str.contains(rf"^(?:{_MISSING_WORDS})$")
    return raw.is_not_null() & ~empty.fill_null(True)


# On ASCII text folding only lower-cases and collapses whitespace, so one case-blind regex
# on the raw cell decides the same; it runs at a few times the speed of `fold_expr`.
_ASCII_EMPTY = (
    r"(?i)^\s*(?:[\s\-0.]*|"
    + "|".join(w.replace(" ", r"\s+") for w in _MISSING_WORDS.split("|"))
    + r")\s*$"
)


def present_expr(raw: pl.Expr) -> pl.Expr:
    """True when a cell holds something: not null, not blank, not "-", "0", "tidak ada".

    Invariant: equal to `_present_by_folding` (tested); only non-ASCII cells are folded.
    """
    text = raw.cast(pl.Utf8)
    other = pl.when(text.str.contains(r"[^\x00-\x7f]")).then(text)
    ascii_present = text.is_not_null() & ~text.str.contains(_ASCII_EMPTY).fill_null(True)
    return pl.when(other.is_not_null()).then(_present_by_folding(other)).otherwise(ascii_present)


def _digits_only(raw: pl.Expr) -> pl.Expr:
    s = raw.cast(pl.Utf8).str.replace_all(_QUOTES, "").str.replace(r"^([0-9]+)[.,]0+$", "${1}")
    return s.str.replace_all(r"[\s.\-_/]", "")


def _luhn_ok(d: pl.Expr, start: int) -> pl.Expr:
    """Luhn check of the 9 digits d[start:start+9] (check digit last, weight 1)."""
    total = pl.lit(0)
    for i in range(9):
        x = d.str.slice(start + i, 1).cast(pl.Int32, strict=False)
        if i % 2 == 1:
            x = pl.when(x * 2 > 9).then(x * 2 - 9).otherwise(x * 2)
        total = total + x
    return (total % 10) == 0


def _amount_stages(col: str) -> list[list[pl.Expr]]:
    s = pl.col("_m_s")
    num = pl.col("_m_num")
    mult = (
        pl.when(s.str.contains(r"(?:ribu|rb|k)$"))
        .then(pl.lit(1_000.0))
        .when(s.str.contains(r"(?:juta|jt)$"))
        .then(pl.lit(1_000_000.0))
        .when(s.str.contains(r"(?:miliar|milyar|mlyr|m)$"))
        .then(pl.lit(1_000_000_000.0))
        .otherwise(pl.lit(1.0))
    )
    text = (
        pl.when(num.str.contains(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$"))
        .then(num.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(num.str.contains(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$"))
        .then(num.str.replace_all(",", ""))
        .when(num.str.contains(r"^[0-9]+(?:[.,][0-9]+)?$"))
        .then(num.str.replace(",", "."))
    )
    value = pl.col("_m_value")
    return [
        [fold_expr(pl.col(col)).str.replace_all(r"(?:rp|idr)\.?|[,.]-$|\s", "").alias("_m_s")],
        [
            s.str.replace(r"(?:ribu|rb|k|juta|jt|miliar|milyar|mlyr|m)$", "").alias("_m_num"),
            mult.alias("_m_mult"),
        ],
        [(text.cast(pl.Float64, strict=False) * pl.col("_m_mult")).alias("_m_value")],
        [
            pl.when(value.is_not_null() & (value < 1e15))
            .then(value.round(0).cast(pl.Int64))
            .alias("amount_idr")
        ],
    ]


def _birth_date_stages(col: str, today: date) -> list[list[pl.Expr]]:
    s = fold_expr(pl.col(col)).str.replace(
        r"[ t][0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:\.[0-9]+)?$", ""
    )
    for number, names in _MONTHS.items():
        s = s.str.replace(rf"\b(?:{names})\b\.?", f" {number} ")
    s = s.str.replace_all(r"[\s/.,\-]+", "-").str.strip_chars("-")
    d = pl.col("_d_s")
    serial = d.str.replace(r"-0+$", "")
    serial_n = pl.col("_d_serial")
    from_serial = pl.when((serial_n >= 1) & (serial_n <= 60000)).then(
        pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial_n)
    )
    parsed = pl.col("_d_parsed")
    ok = (parsed >= date(1900, 1, 1)) & (parsed <= today)
    full_year = d.str.contains(r"(?:^[0-9]{4}-|-[0-9]{4}$)") | serial_n.is_not_null()
    return [
        [s.alias("_d_s")],
        [
            pl.when(serial.str.contains(r"^[0-9]{1,5}$"))
            .then(serial.cast(pl.Int64, strict=False))
            .alias("_d_serial")
        ],
        [
            pl.coalesce(
                d.str.to_date("%d-%m-%Y", strict=False),
                d.str.to_date("%Y-%m-%d", strict=False),
                d.str.to_date("%m-%d-%Y", strict=False),
                from_serial.cast(pl.Date),
            ).alias("_d_parsed")
        ],
        [pl.when(ok & full_year).then(parsed).alias("birth_date_clean")],
    ]


def _sector_stages(col: str) -> list[list[pl.Expr]]:
    sector = pl.col("_k_s")
    code = sector.str.extract(r"(?:^|\D)([0-9]{5})(?:\D|$)", 1)
    text = pl.col("_k_text")
    return [
        [fold_expr(pl.col(col)).alias("_k_s")],
        [
            pl.when(code.is_in(list(kbli_codes()))).then(code).alias("sector_code"),
            sector.str.replace(r"\b(?:kbli(?:\s*2020)?\s*:?)", "")
            .str.replace(r"[0-9]{5}", "")
            .str.replace_all(r"[^\w\s]+|_", " ")
            .str.replace_all(SPACES, " ")
            .str.strip_chars()
            .alias("_k_text"),
        ],
        [pl.when(text.str.contains(r"[a-z]")).then(text).alias("sector_clean")],
    ]


def _npwp_stages(col: str) -> list[list[pl.Expr]]:
    d = pl.col("_w_d")
    ok = ((d.str.len_chars() == 15) & _luhn_ok(d, 0)) | (
        (d.str.len_chars() == 16) & (~d.str.starts_with("0") | _luhn_ok(d, 1))
    )
    return [
        [_digits_only(pl.col(col)).alias("_w_d")],
        [
            pl.when(d.str.contains(r"^[0-9]{15,16}$") & ok.fill_null(False))
            .then(d)
            .alias("npwp_clean")
        ],
    ]


# input column -> (stages, outputs). Each is computed once per distinct cell value.
def identifier_stages() -> dict[str, tuple[list[list[pl.Expr]], tuple[str, ...]]]:
    """Per input column: the expression stages and the NORMALISED columns they produce.

    Built once per process and day (a birth date must not lie after today): shared, do
    not modify."""
    return _identifier_stages(date.today())


@lru_cache(maxsize=4)  # keyed by day: a long-running server keeps a few
def _identifier_stages(today: date) -> dict[str, tuple[list[list[pl.Expr]], tuple[str, ...]]]:
    nib = pl.col("_b_d")
    return {
        "nib": (
            [
                [_digits_only(pl.col("nib")).alias("_b_d")],
                [pl.when(nib.str.contains(r"^[0-9]{13}$")).then(nib).alias("nib_clean")],
            ],
            ("nib_clean",),
        ),
        "npwp": (_npwp_stages("npwp"), ("npwp_clean",)),
        "email": (
            [
                [
                    fold_expr(pl.col("email"))
                    .str.extract(r"([a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,})", 1)
                    .alias("email_clean")
                ]
            ],
            ("email_clean",),
        ),
        "amount": (_amount_stages("amount"), ("amount_idr",)),
        "birth_date": (_birth_date_stages("birth_date", today), ("birth_date_clean",)),
        "sex": (
            [
                [
                    fold_expr(pl.col("sex"))
                    .str.replace(r"\.$", "")
                    .replace_strict(_SEX, default=None, return_dtype=pl.Utf8)
                    .alias("sex_clean")
                ]
            ],
            ("sex_clean",),
        ),
        "sector": (_sector_stages("sector"), ("sector_code", "sector_clean")),
        "aid_kind": (
            [[fold_expr(pl.col("aid_kind")).alias("aid_kind_clean")]],
            ("aid_kind_clean",),
        ),
    }


def add_identifier_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Add nib_clean, npwp_clean, email_clean, amount_idr, birth_date_clean (column only;
    prepare falls back to the NIK), sex_clean (column only), sector_code, sector_clean,
    aid_kind_clean. A missing or all-null input column gives null outputs (what the stages
    give a null cell; tests/linkage/test_identifiers.py), without running them: a form's
    record has most of these empty, and each stage run has a fixed cost."""
    for col, (stages, outputs) in identifier_stages().items():
        if col in frame.columns and frame[col].null_count() < frame.height:
            frame = on_distinct(frame, [col], stages, outputs)
        else:
            frame = frame.with_columns(
                pl.lit(None, _DTYPES.get(o, pl.Utf8)).alias(o) for o in outputs
            )
    return frame


_DTYPES = {"amount_idr": pl.Int64, "birth_date_clean": pl.Date}


def _one(column: str, value: str | None, output: str) -> object:
    stages, _ = identifier_stages()[column]
    lazy = pl.DataFrame({column: [value]}, schema={column: pl.Utf8}).lazy()
    for stage in stages:
        lazy = lazy.with_columns(stage)
    return lazy.select(output).collect().item()


def normalize_nib(value: str | None) -> str | None:
    """13 digits or None."""
    return _one("nib", value, "nib_clean")  # type: ignore[return-value]


def normalize_npwp(value: str | None) -> str | None:
    """15 digits (Luhn-checked) or 16 digits, or None."""
    return _one("npwp", value, "npwp_clean")  # type: ignore[return-value]


def normalize_email(value: str | None) -> str | None:
    return _one("email", value, "email_clean")  # type: ignore[return-value]


def parse_amount(value: str | None) -> int | None:
    """Whole rupiah. >>> parse_amount("Rp 2.400.000") -> 2400000"""
    return _one("amount", value, "amount_idr")  # type: ignore[return-value]


def parse_birth_date(value: str | None) -> date | None:
    return _one("birth_date", value, "birth_date_clean")  # type: ignore[return-value]


def normalize_sex(value: str | None) -> str | None:
    """'L', 'P' or None."""
    return _one("sex", value, "sex_clean")  # type: ignore[return-value]


def normalize_sector(value: str | None) -> tuple[str | None, str | None]:
    """(sector_code, sector_clean)."""
    return (_one("sector", value, "sector_code"), _one("sector", value, "sector_clean"))  # type: ignore[return-value]
