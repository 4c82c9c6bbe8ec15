"""Renewal reminders of yearly memberships, as a pure function.

A membership year runs from 1 January to 31 December. On `today` (year Y):
- "unpaid":   the business has a year-Y period that is not paid;
- "lapsed":   it paid for Y-1 but has no period for Y at all;
- "expiring": it paid for Y, it is December, and Y+1 is not paid yet.
Each business appears at most once, with the first reason in that order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

UNPAID, LAPSED, EXPIRING = "unpaid", "lapsed", "expiring"
EXPIRING_FROM_MONTH = 12


@dataclass(frozen=True)
class Reminder:
    business_id: int
    reason: str
    year: int


def reminders(periods: Iterable[tuple[int, int, bool]], today: dt.date) -> list[Reminder]:
    """`periods`: (business_id, year, paid) of one program. Sorted by business id."""
    years: dict[int, dict[int, bool]] = {}
    for business_id, year, paid in periods:
        years.setdefault(business_id, {})[year] = paid
    y = today.year
    out = []
    for business_id in sorted(years):
        seen = years[business_id]
        if y in seen and not seen[y]:
            out.append(Reminder(business_id, UNPAID, y))
        elif y not in seen and seen.get(y - 1):
            out.append(Reminder(business_id, LAPSED, y))
        elif seen.get(y) and today.month >= EXPIRING_FROM_MONTH and not seen.get(y + 1):
            out.append(Reminder(business_id, EXPIRING, y + 1))
    return out
