"""Coordinates as files write them: the scalar reader and the frame reader agree."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.linkage.normalize.geo import (
    LAT_RANGE,
    LNG_RANGE,
    add_point_columns,
    parse_coordinate,
    read_point,
)


def _frame(rows: list[tuple[str | None, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "latitude": [r[0] for r in rows],
            "longitude": [r[1] for r in rows],
            "coordinates": [r[2] for r in rows],
        },
        schema={"latitude": pl.Utf8, "longitude": pl.Utf8, "coordinates": pl.Utf8},
    )


@pytest.mark.parametrize(
    ("lat", "lng", "cell", "want"),
    [
        ("-2.1234", "106.123", None, (-2.1234, 106.123, "ok")),
        (None, None, "-2.1234, 106.123", (-2.1234, 106.123, "ok")),
        (None, None, "-2,1234;106,123", (-2.1234, 106.123, "ok")),
        (None, None, "-2,1234, 106,123", (-2.1234, 106.123, "ok")),
        ("-6,9932", "110,4203", None, (-6.9932, 110.4203, "ok")),
        ("-6.2 ", " 106.8", None, (-6.2, 106.8, "ok")),
        ("-6.2,106.8", None, None, (-6.2, 106.8, "ok")),  # both in the lat column
        ("6.2 LS", "106.8 BT", None, (-6.2, 106.8, "ok")),
        ("S 6.2", "E 106.8", None, (-6.2, 106.8, "ok")),
        (None, None, "6°12'30\"S 106°49'30\"E", (-6.208333, 106.825, "ok")),
        (None, None, "6.2 LS, 106.8 BT", (-6.2, 106.8, "ok")),
        ("1.5 N", "124.8 E", None, (1.5, 124.8, "ok")),
        ("106.8", "-6.2", None, (-6.2, 106.8, "swapped")),
        (None, None, "110.42, -6.99", (-6.99, 110.42, "swapped")),
        ("0", "0", None, (None, None, "zero")),
        (None, None, "0,0", (None, None, "zero")),
        ("48.85", "2.35", None, (None, None, "outside")),
        ("-33.9", "151.2", None, (None, None, "outside")),
        ("-6.2", None, None, (None, None, "incomplete")),
        (None, None, "dekat masjid", (None, None, "unreadable")),
        ("-6.2", "timur", None, (None, None, "unreadable")),
        (None, None, None, (None, None, "missing")),
        (" ", "", "", (None, None, "missing")),
    ],
)
def test_a_point_is_read_the_way_it_was_written(lat, lng, cell, want):
    got = read_point(lat, lng, cell)
    assert got[2] == want[2]
    for a, b in zip(got[:2], want[:2], strict=True):
        assert a == pytest.approx(b, abs=1e-5) if b is not None else a is None
    framed = add_point_columns(_frame([(lat, lng, cell)])).row(0, named=True)
    assert (framed["lat"], framed["lng"], framed["coord_status"]) == got


def test_the_raw_cells_are_not_touched_and_rows_keep_their_order():
    rows = [("106.8", "-6.2", None), (None, None, "-6,9;110,4"), ("x", "y", None)]
    df = _frame(rows).with_columns(pl.Series("other", [1, 2, 3]))
    out = add_point_columns(df)
    assert out.select(df.columns).equals(df)
    assert out["coord_status"].to_list() == ["swapped", "ok", "unreadable"]


def test_a_frame_without_coordinate_columns_gets_missing_everywhere():
    out = add_point_columns(pl.DataFrame({"owner_name": ["a", "b"]}))
    assert out["coord_status"].to_list() == ["missing", "missing"]
    assert out["lat"].null_count() == 2


# --- properties ---------------------------------------------------------------------------

_number = st.floats(-200, 200, allow_nan=False, allow_infinity=False)
_sep = st.sampled_from([",", ", ", ";", " ; ", " ", "|", "/", "\t"])
_hemi = st.sampled_from(["", " LS", " LU", " BT", " S", " N", " E", "S ", "BT "])


@st.composite
def _coordinate_text(draw) -> str:
    value = draw(_number)
    decimals = draw(st.integers(0, 7))
    text = f"{value:.{decimals}f}"
    if draw(st.booleans()):
        text = text.replace(".", ",")
    hemi = draw(_hemi)
    if hemi:
        text = text.lstrip("-")
        text = f"{hemi}{text}" if hemi.endswith(" ") else f"{text}{hemi}"
    return text


_cell = st.one_of(
    st.none(),
    _coordinate_text(),
    st.builds(lambda a, s, b: f"{a}{s}{b}", _coordinate_text(), _sep, _coordinate_text()),
    st.text(alphabet="0123456789-+.,;° 'NSEW", max_size=12),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(_cell, _cell, _cell), min_size=1, max_size=8))
def test_the_frame_reader_equals_the_scalar_reader_on_every_row(rows):
    out = add_point_columns(_frame(rows))
    for row, got in zip(rows, out.iter_rows(named=True), strict=True):
        lat, lng, status = read_point(*row)
        assert got["coord_status"] == status
        assert got["lat"] == lat and got["lng"] == lng


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_cell, _cell, _cell)
def test_a_returned_point_always_lies_in_indonesias_box(lat_text, lng_text, cell):
    lat, lng, status = read_point(lat_text, lng_text, cell)
    if status in ("ok", "swapped"):
        assert LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]
    else:
        assert lat is None and lng is None


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.floats(-11, 6, allow_nan=False), st.floats(95, 141, allow_nan=False))
def test_lat_lng_in_any_order_and_either_decimal_mark_give_the_same_point(lat, lng):
    a, b = f"{lat:.6f}", f"{lng:.6f}"
    want = (float(a), float(b))
    assert read_point(a, b)[:2] == want
    assert read_point(b, a)[:2] == want
    assert read_point(None, None, f"{a}; {b}".replace(".", ","))[:2] == want


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.floats(0, 90, allow_nan=False), st.sampled_from(["S", "LS", "W", "BB"]))
def test_a_southern_or_western_hemisphere_letter_makes_the_value_negative(value, hemi):
    text = f"{value:.5f}"
    assert parse_coordinate(f"{text} {hemi}") == -float(text)
    assert parse_coordinate(f"{hemi} {text}") == -float(text)
