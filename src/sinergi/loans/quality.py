"""Quality classes (kolektibilitas) of partnership loans, and the NPL ratio.

Thresholds, in days past due of the oldest unpaid instalment (state-company partnership
programs, see docs/programs.md):

=================  ===============
lancar             0 – 30 days
kurang lancar      31 – 180 days
diragukan          181 – 270 days
macet              more than 270
=================  ===============

NPL ratio (non-performing loans), as Sinergi defines it: outstanding principal of loans
classed kurang lancar, diragukan or macet, divided by the outstanding principal of all
loans (written-off loans are no longer outstanding and count in neither). Zero
outstanding gives a ratio of 0, not an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quality(models.TextChoices):
    LANCAR = "lancar", _("Lancar (current)")
    KURANG_LANCAR = "kurang_lancar", _("Kurang lancar (substandard)")
    DIRAGUKAN = "diragukan", _("Diragukan (doubtful)")
    MACET = "macet", _("Macet (loss)")


# (last day past due of the class, class), in order.
THRESHOLDS: tuple[tuple[int, Quality], ...] = (
    (30, Quality.LANCAR),
    (180, Quality.KURANG_LANCAR),
    (270, Quality.DIRAGUKAN),
)
NON_PERFORMING = frozenset({Quality.KURANG_LANCAR, Quality.DIRAGUKAN, Quality.MACET})


def quality_class(days_past_due: int) -> Quality:
    """The class of a loan `days_past_due` days late (negative counts as 0)."""
    for last_day, quality in THRESHOLDS:
        if days_past_due <= last_day:
            return quality
    return Quality.MACET


def npl_ratio(loans: Iterable[tuple[Quality | str, int]]) -> Decimal:
    """NPL ratio of (quality, outstanding principal) pairs, as a Decimal fraction 0..1."""
    total = 0
    bad = 0
    for quality, outstanding in loans:
        total += outstanding
        if quality in NON_PERFORMING:
            bad += outstanding
    if total == 0:
        return Decimal(0)
    return Decimal(bad) / Decimal(total)
