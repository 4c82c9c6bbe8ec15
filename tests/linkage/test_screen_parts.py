"""The small parts of screening: dates and periods, the date column, categories, the
blocking-key pre-filter, aid-kind compatibility, names, and the spreadsheet writer."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.model.link import exact_pairs, prefilter
from sinergi.linkage.screen.dates import parse_date_arg, parse_period, parse_period_expr
from sinergi.linkage.screen.pipeline import find_date_column, parse_category
from sinergi.linkage.screen.refs import relaxed_spec, with_kind_compatibility
from sinergi.linkage.screen.xlsx import column_letter, write_workbook


@pytest.mark.parametrize(
    ("cell", "first", "last"),
    [
        ("2021-08-14", date(2021, 8, 14), date(2021, 8, 14)),
        ("14/08/2021", date(2021, 8, 14), date(2021, 8, 14)),
        ("14 Agustus 2021", date(2021, 8, 14), date(2021, 8, 14)),
        ("Agustus 2021", date(2021, 8, 1), date(2021, 8, 31)),
        ("02/2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("44422", date(2021, 8, 14), date(2021, 8, 14)),
        ("belum cair", None, None),
        (None, None, None),
    ],
)
def test_it_reads_a_payment_date_as_a_day_month_or_year(cell, first, last):
    assert parse_period(cell) == (first, last)


@examples(40)
@given(st.lists(st.one_of(st.text(max_size=30), st.dates().map(str)), min_size=1, max_size=40))
def test_a_period_cell_never_raises_and_never_ends_before_it_starts(texts):
    # A whole column at once: that is how the pipeline reads it (one plan per column).
    lo, hi = parse_period_expr(pl.col("v"))
    out = pl.DataFrame({"v": texts}, schema={"v": pl.Utf8}).select(lo.alias("lo"), hi.alias("hi"))
    assert (out["lo"].is_null() == out["hi"].is_null()).all()
    assert out.filter(pl.col("lo") > pl.col("hi")).height == 0


def test_period_arguments_take_iso_or_day_first_dates_and_refuse_others():
    assert parse_date_arg("2021-01-31") == date(2021, 1, 31)
    assert parse_date_arg("31/01/2021") == date(2021, 1, 31)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date_arg("kemarin")


def test_the_date_column_is_the_payment_date_never_the_birth_date():
    assert find_date_column(["NIP", "Tanggal Lahir", "Tgl. Cair", "Bank"]) == "Tgl. Cair"
    assert find_date_column(["TAHUN"]) == "TAHUN"
    assert find_date_column(["Tempat/Tgl Lahir", "Bank"]) is None


def test_a_category_becomes_a_reason_suffix_or_is_refused():
    assert parse_category(" ASN ") == "asn"
    assert parse_category("pkh-2021") == "pkh_2021"
    with pytest.raises(ValueError):
        parse_category("a sn")


def test_the_prefilter_keeps_exactly_the_rows_that_share_a_rules_values():
    spec = {"blocking_rules": [["blk_nik"], ["name_phonetic", "regency_code"]]}
    left = pl.DataFrame(
        {"blk_nik": ["1", None], "name_phonetic": ["siti", "budi"], "regency_code": ["32", "33"]}
    )
    right = pl.DataFrame(
        {
            "blk_nik": ["1", "2", None, None],
            "name_phonetic": ["x", "budi", "budi", "budi"],
            "regency_code": ["99", "33", None, "34"],
        }
    )
    assert prefilter(left, right, spec).to_list() == [True, True, False, False]


def test_exact_pairs_join_only_non_null_keys():
    left = pl.DataFrame({"unique_id": [0, 1], "nik_full": ["3201", None]})
    right = pl.DataFrame({"unique_id": [10, 11], "nik_full": ["3201", None]})
    assert exact_pairs(left, right).rows() == [(0, 10)]


def test_the_relaxed_first_pass_widens_village_to_regency_and_drops_bare_names():
    spec = {
        "blocking_rules": [
            ["blk_nik"],
            ["name_first", "village_code"],
            ["street", "house_number", "village_code"],
            ["business_key", "district_code"],
        ]
    }
    assert relaxed_spec(spec)["blocking_rules"] == [
        ["blk_nik"],
        ["street", "house_number", "regency_code"],
        ["business_key", "regency_code"],
    ]


def test_received_rows_count_only_for_the_same_or_an_unknown_aid_kind():
    pairs = pl.DataFrame(
        {
            "unique_id_l": [0, 0, 0, 1],
            "unique_id_r": [10, 11, 12, 10],
            "role": ["received", "received", "exclude:asn", "received"],
        }
    )
    proposed = pl.DataFrame({"unique_id": [0, 1], "aid_kind_clean": ["bpum", None]})
    refs = pl.DataFrame({"unique_id": [10, 11, 12], "aid_kind_clean": ["bpum", "hibah", "x"]})
    per_kind = with_kind_compatibility(pairs, proposed, refs, per_kind=True)
    assert per_kind["compatible"].to_list() == [True, False, True, True]
    any_kind = with_kind_compatibility(pairs, proposed, refs, per_kind=False)
    assert any_kind["compatible"].all()


def test_clearly_different_names_are_not_mere_typos():
    from sinergi.linkage.screen.names import clearly_different_names

    people = pl.DataFrame(
        {
            "unique_id": [0, 1, 2],
            "name_key": ["kokom", "kpkon", "budi santoso"],
            "name_phonetic": ["kokom", "kpkon", "budi santoso"],
        }
    )
    pairs = pl.DataFrame({"unique_id_l": [0, 0], "unique_id_r": [1, 2]})
    assert clearly_different_names(pairs, people, people).to_list() == [False, True]


@given(st.integers(min_value=0, max_value=5000))
def test_column_letters_count_like_a_spreadsheet(i):
    letters = column_letter(i)
    value = 0
    for ch in letters:
        value = value * 26 + (ord(ch) - 64)
    assert value - 1 == i


def test_the_spreadsheet_keeps_text_exactly_and_numbers_as_numbers(tmp_path):
    from openpyxl import load_workbook

    frame = pl.DataFrame(
        {
            "nik": ["3271024501900003", "<&>\x01 x", None],
            "amount": [2_400_000, None, 5],
            "p": [0.98765, 1.0, None],
        }
    )
    layout = [("nik", "NIK", 20), ("amount", "Nominal", 12), ("p", "Peluang", 8)]
    path = tmp_path / "t.xlsx"
    write_workbook(path, [("Temuan", frame, layout)], text={"nik"})
    ws = load_workbook(path)["Temuan"]
    assert [c.value for c in ws[1]] == ["NIK", "Nominal", "Peluang"]
    assert ws["A2"].value == "3271024501900003" and ws["A2"].number_format == "@"
    assert ws["A3"].value == "<&> x"
    assert ws["B2"].value == 2_400_000 and ws["A4"].value is None
    assert ws["C2"].value == pytest.approx(0.98765)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C4"
