"""Portfolio summary: sums per group and the NPL ratio."""

from decimal import Decimal

from sinergi.loans.portfolio import summarise
from sinergi.loans.quality import Quality
from sinergi.loans.state import LoanState


def state(outstanding: int, quality: Quality | None, paid: int = 0, written_off: int = 0):
    return LoanState(
        disbursed=outstanding + written_off,
        paid=paid,
        fee_paid=0,
        principal_paid=paid,
        principal_outstanding=outstanding,
        fee_outstanding=0,
        credit=0,
        arrears=0,
        days_past_due=0,
        quality=quality,
        written_off=written_off,
    )


def test_it_sums_outstanding_collected_and_npl_per_group() -> None:
    rows, total = summarise(
        [
            ("1901", "Kab. Bangka", state(600, Quality.LANCAR, paid=100)),
            ("1901", "Kab. Bangka", state(400, Quality.MACET)),
            ("1971", "Kota Pangkal Pinang", state(1000, Quality.LANCAR)),
            ("1971", "Kota Pangkal Pinang", state(0, None, written_off=500)),
        ]
    )
    assert [r.key for r in rows] == ["1901", "1971"]
    assert (rows[0].outstanding, rows[0].collected, rows[0].npl_ratio) == (
        1000,
        100,
        Decimal("0.4"),
    )
    assert rows[1].npl_ratio == 0 and rows[1].written_off == 500
    assert total.outstanding == 2000 and total.npl_ratio == Decimal("0.2")
    assert total.count_by_quality[Quality.MACET] == 1
