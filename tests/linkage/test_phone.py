"""Phone numbers to E.164."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.linkage.normalize.phone import (
    add_phone_columns,
    add_phone_invalid_column,
    normalize_phones,
)


@st.composite
def mobile_numbers(draw: st.DrawFn) -> str:
    """National significant number of a mobile: 8 then 8..11 digits."""
    rest = draw(st.text("0123456789", min_size=8, max_size=11))
    return "8" + rest


@st.composite
def written(draw: st.DrawFn, national: str) -> str:
    prefix = draw(st.sampled_from(["0", "62", "+62", "0062", "+62 ", "+62 (0)", "(+62) "]))
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    groups = [national[i : i + 4] for i in range(0, len(national), 4)]
    pad = draw(st.sampled_from(["", " "]))
    return f"{pad}{prefix}{sep.join(groups)}{pad}"


@given(st.data())
def test_a_mobile_number_in_any_format_maps_to_the_same_e164(data: st.DataObject) -> None:
    national = data.draw(mobile_numbers())
    assert normalize_phones(data.draw(written(national))) == ["+62" + national]


@given(mobile_numbers(), mobile_numbers(), st.sampled_from([" / ", ", ", "; ", " atau ", "/", " "]))
def test_two_numbers_in_one_cell_are_both_kept_in_order(a: str, b: str, sep: str) -> None:
    phones = normalize_phones(f"0{a}{sep}0{b}")
    assert phones == list(dict.fromkeys(["+62" + a, "+62" + b]))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0812-3456-7890 / 0813 111 2222", ["+6281234567890", "+628131112222"]),
        ("HP: 0812.3456.7890 WA: 0813-1111-2222", ["+6281234567890", "+6281311112222"]),
        ("81234567890", ["+6281234567890"]),  # Excel dropped the leading 0
        ("(0717) 92345", ["+6271792345"]),
        ("021-5551234", ["+62215551234"]),
        ("0812 3456 7890, 0812-3456-7890", ["+6281234567890"]),
        ("-", []),
        ("0", []),
        ("tidak ada", []),
        (None, []),
        ("0812xxx, 0857xxx", []),
        ("08123", []),
    ],
)
def test_real_world_cells(cell: str | None, expected: list[str]) -> None:
    assert normalize_phones(cell) == expected


def test_unusable_digits_are_flagged_but_empty_cells_are_not() -> None:
    cells = ["0812xxx", "0812-3456-7890", "-", None, "0812-3456-7890 / 123", "71792345"]
    out = pl.DataFrame({"phone": cells}, schema={"phone": pl.Utf8})
    flags = add_phone_invalid_column(out)["phone_invalid"].to_list()
    assert flags == [True, False, False, False, True, True]


def test_phone_e164_is_the_first_valid_number() -> None:
    out = pl.DataFrame({"phone": ["0812xxx / 0813-1111-2222 / 0857 1234 5678"]})
    row = add_phone_columns(out).row(0, named=True)
    assert row["phone_e164"] == "+6281311112222"
    assert row["phones"] == ["+6281311112222", "+6285712345678"]


def test_a_cell_without_a_valid_number_has_null_phones() -> None:
    out = add_phone_columns(
        pl.DataFrame({"phone": ["-", "0812xxx", None]}, schema={"phone": pl.Utf8})
    )
    assert out["phones"].to_list() == [None, None, None]
    assert out["phone_e164"].to_list() == [None, None, None]
