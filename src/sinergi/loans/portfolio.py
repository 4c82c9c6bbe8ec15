"""Portfolio summary of loans: outstanding, collected, quality mix and NPL ratio per group.

Pure: takes (group key, group label, LoanState) triples, returns rows. Definitions:
- outstanding = principal not yet repaid of disbursed, not written-off loans;
- collected   = repayments received (admin fee and principal, net of reversals);
- quality mix = outstanding per quality class;
- NPL ratio   = outstanding of kurang lancar + diragukan + macet / outstanding
  (sinergi.loans.quality.npl_ratio); written-off loans count in `written_off` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sinergi.loans.quality import NON_PERFORMING, Quality
from sinergi.loans.state import LoanState


@dataclass
class PortfolioRow:
    key: str
    label: str
    loans: int = 0
    disbursed: int = 0
    outstanding: int = 0
    collected: int = 0
    written_off: int = 0
    by_quality: dict[str, int] = field(default_factory=lambda: {q.value: 0 for q in Quality})
    count_by_quality: dict[str, int] = field(default_factory=lambda: {q.value: 0 for q in Quality})

    @property
    def non_performing(self) -> int:
        return sum(self.by_quality[q.value] for q in NON_PERFORMING)

    @property
    def npl_ratio(self) -> Decimal:
        if not self.outstanding:
            return Decimal(0)
        return Decimal(self.non_performing) / Decimal(self.outstanding)

    @property
    def npl_percent(self) -> Decimal:
        return (self.npl_ratio * 100).quantize(Decimal("0.1"))

    def add(self, state: LoanState) -> None:
        self.loans += 1
        self.disbursed += state.disbursed
        self.outstanding += state.principal_outstanding
        self.collected += state.paid
        self.written_off += state.written_off
        if state.quality is not None:
            self.by_quality[state.quality.value] += state.principal_outstanding
            self.count_by_quality[state.quality.value] += 1


def summarise(
    items: Iterable[tuple[str, str, LoanState]],
) -> tuple[list[PortfolioRow], PortfolioRow]:
    """(rows sorted by key, total row)."""
    groups: dict[str, PortfolioRow] = {}
    total = PortfolioRow("", "")
    for key, label, state in items:
        groups.setdefault(key, PortfolioRow(key, label)).add(state)
        total.add(state)
    return [groups[k] for k in sorted(groups)], total
