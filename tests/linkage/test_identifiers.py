"""NIB, NPWP, e-mail, rupiah amounts, birth dates, sex, KBLI sector."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.identifiers import (
    add_identifier_columns,
    identifier_stages,
    normalize_email,
    normalize_nib,
    normalize_npwp,
    normalize_sector,
    normalize_sex,
    parse_amount,
    parse_birth_date,
)
from sinergi.linkage.normalize.names import on_distinct

QUICK = examples(60)


def luhn_digit(body: str) -> str:
    """The Luhn check digit for `body` (reference implementation for the property test)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    ("cell", "nib"),
    [("1234567890123", "1234567890123"), ("'1234567890123", "1234567890123"),
     ("1234567890123.0", "1234567890123"), ("1234 5678 90123", "1234567890123"),
     ("12345", None), ("-", None), (None, None)],
)  # fmt: skip
def test_nib_is_thirteen_digits(cell: str | None, nib: str | None) -> None:
    assert normalize_nib(cell) == nib


def test_public_npwp_examples_pass_the_luhn_check() -> None:
    assert normalize_npwp("01.312.166.0-091.000") == "013121660091000"
    assert normalize_npwp("02.183.241.5-000.000") == "021832415000000"
    assert normalize_npwp("016090524017000") == "016090524017000"


def test_an_npwp_with_a_wrong_check_digit_is_rejected() -> None:
    assert normalize_npwp("01.312.166.1-091.000") is None


@QUICK
@given(st.text("0123456789", min_size=8, max_size=8), st.text("0123456789", min_size=6, max_size=6))
def test_any_npwp_with_a_correct_luhn_digit_is_kept(body: str, tail: str) -> None:
    npwp = body + luhn_digit(body) + tail
    assert (
        normalize_npwp(f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}")
        == npwp
    )
    wrong = body + str((int(luhn_digit(body)) + 1) % 10) + tail
    assert normalize_npwp(wrong) is None


def test_a_sixteen_digit_npwp_is_the_nik_form() -> None:
    assert normalize_npwp("3271024501900003") == "3271024501900003"
    assert normalize_npwp("0013121660091000") == "0013121660091000"


@pytest.mark.parametrize(
    ("cell", "email"),
    [(" Budi@Gmail.COM ", "budi@gmail.com"), ("budi@gmail", None), ("-", None),
     ("a@b.co.id; c@d.com", "a@b.co.id")],
)  # fmt: skip
def test_email(cell: str, email: str | None) -> None:
    assert normalize_email(cell) == email


@pytest.mark.parametrize(
    ("cell", "rupiah"),
    [("Rp 2.400.000", 2_400_000), ("2,4 jt", 2_400_000), ("2400000", 2_400_000),
     ("2.400.000,00", 2_400_000), ("2,400,000.00", 2_400_000), ("Rp2.400.000,-", 2_400_000),
     ("750 rb", 750_000), ("1,2 M", 1_200_000_000), ("2.5 juta", 2_500_000),
     ("Rp. 500.000", 500_000), ("IDR 1.000.000", 1_000_000), ("2400000.0", 2_400_000),
     ("abc", None), ("", None)],
)  # fmt: skip
def test_amount_in_rupiah(cell: str, rupiah: int | None) -> None:
    assert parse_amount(cell) == rupiah


@QUICK
@given(st.integers(1, 10**11))
def test_any_rupiah_amount_written_with_dots_reads_back(n: int) -> None:
    assert parse_amount(f"Rp {n:,}".replace(",", ".")) == n
    assert parse_amount(f"{n:,}.00") == n


@pytest.mark.parametrize(
    "cell",
    ["12-01-1980", "12/01/1980", "12.01.1980", "1980-01-12", "1980-01-12 00:00:00",
     "12 Januari 1980", "12 Jan 1980", "12-jan-1980", "29232", "12-1-1980"],
)  # fmt: skip
def test_birth_dates_in_many_formats(cell: str) -> None:
    assert parse_birth_date(cell) == date(1980, 1, 12)


@QUICK
@given(st.dates(date(1920, 1, 1), date(2008, 12, 31)))
def test_excel_serial_numbers_are_days_since_1899_12_30(d: date) -> None:
    assert parse_birth_date(str((d - date(1899, 12, 30)).days)) == d


@pytest.mark.parametrize("cell", ["30-02-1980", "12-01-80", "2099-01-01", "-", "kemarin", None])
def test_impossible_or_ambiguous_birth_dates_are_null(cell: str | None) -> None:
    assert parse_birth_date(cell) is None


def test_a_future_birth_date_is_rejected() -> None:
    assert parse_birth_date((date.today() + timedelta(days=1)).isoformat()) is None


@pytest.mark.parametrize(
    ("cell", "sex"),
    [("L", "L"), ("Laki-laki", "L"), ("LAKI LAKI", "L"), ("Pria", "L"), ("M", "L"), ("l.", "L"),
     ("P", "P"), ("Perempuan", "P"), ("Wanita", "P"), ("F", "P"), ("x", None), (None, None)],
)  # fmt: skip
def test_sex(cell: str | None, sex: str | None) -> None:
    assert normalize_sex(cell) == sex


@pytest.mark.parametrize(
    ("cell", "code", "clean"),
    [("10792", "10792", None), ("KBLI 10792 - Industri Kue", "10792", "industri kue"),
     ("Warung makan", None, "warung makan"), ("99999 lain", None, "lain")],
)  # fmt: skip
def test_sector_code_only_when_it_is_in_kbli_2020(cell: str, code, clean) -> None:
    assert normalize_sector(cell) == (code, clean)


_CELL_PIECES = st.sampled_from(
    ["tidak ada", "TIDAK  ADA", "Belum\tada", "n/a", "NA", "null", "-", "0", ".", " ", "\u00a0",
     "\u3000", "\n", "nihil", "Ｎａ", "ｔｉｄａｋ ａｄａ", "０", "x", "Budi", "\u2019", "\x1c"]
)  # fmt: skip


@examples(300)
@given(st.lists(st.one_of(_CELL_PIECES, st.text(max_size=3)), max_size=5))
def test_presence_on_the_raw_cell_equals_presence_after_folding(pieces):
    import polars as pl

    from sinergi.linkage.normalize.identifiers import _present_by_folding, present_expr

    cells = pl.DataFrame({"c": ["".join(pieces), None]}, schema={"c": pl.Utf8})
    fast = cells.select(present_expr(pl.col("c"))).to_series().to_list()
    assert fast == cells.select(_present_by_folding(pl.col("c"))).to_series().to_list()


def test_every_identifier_stage_gives_null_for_a_null_cell() -> None:
    # add_identifier_columns skips the stages of an all-null column on this ground.
    for col, (stages, outputs) in identifier_stages().items():
        frame = pl.DataFrame({col: [None, None]}, schema={col: pl.Utf8})
        out = on_distinct(frame, [col], stages, outputs).select(outputs)
        assert out.null_count().row(0) == (2,) * len(outputs), col


def test_an_all_null_column_gives_what_an_absent_column_gives() -> None:
    with_nulls = pl.DataFrame(
        {"nib": ["1234567890123"], "email": [None]}, schema_overrides={"email": pl.Utf8}
    )
    absent = with_nulls.drop("email")
    a = add_identifier_columns(with_nulls).drop("email")
    b = add_identifier_columns(absent)
    assert a.equals(b.select(a.columns))
