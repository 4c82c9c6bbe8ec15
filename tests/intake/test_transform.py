"""Pure parts of intake: JSON building, region scope rule."""

from __future__ import annotations

import json

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from sinergi.intake.transform import _json, scope_expr

texts = st.one_of(st.none(), st.text(max_size=12))


@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=5))
def test_the_stored_json_is_the_row_without_its_null_members(rows: list[tuple]) -> None:
    frame = pl.DataFrame(rows, schema={"a": pl.Utf8, "b": pl.Utf8, "c": pl.Utf8}, orient="row")
    for row, text in zip(rows, frame.select(_json(["a", "b", "c"])).to_series(), strict=True):
        expected = {k: v for k, v in zip("abc", row, strict=True) if v is not None}
        assert json.loads(text) == expected


@given(
    st.lists(
        st.tuples(
            texts,
            st.one_of(st.none(), st.integers(-(2**62), 2**62)),
            st.one_of(st.none(), st.floats(0, 1)),
            st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_stored_json_keeps_numbers_and_lists_and_the_column_order(rows: list[tuple]) -> None:
    schema = {"name": pl.Utf8, "amount": pl.Int64, "score": pl.Float64, "phones": pl.List(pl.Utf8)}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    texts_out = frame.select(_json(list(schema))).to_series()
    for row, text in zip(rows, texts_out, strict=True):
        expected = {k: v for k, v in zip(schema, row, strict=True) if v is not None}
        decoded = json.loads(text)
        assert decoded == expected and list(decoded) == list(expected)


def test_a_row_contradicting_the_scope_is_out_and_a_coarser_or_unknown_one_is_in() -> None:
    frame = pl.DataFrame(
        {
            "province_code": ["19", "19", "51", None, "19"],
            "regency_code": ["1901", "1905", "5171", None, None],
            "district_code": [None, None, None, None, None],
            "village_code": [None, None, None, None, None],
        }
    )
    inside = frame.select(scope_expr("1901")).to_series().to_list()
    assert inside == [True, False, False, True, True]
    everywhere = frame.with_columns(scope_expr("").alias("in")).get_column("in").to_list()
    assert everywhere == [True] * 5
