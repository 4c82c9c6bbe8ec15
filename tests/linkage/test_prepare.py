"""normalise_frame and frame_problems on small inline frames."""

from __future__ import annotations

import importlib.util
from datetime import date

import polars as pl
import pytest

from sinergi.linkage.prepare import detect_numeric_nik_files, frame_problems, normalise_frame
from sinergi.linkage.schema import NORMALISED, PROBLEM_COLUMNS

HAS_RESOLVER = importlib.util.find_spec("sinergi.linkage.normalize.region") is not None


def frame(**columns: list) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "unique_id": list(range(n)),
        "source_file": columns.pop("source_file", ["a.xlsx"] * n),
        "source_row": list(range(1, n + 1)),
    }
    return pl.DataFrame({**base, **columns}, schema_overrides={c: pl.Utf8 for c in columns})


def test_it_adds_every_normalised_column_and_keeps_rows_in_order() -> None:
    df = frame(owner_name=["Budi", "Siti", "Budi"], extra=["a", "b", "c"])
    out = normalise_frame(df)
    assert set(NORMALISED) <= set(out.columns)
    assert out.columns[: len(df.columns)] == df.columns
    assert out["unique_id"].to_list() == [0, 1, 2]
    assert out["extra"].to_list() == ["a", "b", "c"]
    assert out["nik_status"].to_list() == ["missing"] * 3
    assert out["phones"].to_list() == [None] * 3


def test_it_takes_birth_date_and_sex_from_the_nik_when_the_columns_are_empty() -> None:
    df = frame(nik=["3271024501900003", "3271024501900003"], birth_date=[None, "01-02-1991"],
               sex=[None, "L"])  # fmt: skip
    out = normalise_frame(df)
    assert out["birth_date_clean"].to_list() == [date(1990, 1, 5), date(1991, 2, 1)]
    assert out["sex_clean"].to_list() == ["P", "L"]


def test_a_file_whose_niks_mostly_end_in_zero_is_treated_as_numeric() -> None:
    damaged = [f"32710245019{i:04d}0" for i in range(1, 31)]
    fine = [f"32710245019{i:04d}1" for i in range(1, 31)]
    df = frame(nik=damaged + fine, source_file=["numeric.xlsx"] * 30 + ["text.xlsx"] * 30)
    assert detect_numeric_nik_files(df) == {"numeric.xlsx"}
    out = normalise_frame(df)
    assert set(out.filter(pl.col("source_file") == "numeric.xlsx")["nik_status"]) == {"damaged"}
    assert set(out.filter(pl.col("source_file") == "text.xlsx")["nik_status"]) == {"valid"}


def test_a_few_niks_ending_in_zero_do_not_make_a_file_numeric() -> None:
    niks = [f"32710245019{i:04d}{i % 10}" for i in range(1, 41)]
    df = frame(nik=niks)
    assert detect_numeric_nik_files(df) == set()
    assert set(normalise_frame(df)["nik_status"]) == {"valid"}


def test_the_caller_can_name_numeric_files() -> None:
    df = frame(nik=["3271024501900010"])
    assert normalise_frame(df)["nik_status"].item() == "valid"
    assert normalise_frame(df, {"a.xlsx"})["nik_status"].item() == "damaged"


def test_a_nik_equal_to_the_kk_is_status_kk() -> None:
    out = normalise_frame(frame(nik=["3271024501900003"], kk=["3271024501900003"]))
    assert out["nik_status"].item() == "kk"


def test_normalising_twice_gives_the_same_frame() -> None:
    df = frame(owner_name=["Hj. Siti"], nik=["'3271024501900003"], phone=["0812-3456-7890"])
    once = normalise_frame(df)
    assert normalise_frame(once).equals(once)


def codes(problems: pl.DataFrame) -> list[tuple[int, str, str]]:
    return list(zip(problems["row"], problems["column"], problems["code"], strict=True))


