"""Rupiah prices as people type them: properties over generated input, plus the forms
offices actually write."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.catalog.prices import MAX_PRICE, PriceError, format_price, parse_amount, parse_price

amounts = st.integers(min_value=0, max_value=MAX_PRICE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp15.000", (15_000, 15_000)),
        ("15000", (15_000, 15_000)),
        ("Rp 1.500.000,00", (1_500_000, 1_500_000)),
        ("25.000,-", (25_000, 25_000)),
        ("15rb", (15_000, 15_000)),
        ("15 ribu", (15_000, 15_000)),
        ("1,5 jt", (1_500_000, 1_500_000)),
        ("2jt", (2_000_000, 2_000_000)),
        ("Rp10.000 - Rp25.000", (10_000, 25_000)),
        ("10rb s/d 25rb", (10_000, 25_000)),
        ("15-25rb", (15_000, 25_000)),
        ("25.000 – 10.000", (10_000, 25_000)),
    ],
)
def test_prices_as_offices_write_them(text: str, expected: tuple[int, int]) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize("text", ["", "murah", "1.2.3", "15.5", "Rp-5.000", "12,34,5", "1e9"])
def test_text_that_is_not_a_price_is_refused_naming_it(text: str) -> None:
    with pytest.raises(PriceError) as error:
        parse_price(text)
    assert error.value.text == text


@given(amounts)
@examples(300)
@example(0)
@example(MAX_PRICE)
def test_every_amount_written_the_indonesian_way_reads_back(amount: int) -> None:
    with translation.override("id"):
        written = format_price(amount, amount)
    assert parse_price(written) == (amount, amount)
    assert parse_price(str(amount)) == (amount, amount)
    assert parse_amount(f"{amount:,}".replace(",", ".")) == amount


@given(amounts, amounts)
@examples(300)
def test_a_range_reads_back_ordered_whichever_way_it_was_written(a: int, b: int) -> None:
    with translation.override("id"):
        text = format_price(a, b) if a != b else format_price(a, a)
    low, high = parse_price(text)
    assert low <= high
    assert {low, high} == {a, b}


@given(st.text(max_size=40))
@examples(500)
def test_any_text_is_either_a_sane_price_or_a_price_error(text: str) -> None:
    try:
        low, high = parse_price(text)
    except PriceError:
        return
    assert 0 <= low <= high <= MAX_PRICE
