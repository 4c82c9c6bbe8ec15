"""Places from what a file says: a city in a kecamatan column, BPS codes, postcodes, points.

Through the engine's front of normalisation (`normalise_frame` + `frame_problems`), on
small frames shaped like the files these habits come from.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.linkage.normalize.geo_index import NEAREST_MAX_METRES, place_points
from sinergi.linkage.prepare import frame_problems, normalise_frame
from sinergi.linkage.schema import NORMALISED

CODES = ["province_code", "regency_code", "district_code", "village_code"]


def _normalise(rows: list[dict[str, str | None]], source: str = "f.csv") -> pl.DataFrame:
    fields = sorted({k for r in rows for k in r})
    df = pl.DataFrame(
        {f: [r.get(f) for r in rows] for f in fields}, schema={f: pl.Utf8 for f in fields}
    ).with_columns(
        pl.lit(source).alias("source_file"),
        pl.int_range(1, pl.len() + 1).alias("source_row"),
        pl.int_range(0, pl.len()).alias("unique_id"),
    )
    return normalise_frame(df)


def _codes(norm: pl.DataFrame, i: int = 0) -> list[str | None]:
    return [norm[c][i] for c in CODES]


def _problem_codes(norm: pl.DataFrame) -> list[tuple[int, str, str]]:
    p = frame_problems(norm)
    return list(zip(p["row"].to_list(), p["column"].to_list(), p["code"].to_list(), strict=True))


def test_the_new_columns_are_part_of_the_contract():
    for col in ("lat", "lng", "coord_status", "geo_district_code", "region_source"):
        assert col in NORMALISED
    norm = _normalise([{"owner_name": "Siti"}])
    assert norm.schema["lat"] == pl.Float64 and norm["coord_status"][0] == "missing"


def test_a_city_named_in_the_kecamatan_column_places_the_row_in_that_city():
    norm = _normalise(
        [
            {"business_name": "Warung Mas Rendy", "district": "Kota Semarang"},
            {"business_name": "Pabrik Tahu", "district": "KOTA SEMARANG"},
            {"business_name": "Kios Sembako", "district": "Kab. Semarang"},
        ]
    )
    assert _codes(norm, 0) == ["33", "3374", None, None]
    assert _codes(norm, 1) == ["33", "3374", None, None]
    # Kota Semarang and Kabupaten Semarang stay two places.
    assert _codes(norm, 2) == ["33", "3322", None, None]
    assert _problem_codes(norm) == []


def test_a_province_named_in_the_regency_column_places_the_row_in_that_province():
    norm = _normalise([{"business_name": "Toko A", "regency": "Jawa Tengah"}])
    assert _codes(norm) == ["33", None, None, None]
    assert _problem_codes(norm) == []


def test_a_bare_name_that_is_both_a_kota_and_a_kabupaten_is_still_unknown():
    norm = _normalise([{"business_name": "Toko A", "district": "Semarang"}])
    assert norm["regency_code"][0] is None
    assert _problem_codes(norm) == [(1, "district", "REGION_UNKNOWN")]


def test_a_kecamatan_that_is_really_unknown_is_still_a_problem():
    norm = _normalise([{"business_name": "Toko A", "district": "Kecamatan Antah Berantah"}])
    assert _problem_codes(norm) == [(1, "district", "REGION_UNKNOWN")]


def test_a_file_placed_in_one_city_places_its_rows_that_name_no_place():
    rows = [{"business_name": f"Toko {i}", "district": "Kota Semarang"} for i in range(5)]
    rows.append({"business_name": "Toko Tanpa Alamat"})
    norm = _normalise(rows)
    assert _codes(norm, 5) == ["33", "3374", None, None]
    assert norm["region_source"][5] == "file"
    assert norm["region_confidence"][5] < norm["region_confidence"][0]


def test_a_file_spread_over_two_regencies_places_nothing_by_the_file():
    rows = [
        {"business_name": "Toko 1", "district": "Kota Semarang"},
        {"business_name": "Toko 2", "district": "Kota Semarang"},
        {"business_name": "Toko 3", "district": "Kota Surakarta"},
        {"business_name": "Toko 4"},
    ]
    assert _codes(_normalise(rows), 3) == [None, None, None, None]


def test_a_point_places_the_row_in_its_kecamatan_and_the_text_still_decides_the_city():
    norm = _normalise(
        [
            {"business_name": "Warung A", "district": "Kota Semarang", "latitude": "-6.99",
             "longitude": "110.42"},
            {"business_name": "Warung B", "latitude": "-7.5781", "longitude": "110.8413"},
            # A point in Surakarta on a row that says Kota Semarang: the text wins.
            {"business_name": "Warung C", "district": "Kota Semarang", "latitude": "-7.5781",
             "longitude": "110.8413"},
        ]
    )  # fmt: skip
    assert _codes(norm, 0) == ["33", "3374", "337407", None]
    assert norm["region_source"][0] == "point"
    assert _codes(norm, 1) == ["33", "3372", "337203", None]
    assert _codes(norm, 2) == ["33", "3374", None, None]
    assert norm["geo_district_code"][2] == "337203"


def test_swapped_and_one_cell_points_are_placed_the_same():
    norm = _normalise(
        [
            {"business_name": "A", "latitude": "110,8413", "longitude": "-7,5781"},
            {"business_name": "B", "coordinates": "-7.5781, 110.8413"},
            {"business_name": "C", "coordinates": "7°34'41\"S 110°50'29\"E"},
        ]
    )
    assert norm["district_code"].to_list() == ["337203"] * 3
    assert norm["coord_status"].to_list() == ["swapped", "ok", "ok"]
    assert _problem_codes(norm) == []


def test_points_that_cannot_be_a_business_are_named_problems_and_place_nothing():
    norm = _normalise(
        [
            {"business_name": "A", "latitude": "0", "longitude": "0"},
            {"business_name": "B", "coordinates": "48.8566, 2.3522"},
            {"business_name": "C", "latitude": "-6.2"},
            {"business_name": "D", "coordinates": "di depan pasar"},
            {"business_name": "E", "latitude": "-5.0", "longitude": "108.0"},  # Java Sea
        ]
    )
    assert _problem_codes(norm) == [
        (1, "latitude", "COORD_ZERO"),
        (2, "coordinates", "COORD_OUTSIDE"),
        (3, "latitude", "COORD_INCOMPLETE"),
        (4, "coordinates", "COORD_UNREADABLE"),
        (5, "latitude", "COORD_NO_DISTRICT"),
    ]
    assert norm["district_code"].null_count() == 5
    problems = frame_problems(norm)
    assert problems["value"].to_list()[:2] == ["0, 0", "48.8566, 2.3522"]
    assert all(problems["message_id"].str.len_chars() > 10)


def test_a_point_just_off_the_coast_takes_the_nearest_kecamatan():
    codes, dist = place_points([-6.10], [106.80])  # the sea off Jakarta Utara
    assert codes == ["317201"] and 0 < dist[0] <= NEAREST_MAX_METRES
    codes, dist = place_points([-7.5781, -1.88, -8.65], [110.8413, 106.11, 115.21])
    assert codes == ["337203", "190101", "517104"] and dist == [0.0, 0.0, 0.0]


def test_bps_codes_become_kemendagri_codes_where_the_names_agree():
    base = {"bps_province": "33", "province": "JAWA TENGAH"}
    norm = _normalise(
        [
            # Kdkab 22 is the kabupaten: "SEMARANG" alone is enough.
            {**base, "business_name": "A", "bps_regency": "22", "regency": "SEMARANG",
             "bps_district": "010", "district": "GETASAN"},
            # Kdkab 74 is the kota.
            {**base, "business_name": "B", "bps_regency": "74", "regency": "SEMARANG"},
            # A code whose name does not agree is not taken.
            {**base, "business_name": "C", "bps_regency": "74", "regency": "SURAKARTA"},
            # Excel dropped the leading zeros: "10" for "010".
            {**base, "business_name": "D", "bps_regency": "22", "regency": "SEMARANG",
             "bps_district": "10", "district": "GETASAN"},
            # A BPS kecamatan number that is not Kemendagri's: found by its name there.
            {**base, "business_name": "E", "bps_regency": "22", "regency": "SEMARANG",
             "bps_district": "999", "district": "GETASAN"},
            # No regency name at all: the kecamatan's name confirms Kdkab.
            {"business_name": "F", "bps_province": "33", "bps_regency": "22",
             "bps_district": "010", "district": "GETASAN"},
            # Codes without any name place nothing.
            {"business_name": "G", "bps_province": "33", "bps_regency": "22"},
        ]
    )  # fmt: skip
    assert _codes(norm, 0) == ["33", "3322", "332201", None]
    assert norm["region_source"][0] == "bps"
    assert _codes(norm, 1) == ["33", "3374", None, None]
    assert _codes(norm, 2) == ["33", "3372", None, None]  # from the name, not the code
    assert norm["region_source"][2] == "columns"
    assert _codes(norm, 3) == ["33", "3322", "332201", None]
    assert _codes(norm, 4) == ["33", "3322", "332201", None]
    assert _codes(norm, 5) == ["33", "3322", "332201", None]
    assert norm["region_source"][5] == "bps"
    assert _codes(norm, 6) == [None, None, None, None]


def test_a_postcode_narrows_the_place_the_row_already_has():
    norm = _normalise(
        [
            {"business_name": "A", "regency": "Kota Semarang", "district": "Tembalang",
             "postcode": "50275"},
            # 50112 covers two villages of Genuk: the kecamatan, not the village.
            {"business_name": "B", "regency": "Kota Semarang", "postcode": "50112"},
            # 50111 is one village of Genuk.
            {"business_name": "C", "regency": "Kota Semarang", "postcode": "Kode pos 50111"},
            # A postcode of another regency narrows nothing.
            {"business_name": "D", "regency": "Kota Surakarta", "postcode": "50111"},
            # Alone, a postcode places nothing.
            {"business_name": "E", "postcode": "50111"},
        ]
    )  # fmt: skip
    assert _codes(norm, 0) == ["33", "3374", "337410", "3374101006"]
    assert norm["region_source"][0] == "postcode"
    assert _codes(norm, 1) == ["33", "3374", "337405", None]
    assert _codes(norm, 2) == ["33", "3374", "337405", "3374051009"]
    assert _codes(norm, 3) == ["33", "3372", None, None]
    assert _codes(norm, 4) == [None, None, None, None]


@pytest.mark.parametrize("n", [1, 7])
def test_placing_a_point_does_not_depend_on_the_other_points(n):
    lat = [-7.5781] + [-6.99] * (n - 1)
    lng = [110.8413] + [110.42] * (n - 1)
    assert place_points(lat, lng)[0][0] == "337203"


_POOL = [
    {"business_name": "A", "district": "Kota Semarang", "latitude": "-6.99", "longitude": "110.42"},
    {"business_name": "B", "regency": "Kota Semarang", "district": "Tembalang",
     "postcode": "50275"},
    {"business_name": "C", "bps_province": "33", "bps_regency": "22", "regency": "SEMARANG",
     "province": "JAWA TENGAH", "bps_district": "010", "district": "GETASAN"},
    {"business_name": "D", "coordinates": "110.8413, -7.5781"},
    {"business_name": "E", "district": "Semarang"},
    {"business_name": "F", "latitude": "0", "longitude": "0", "regency": "Kab. Semarang"},
    {"business_name": "G"},
]  # fmt: skip


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, len(_POOL) - 1), min_size=1, max_size=6))
def test_a_rows_place_depends_only_on_the_row_when_each_row_is_its_own_file(picks):
    rows = [_POOL[i] for i in picks]
    fields = sorted({k for r in _POOL for k in r})
    df = pl.DataFrame(
        {f: [r.get(f) for r in rows] for f in fields}, schema={f: pl.Utf8 for f in fields}
    ).with_columns(
        pl.format("f{}.csv", pl.int_range(pl.len())).alias("source_file"),
        pl.lit(1).alias("source_row"),
        pl.int_range(0, pl.len()).alias("unique_id"),
    )
    together = normalise_frame(df)
    for i in range(len(rows)):
        alone = normalise_frame(df.slice(i, 1))
        assert _codes(together, i) == _codes(alone)
        assert together["region_source"][i] == alone["region_source"][0]