def test_problems_name_file_row_column_and_code() -> None:
    df = frame(
        owner_name=["Budi", None, None, "Siti", "Ani"],
        nik=["3.27102E+15", "3271024501900003", None, "12345", "3271024501900003"],
        kk=[None, None, None, None, "3271024501900003"],
        phone=["0812xxx", None, None, "0812-3456-7890", None],
        nib=["123", None, None, None, None],
        birth_date=["31-02-1980", None, None, None, None],
        amount=["banyak", None, None, "Rp 2.400.000", None],
    )
    problems = frame_problems(normalise_frame(df))
    assert problems.columns == list(PROBLEM_COLUMNS)
    assert codes(problems) == [
        (1, "nik", "NIK_DAMAGED"),
        (1, "phone", "PHONE_INVALID"),
        (1, "nib", "NIB_INVALID"),
        (1, "birth_date", "DATE_INVALID"),
        (1, "amount", "AMOUNT_INVALID"),
        (2, "owner_name", "NAME_MISSING"),
        (3, "", "EMPTY_ROW"),
        (4, "nik", "NIK_INVALID"),
        (5, "nik", "NIK_IS_KK"),
    ]
    first = problems.row(0, named=True)
    assert first["file"] == "a.xlsx" and first["value"] == "3.27102E+15"
    assert "Excel" in first["message_id"] and "Excel" in first["message_en"]
    invalid = problems.filter(pl.col("code") == "NIK_INVALID").row(0, named=True)
    assert "16 angka" in invalid["message_id"] and "16 digits" in invalid["message_en"]


def test_nik_problems_only_when_there_is_a_nik_column() -> None:
    problems = frame_problems(normalise_frame(frame(owner_name=["Budi"])))
    assert problems.height == 0


@pytest.mark.skipif(not HAS_RESOLVER, reason="region resolver not installed yet")
def test_regions_are_resolved_and_unknown_names_reported() -> None:
    df = frame(owner_name=["Budi", "Siti"], regency=["Kab. Bogor", "Kabupaten Antah Berantah"])
    out = normalise_frame(df)
    assert out["regency_code"].to_list() == ["3201", None]
    problems = frame_problems(out)
    assert codes(problems) == [(2, "regency", "REGION_UNKNOWN")]
    assert "Antah" in problems["message_id"].item()


PHONE_CELLS = [
    "0812-3456-7890", "0812-3456-7890 / 0812xxx", "0812xxx", "-", "0", "tidak ada", None,
    "HP: 0812 3456 7890 WA: 12345", "081234567890 081311112222", "081234567890 0813",
    "+62 (0) 812 3456 7890", "0812\u00a03456 7890 atau 021-555", "81234567890", "0711 123",
    "Telp 0711-712345 dan 0812", "62812345678901234", "08123456789/08123456789", "abc",
]  # fmt: skip


def test_phone_problems_flag_exactly_the_cells_with_an_invalid_number() -> None:
    from sinergi.linkage.normalize.phone import add_phone_invalid_column

    df = frame(phone=PHONE_CELLS, owner_name=["Budi"] * len(PHONE_CELLS))
    flagged = add_phone_invalid_column(df, "phone")["phone_invalid"].to_list()
    problems = frame_problems(normalise_frame(df)).filter(pl.col("code") == "PHONE_INVALID")
    assert problems["row"].to_list() == [i + 1 for i, bad in enumerate(flagged) if bad]
    assert 2 in problems["row"].to_list() and 1 not in problems["row"].to_list()


def test_given_region_codes_are_kept_and_every_other_column_is_the_default_one() -> None:
    # The registry form and /api/match pass the region pickers' codes; the region steps,
    # which read places from texts, are skipped, and nothing else may change.
    codes = ["province_code", "regency_code", "district_code", "village_code"]
    raw = pl.DataFrame(
        {
            "unique_id": [0, 1, 2],
            "source_file": ["form"] * 3,
            "source_row": [0, 1, 2],
            "owner_name": ["Hj. Siti Aminah", "Budi", None],
            "business_name": ["Warung Bu Siti 0812 3456 7890", None, "Toko Sinar Djaja"],
            "nik": ["1901015507850001", None, "19010155078500"],
            "phone": ["0812-3456-7890", None, "+62 811 222 333"],
            "address": ["Jl. Merdeka No. 5, Kota Pangkalpinang", "Sungailiat", None],
            "rt_rw": ["001/002", None, "3/4"],
            "regency": [None, "Kab. Bangka", None],
            "province_code": ["19", "19", None],
            "regency_code": ["1901", None, None],
            "district_code": ["190101", None, None],
            "village_code": [None, None, None],
        }
    )
    given = normalise_frame(raw, region_codes_given=True)
    default = normalise_frame(raw.drop(codes))
    assert given.select(codes).equals(raw.select(codes))
    region = [*codes, "region_confidence", "region_source", "geo_district_code"]
    assert given.drop(region).equals(default.drop(region))
    assert default["regency_code"][1] == "1901"  # the texts would have placed the row
