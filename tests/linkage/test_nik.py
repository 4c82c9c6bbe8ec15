"""NIK parsing: validity, Excel damage, derived birth date/sex/region, messages."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.nik import add_nik_columns, add_nik_problem_columns, parse_nik

PROVINCES = ["11", "19", "31", "32", "33", "51", "73", "91", "96"]
THIS_YEAR = date.today().year
# The first call loads the region tables (~0.3 s); later calls take a few milliseconds.
QUICK = examples(60)


@st.composite
def valid_niks(draw: st.DrawFn) -> tuple[str, date, str]:
    """A NIK that must be valid, with the birth date and sex it encodes."""
    province = draw(st.sampled_from(PROVINCES))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    born = draw(st.dates(date(THIS_YEAR - 99, 1, 1), date(THIS_YEAR - 17, 12, 31)))
    sex = draw(st.sampled_from(["L", "P"]))
    serial = draw(st.integers(1, 9999))
    day = born.day + (40 if sex == "P" else 0)
    nik = (
        f"{province}{regency:02d}{district:02d}{day:02d}{born.month:02d}"
        f"{born.year % 100:02d}{serial:04d}"
    )
    return nik, born, sex


@st.composite
def noisy(draw: st.DrawFn, nik: str) -> str:
    """The same NIK as officers type it: grouped, dotted, quoted, prefixed."""
    sep = draw(st.sampled_from(["", " ", ".", "-"]))
    groups = [nik[0:2], nik[2:4], nik[4:6], nik[6:12], nik[12:16]]
    body = sep.join(groups) if draw(st.booleans()) else nik
    prefix = draw(st.sampled_from(["", "'", "`", "NIK: ", "nik ", '"', "No. NIK "]))
    suffix = '"' if prefix == '"' else ""
    pad = draw(st.sampled_from(["", " ", "  "]))
    return f"{pad}{prefix}{body}{suffix}{pad}"


@QUICK
@given(st.data())
def test_any_valid_nik_survives_formatting_noise(data: st.DataObject) -> None:
    nik, born, sex = data.draw(valid_niks())
    info = parse_nik(data.draw(noisy(nik)))
    assert info.status == "valid"
    assert info.full == nik
    assert info.nik15 == nik[:15]
    assert info.region == nik[:6]
    assert info.problem_code is None


@QUICK
@given(valid_niks())
def test_it_derives_birth_date_and_sex_with_forty_added_for_women(case) -> None:
    nik, born, sex = case
    info = parse_nik(nik)
    assert info.birth_date == born
    assert info.sex == sex


@QUICK
@given(valid_niks())
def test_a_numeric_cell_that_lost_its_last_digit_still_matches_on_nik15(case) -> None:
    nik = case[0]
    damaged = nik[:15] + "0"
    info = parse_nik(damaged, from_number=True)
    assert info.status == "damaged"
    assert info.full is None
    assert info.nik15 == nik[:15]
    assert info.problem_code == "NIK_DAMAGED"


def test_a_woman_born_on_the_5th_has_45_in_her_nik() -> None:
    info = parse_nik("3271024501900003")
    assert (info.status, info.sex, info.birth_date) == ("valid", "P", date(1990, 1, 5))


def test_it_picks_the_century_that_makes_the_owner_an_adult() -> None:
    assert parse_nik("3271021501050003").birth_date == date(2005, 1, 15)
    ten_years_old = parse_nik(f"3271021501{(THIS_YEAR - 10) % 100:02d}0003")
    assert ten_years_old.birth_date.year == THIS_YEAR - 110


def test_it_recovers_a_nik_written_in_scientific_notation_as_damaged() -> None:
    for text in ("3.27102E+15", "3,27102E+15", "3.27102e15"):
        info = parse_nik(text)
        assert info.status == "damaged", text
        assert info.digits == "3271020000000000"
        # Only 6 digits survived: nothing is safe to compare.
        assert info.nik15 is None and info.birth_date is None


def test_scientific_notation_with_fifteen_significant_digits_keeps_nik15() -> None:
    info = parse_nik("3.27102450190000E+15")
    assert info.status == "damaged"
    assert info.nik15 == "327102450190000"
    assert info.sex == "P"


def test_a_trailing_dot_zero_marks_the_cell_numeric() -> None:
    assert parse_nik("3271024501900003.0").status == "valid"
    info = parse_nik("3271024501900010.0")
    assert (info.status, info.digits, info.nik15) == (
        "damaged",
        "3271024501900010",
        "327102450190001",
    )


def test_without_a_numeric_hint_a_nik_ending_in_zero_is_valid() -> None:
    assert parse_nik("3271024501900010").status == "valid"
    assert parse_nik("3271024501900010", from_number=True).status == "damaged"


def test_serial_0000_cannot_be_issued_so_it_is_damage() -> None:
    info = parse_nik("3271024501900000")
    assert info.status == "damaged" and info.nik15 == "327102450190000"


def test_fifteen_digits_means_a_lost_digit() -> None:
    info = parse_nik("327102450190000")
    assert info.status == "damaged" and info.nik15 == "327102450190000"


@pytest.mark.parametrize(
    "value", [None, "", " ", "-", "--", "0", "0000000000000000", "tidak ada", "Belum ada", "'-"]
)
def test_empty_like_cells_are_missing(value: str | None) -> None:
    info = parse_nik(value)
    assert info.status == "missing"
    assert info.problem_code == "NIK_MISSING"
    assert info.digits is None


@pytest.mark.parametrize(
    ("value", "reason_id", "reason_en"),
    [
        ("9971024501900003", "provinsi 99", "province code 99"),
        ("3271023201900003", "Tanggal lahir", "Birth date"),
        ("3271020113900003", "Tanggal lahir", "Birth date"),  # 13th month
        ("3200024501900003", "00", "00"),
        ("12345", "16 angka, tertulis 5", "found 5"),
        ("3271O24501900003", "huruf", "letters"),
        ("3.27102E+12", "notasi ilmiah", "scientific"),
    ],
)
def test_invalid_niks_say_why_in_both_languages(value: str, reason_id: str, reason_en: str) -> None:
    info = parse_nik(value)
    assert info.status == "invalid"
    assert info.full is None and info.nik15 is None and info.sex is None
    assert info.problem_code == "NIK_INVALID"
    assert reason_id in info.message_id
    assert reason_en in info.message_en


def test_a_region_split_since_registration_is_still_valid() -> None:
    # Province 32 exists; regency 99 does not (yet a NIK keeps its first code).
    assert parse_nik("3299014501900003").status == "valid"


def test_a_nik_equal_to_the_kk_of_its_row_is_flagged_kk() -> None:
    df = pl.DataFrame(
        {
            "nik": ["3271024501900003", "3271024501900003", None],
            "kk": ["3271024501900003", "3271020101150009", "3271020101150009"],
        }
    )
    out = add_nik_problem_columns(add_nik_columns(df, "nik", kk_col="kk"))
    assert out["nik_status"].to_list() == ["kk", "valid", "missing"]
    assert out["nik_full"].to_list() == [None, "3271024501900003", None]
    assert out["nik_problem"].to_list() == ["NIK_IS_KK", None, "NIK_MISSING"]


def test_the_numeric_hint_is_read_per_row() -> None:
    df = pl.DataFrame({"nik": ["3271024501900010", "3271024501900010"], "numeric": [True, False]})
    out = add_nik_columns(df, "nik", pl.col("numeric"))
    assert out["nik_status"].to_list() == ["damaged", "valid"]


def test_damaged_message_names_excel_in_both_languages() -> None:
    info = parse_nik("3.27102E+15")
    assert "Excel" in info.message_id and "pembayaran" in info.message_id
    assert "Excel" in info.message_en and "payment" in info.message_en
