"""Renewal reminders: unpaid this year, lapsed from last year, expiring in December."""

import datetime as dt

from sinergi.memberships.reminders import EXPIRING, LAPSED, UNPAID, reminders


def test_it_reminds_unpaid_lapsed_and_expiring_members() -> None:
    periods = [
        (1, 2026, False),  # unpaid this year
        (2, 2025, True),  # paid last year, nothing this year: lapsed
        (3, 2026, True),  # paid this year: expires at year end
        (4, 2026, True),
        (4, 2027, True),  # already renewed
        (5, 2024, True),  # long gone: not reminded
    ]
    got = [(r.business_id, r.reason, r.year) for r in reminders(periods, dt.date(2026, 12, 5))]
    assert got == [(1, UNPAID, 2026), (2, LAPSED, 2026), (3, EXPIRING, 2027)]


def test_paid_members_are_not_reminded_before_december() -> None:
    assert reminders([(3, 2026, True)], dt.date(2026, 11, 30)) == []
