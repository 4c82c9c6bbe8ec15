"""The region resolver turns region names as officers type them into Kemendagri codes."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region import (
    exact_in_context,
    find_regions_in_text,
    resolve_district,
    resolve_province,
    resolve_regency,
    resolve_village,
)
from sinergi.linkage.normalize.region_frame import resolve_frame
from sinergi.linkage.normalize.region_tables import load_tables
from sinergi.linkage.normalize.text import fold

VARIANTS = Path(__file__).parent / "data" / "regency_variants.csv"
TABLES = load_tables()
REGENCIES = sorted(TABLES.regencies.values(), key=lambda r: r.code)
BASES = sorted({" ".join(r.name.split()[1:]) for r in REGENCIES})


def _kind(code: str | None) -> str | None:
    return TABLES.regencies[code].kind if code else None


def _stated_kind(text: str) -> str | None:
    kind, _ = rt.split_kind(rt.expand(rt.raw_tokens(text)))
    return kind


# --- shared text helper ------------------------------------------------------------------


def test_fold_unifies_case_apostrophes_and_spaces():
    assert fold("  Pasi Kuala BA\u2019U \t") == "pasi kuala ba'u"
    assert fold("Ma`rang") == fold("Ma'rang") == fold("Ma\u2018rang")


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


# --- the real-world variant table ---------------------------------------------------------


def _variant_rows() -> list[dict[str, str]]:
    with VARIANTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_variant_table_covers_what_officers_write():
    rows = _variant_rows()
    assert len(rows) >= 80
    pairs = {
        r["text"].split()[-1].lower()
        for r in rows
        if r["expected_code"] and _kind(r["expected_code"]) == "kota"
    } & {
        r["text"].split()[-1].lower()
        for r in rows
        if r["expected_code"] and _kind(r["expected_code"]) == "kabupaten"
    }
    assert len(pairs) >= 15, sorted(pairs)
    assert all(r["expected_code"] in TABLES.regencies for r in rows if r["expected_code"])


def test_it_maps_95_percent_of_real_variants_and_never_confuses_kota_with_kabupaten():
    rows = _variant_rows()
    wrong, confusions = [], []
    for row in rows:
        got = resolve_regency(row["text"], row["province_hint"] or None)
        expected = row["expected_code"] or None
        if got.code != expected:
            wrong.append((row["text"], expected, got.code, got.reason))
        stated = _stated_kind(row["text"])
        if got.code and (
            (expected and _kind(got.code) != _kind(expected))
            or (stated and _kind(got.code) != stated)
        ):
            confusions.append((row["text"], got.code))
    assert confusions == []
    assert len(wrong) <= 0.05 * len(rows), wrong


def test_a_bare_name_shared_by_a_kota_and_a_kabupaten_is_ambiguous():
    res = resolve_regency("Semarang")
    assert res.code is None
    assert res.reason == "ambiguous"
    assert set(res.candidates) == {"3322", "3374"}


def test_a_district_in_the_address_decides_an_ambiguous_regency():
    # Ungaran is in Kabupaten Semarang, not in the city.
    frame = pl.DataFrame(
        {"regency": ["Semarang"], "address": ["Jl. Diponegoro, Kec. Ungaran Barat"]}
    )
    out = resolve_frame(frame)
    assert out["regency_code"][0] == "3322"


def test_a_district_column_decides_an_ambiguous_regency():
    out = resolve_frame(pl.DataFrame({"regency": ["Bogor"], "district": ["Cibinong"]}))
    assert out["regency_code"][0] == "3201"
    assert out["district_code"][0].startswith("3201")


# --- fuzzy threshold ---------------------------------------------------------------------


def test_it_forgives_one_typo_with_less_than_full_confidence():
    res = resolve_regency("Bangak")
    assert (res.code, res.reason) == ("1901", "fuzzy")
    assert 0.5 < res.confidence < 1.0


def test_it_forgives_two_typos_only_in_long_names():
    assert resolve_regency("Belitnug Timor").code == "1906"
    assert resolve_regency("Bngak").code is None  # two edits on a six-letter name


def test_a_typo_reading_loses_to_an_exact_name_of_the_other_kind():
    # Kabupaten Badung exists; "Kota Badung" is one letter from Kota Bandung. Do not pick.
    res = resolve_regency("Kota Badung")
    assert res.code is None
    assert set(res.candidates) == {"3273", "5103"}


def test_it_says_unknown_rather_than_guessing_a_short_or_distant_name():
    assert resolve_regency("Bina").reason == "unknown"  # one letter from Bima, too short
    assert resolve_regency("Sumbawa Tmur Laut").code is None
    assert resolve_regency("asdfgh").reason == "unknown"


def test_kab_slash_kota_states_no_kind():
    for text in ("Kab/Kota Bogor", "Kabupaten/Kota Bogor", "Kota/Kab. Bogor"):
        res = resolve_regency(text)
        assert (res.code, res.reason) == (None, "ambiguous"), text


def test_a_province_written_after_the_regency_name_is_a_context():
    assert resolve_regency("Kota Surabaya Jawa Timur").code == "3578"
    assert resolve_regency("Kab. Bogor Jabar").code == "3201"
    assert resolve_regency("Kab. Bangka Tengah Babel").code == "1904"
    assert resolve_regency("Kab. Bangka Jawa Barat").code is None  # Bangka is not in Jabar


def test_an_empty_cell_is_empty_not_unknown():
    for text in (None, "", "   "):
        assert resolve_regency(text).reason == "empty"
        assert resolve_province(text).reason == "empty"


def test_a_pasted_code_resolves():
    assert resolve_regency("19.01").code == "1901"
    assert resolve_district("190101").code == "190101"


# --- provinces, districts, villages --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Babel", "19"),
        ("Kep. Bangka Belitung", "19"),
        ("Prov. Kep. Babel", "19"),
        ("DKI", "31"),
        ("DKI Jakarta", "31"),
        ("Jabar", "32"),
        ("Jateng", "33"),
        ("Jatim", "35"),
        ("DIY", "34"),
        ("D.I. Yogyakarta", "34"),
        ("NTB", "52"),
        ("NTT", "53"),
        ("Sulsel", "73"),
        ("Sumut", "12"),
        ("Sumatra Utara", "12"),
        ("Kaltim", "64"),
        ("BALI", "51"),
        ("Propinsi Jawa Tenga", "33"),
    ],
)
def test_it_resolves_province_names_and_abbreviations(text, code):
    assert resolve_province(text).code == code


def test_it_resolves_district_spellings_with_and_without_context():
    for text in ("Kec. Sungailiat", "Kecamatan Sungai Liat", "SUNGAILIAT", "Kec.Sungai liat"):
        res = resolve_district(text)
        assert res.code == "190101", text
    assert resolve_district("Sungai Liat", regency_code="1901").confidence == 1.0


def test_a_district_name_found_only_outside_its_regency_lowers_confidence():
    res = resolve_district("Sungailiat", regency_code="3201")
    assert res.code == "190101"
    assert res.confidence <= 0.5


def test_a_repeated_district_name_without_context_is_ambiguous():
    res = resolve_district("Kota Baru")
    assert res.code is None and res.reason == "ambiguous" and len(res.candidates) > 1


def test_a_village_resolves_within_its_district():
    res = resolve_village("Kel. Sungailiat", district_code="190101")
    assert res.code == "1901011001"
    assert resolve_village("Desa Sungailiat", regency_code="1901").code == "1901011001"


def test_it_finds_consistent_regions_inside_an_address():
    address = "Jl. Merdeka No. 5 RT 002/RW 005, Kel. Sungailiat, Kec. Sungailiat, Kab. Bangka 33215"
    assert find_regions_in_text(address) == {
        "province": "19",
        "regency": "1901",
        "district": "190101",
        "village": "1901011001",
    }
    assert find_regions_in_text("Jl. Pemuda 12, Kota Semarang") == {
        "province": "33",
        "regency": "3374",
    }
    assert find_regions_in_text("Kel. Sungailiat RT 01 RW 02 Kec. Sungailiat Kode Pos 33215") == {
        "province": "19",
        "regency": "1901",
        "district": "190101",
        "village": "1901011001",
    }
    assert find_regions_in_text("Jl. Kota Baru No. 3, Kec. Kuta Utara") == {
        "province": "51",
        "regency": "5103",
        "district": "510306",
    }
    assert find_regions_in_text("Jl. Pemuda 12") == {}
    assert find_regions_in_text("Jl. Kelapa Gading, Kecil, Dusun Desaku") == {}
    assert find_regions_in_text(None) == {}


# --- properties ----------------------------------------------------------------------------


@examples(200)
@given(st.sampled_from(REGENCIES))
def test_the_official_name_of_any_regency_resolves_to_it_with_full_confidence(region):
    res = resolve_regency(region.name)
    assert (res.code, res.confidence) == (region.code, 1.0)


@examples(200)
@given(st.sampled_from(REGENCIES), st.data())
def test_case_spacing_and_punctuation_do_not_change_the_answer(region, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(region.name), max_size=len(region.name)))
    text = "".join(c.upper() if f else c.lower() for c, f in zip(region.name, flips, strict=True))
    sep = data.draw(st.sampled_from([" ", "  ", " . ", "\t", "-"]))
    text = sep.join(text.split())
    text = (
        data.draw(st.sampled_from(["", " ", "."]))
        + text
        + data.draw(st.sampled_from(["", ".", " "]))
    )
    assert resolve_regency(text) == resolve_regency(region.name)


@examples(300)
@given(st.one_of(st.sampled_from(BASES), st.text(min_size=1, max_size=20)))
def test_kota_text_never_returns_a_kabupaten_and_the_reverse(base):
    # A base that states a kind itself ("Kab. Kota: X" means "either") is another question.
    assume(not {"kota", "kab", "kabupaten", "kodya", "kotamadya"} & set(rt.raw_tokens(base)))
    for prefix, kind in (("Kota ", "kota"), ("Kab. ", "kabupaten"), ("KABUPATEN ", "kabupaten")):
        res = resolve_regency(prefix + base)
        assert res.code is None or _kind(res.code) == kind, (prefix + base, res)


@examples(100)
@given(st.sampled_from(sorted(TABLES.districts.values(), key=lambda r: r.code)))
def test_every_district_resolves_to_itself_within_its_regency(district):
    res = resolve_district(district.name, regency_code=district.parent_code)
    assert (res.code, res.confidence) == (district.code, 1.0)


# --- the frame function ---------------------------------------------------------------------


def test_resolve_frame_adds_codes_and_keeps_rows_in_order():
    frame = pl.DataFrame(
        {
            "province": ["Babel", None, "Jabar", None, None],
            "regency": ["Kab. Bangka", "Kota Semarang", "Bogor", None, "Kab. Bangka"],
            "district": ["Kec. Sungailiat", None, None, None, None],
            "nik": ["1", "2", "3", "4", "5"],
        }
    )
    out = resolve_frame(frame)
    assert out["nik"].to_list() == ["1", "2", "3", "4", "5"]
    assert out["regency_code"].to_list() == ["1901", "3374", None, None, "1901"]
    assert out["district_code"].to_list() == ["190101", None, None, None, None]
    assert out["province_code"].to_list() == ["19", "33", "32", None, "19"]
    assert out["region_confidence"].to_list() == [1.0, 1.0, 1.0, None, 1.0]
    assert out.schema["region_confidence"] == pl.Float64
    assert out.schema["village_code"] == pl.Utf8


def test_resolve_frame_gives_each_repeated_row_the_answer_of_its_own_values():
    values = ["Kab. Bangka", "Kota Semarang", None, "Jaksel", "Badung"]
    expected = {"Kab. Bangka": "1901", "Kota Semarang": "3374", None: None, "Jaksel": "3174"}
    expected["Badung"] = "5103"
    regency = [values[(i * 7) % 5] for i in range(10_000)]
    out = resolve_frame(pl.DataFrame({"regency": regency, "row": range(10_000)}))
    assert out["row"].to_list() == list(range(10_000))
    assert out["regency_code"].to_list() == [expected[v] for v in regency]


def test_resolve_frame_fills_gaps_from_the_address():
    frame = pl.DataFrame(
        {"regency": [None, "Kab. Bangka"], "address": ["Desa Kuta, Kec. Kuta, Kab. Badung", None]}
    )
    out = resolve_frame(frame)
    assert out["district_code"].to_list() == ["510301", None]
    assert out["regency_code"].to_list() == ["5103", "1901"]


def test_resolve_frame_lowers_confidence_when_parents_disagree():
    out = resolve_frame(pl.DataFrame({"province": ["Jawa Barat"], "regency": ["Kab. Bangka"]}))
    assert out["regency_code"][0] == "1901"
    assert out["region_confidence"][0] < 1.0


def test_a_district_elsewhere_never_turns_a_stated_kota_into_a_kabupaten():
    frame = pl.DataFrame(
        {
            "regency": ["Kota Semarang", "Kota Bangka"],
            "district": ["Ungaran Barat", "Sungailiat"],  # both lie in a kabupaten
        }
    )
    out = resolve_frame(frame)
    assert out["regency_code"].to_list() == ["3374", None]
    assert out["district_code"].to_list() == [None, None]
    assert out["region_confidence"][0] <= 0.5


def test_resolve_frame_accepts_a_frame_without_region_columns_or_with_null_columns():
    out = resolve_frame(pl.DataFrame({"nik": ["1"]}))
    assert out.columns == [
        "nik",
        "province_code",
        "regency_code",
        "district_code",
        "village_code",
        "region_confidence",
    ]
    out = resolve_frame(pl.DataFrame({"regency": [None, None]}, schema={"regency": pl.Null}))
    assert out["regency_code"].to_list() == [None, None]


def _osa_full_table(a: str, b: str, limit: int) -> int:
    """The textbook OSA table, every cell computed: the reference for the banded one."""
    d = [[max(i, j) if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1] if d[-1][-1] <= limit else limit + 1


@examples(500)
@given(st.text("abcd", max_size=9), st.text("abcde", max_size=9), st.integers(0, 3))
def test_the_banded_edit_distance_equals_the_full_table(a, b, limit):
    assert rt.osa_distance(a, b, limit) == _osa_full_table(a, b, limit)


_VILLAGE_SAMPLE = sorted(TABLES.villages.values(), key=lambda v: v.code)[::997]


@examples(200)
@given(
    st.sampled_from(_VILLAGE_SAMPLE),
    st.sampled_from(["{}", "Desa {}", "KEL. {}", "{}x", "Kec. {}", "{} 01", "1101012001"]),
    st.sampled_from([10, 6, 4, 2]),
    st.booleans(),
)
def test_the_exact_in_context_shortcut_agrees_with_the_full_resolvers(
    village, template, cut, other_district
):
    text = template.format(village.name)
    district = TABLES.districts[village.parent_code]
    regency_code = district.parent_code
    district_code = "110101" if other_district else village.parent_code
    cases = (
        ("village", district_code, resolve_village(text, district_code, regency_code)),
        ("district", regency_code[:cut], resolve_district(text, regency_code[:cut] or None)),
    )
    for level, prefix, full in cases:
        fast = exact_in_context(level, text, prefix)
        if fast is not None:
            assert full.reason in ("exact", "ambiguous")
            assert (full.code, full.confidence if full.code else 0.0) == fast


def test_a_part_named_as_written_beats_a_part_read_by_spelling():
    # OpenStreetMap `addr:city` cells: kelurahan, kecamatan and city in one cell. The
    # kelurahan "Ketabang" is one letter from Kabupaten Ketapang and "Bongkaran" close to
    # Bangkalan; the city beside them is written exactly.
    assert resolve_regency("Genteng, Ketabang, Surabaya").code == "3578"
    assert resolve_regency("Bongkaran, Surabaya").code == "3578"
    # A misspelt part alone is still read by its spelling.
    assert resolve_regency("Surabya").code == "3578"
