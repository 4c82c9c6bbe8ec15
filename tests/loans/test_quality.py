"""Quality classes at their boundaries, and the NPL ratio."""

from decimal import Decimal

import pytest

from sinergi.loans.quality import Quality, npl_ratio, quality_class


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, Quality.LANCAR),
        (30, Quality.LANCAR),
        (31, Quality.KURANG_LANCAR),
        (180, Quality.KURANG_LANCAR),
        (181, Quality.DIRAGUKAN),
        (270, Quality.DIRAGUKAN),
        (271, Quality.MACET),
        (5000, Quality.MACET),
    ],
)
def test_it_classes_a_loan_by_days_past_due_at_each_boundary(days: int, expected: Quality) -> None:
    assert quality_class(days) == expected


def test_npl_ratio_counts_kurang_lancar_diragukan_and_macet_outstanding() -> None:
    loans = [
        (Quality.LANCAR, 600),
        (Quality.KURANG_LANCAR, 100),
        (Quality.DIRAGUKAN, 100),
        (Quality.MACET, 200),
    ]
    assert npl_ratio(loans) == Decimal("0.4")


def test_npl_ratio_of_an_empty_portfolio_is_zero() -> None:
    assert npl_ratio([]) == 0
