"""PP 7/2021 size classes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.registry.size_class import ORDER, by_capital, by_sales, size_class

BN = 1_000_000_000


@pytest.mark.parametrize(
    ("capital", "expected"),
    [(0, "mikro"), (1 * BN, "mikro"), (1 * BN + 1, "kecil"), (5 * BN, "kecil"),
     (5 * BN + 1, "menengah"), (10 * BN, "menengah"), (10 * BN + 1, "besar")],
)  # fmt: skip
def test_capital_thresholds_are_inclusive_upper_bounds(capital, expected):
    assert by_capital(capital) == expected


@pytest.mark.parametrize(
    ("sales", "expected"),
    [(2 * BN, "mikro"), (2 * BN + 1, "kecil"), (15 * BN, "kecil"), (15 * BN + 1, "menengah"),
     (50 * BN, "menengah"), (50 * BN + 1, "besar")],
)  # fmt: skip
def test_sales_thresholds_are_inclusive_upper_bounds(sales, expected):
    assert by_sales(sales) == expected


def test_the_larger_class_wins_when_both_figures_are_known():
    assert size_class(500_000_000, 3 * BN) == "kecil"
    assert size_class(6 * BN, 1 * BN) == "menengah"


def test_nothing_known_means_no_class():
    assert size_class(None, None) is None


def test_a_negative_amount_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        by_capital(-1)


@given(st.integers(0, 10**14), st.integers(0, 10**14))
def test_more_capital_never_gives_a_smaller_class(a, b):
    low, high = sorted((a, b))
    assert ORDER.index(by_capital(low)) <= ORDER.index(by_capital(high))


@given(st.one_of(st.none(), st.integers(0, 10**14)), st.one_of(st.none(), st.integers(0, 10**14)))
def test_the_class_is_never_smaller_than_either_criterion(capital, sales):
    result = size_class(capital, sales)
    if capital is None and sales is None:
        assert result is None
        return
    if capital is not None:
        assert ORDER.index(result) >= ORDER.index(by_capital(capital))
    if sales is not None:
        assert ORDER.index(result) >= ORDER.index(by_sales(sales))
