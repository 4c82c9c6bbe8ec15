"""The formula-injection guard every export uses (core/spreadsheet.py)."""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core.spreadsheet import NUMBER, TRIGGERS, safe_cell, safe_frame

# Deterministic in CI: the same examples every run.
deterministic = settings(derandomize=True, max_examples=300, deadline=None)

risky_text = st.builds(
    lambda head, tail: head + tail, st.sampled_from(TRIGGERS), st.text(max_size=20)
)


def test_known_attacks_are_prefixed() -> None:
    for attack in (
        '=HYPERLINK("http://evil","klik")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=",
    ):
        assert safe_cell(attack) == "'" + attack


def test_numbers_and_plain_text_stay_as_they_are() -> None:
    for value in (
        1500,
        -2,
        3.5,
        Decimal("-1.5"),
        None,
        "",
        "Warung Bu Siti",
        "-",
        "-1500",
        "+6281234567890",
        "1.90101E+15",
        "-1.500.000",
        "1901015507850001",
    ):
        assert safe_cell(value) == value


@deterministic
@given(risky_text)
def test_every_text_starting_with_a_trigger_is_text_afterwards(value: str) -> None:
    out = safe_cell(value)
    if out == value:  # left alone only when it is a plain number or "none"
        assert value == "-" or re.fullmatch(NUMBER, value)
    else:
        assert out == "'" + value  # nothing is lost, at most an apostrophe is added


@deterministic
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False)))
def test_real_numbers_are_never_changed(value: object) -> None:
    assert safe_cell(value) is value


@deterministic
@given(st.integers())
def test_text_that_is_exactly_a_number_is_not_a_formula(value: int) -> None:
    assert safe_cell(str(value)) == str(value)
    assert safe_cell(f"+{abs(value)}") == f"+{abs(value)}"


@deterministic
@given(st.text(max_size=20))
def test_guarding_twice_changes_nothing_more(value: str) -> None:
    assert safe_cell(safe_cell(value)) == safe_cell(value)


@deterministic
@given(st.lists(st.one_of(st.text(max_size=12), risky_text), max_size=20))
def test_the_frame_guard_agrees_with_the_cell_guard(values: list[str]) -> None:
    frame = pl.DataFrame(
        {"text": values, "n": list(range(len(values)))}, schema={"text": pl.String, "n": pl.Int64}
    )
    guarded = safe_frame(frame)
    assert guarded["text"].to_list() == [safe_cell(v) for v in values]
    assert guarded["n"].to_list() == list(range(len(values)))
