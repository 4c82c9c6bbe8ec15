"""Two simultaneous loan disbursements that together exceed the budget: exactly one is
paid (PostgreSQL, real concurrent connections)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from sinergi.loans import actions
from sinergi.loans.models import LoanEntry

from .conftest import START

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so real concurrent connections need PostgreSQL",
    ),
]


def test_two_simultaneous_disbursements_never_exceed_the_budget(
    make_loan: Any, make_business: Any, admin: Any
) -> None:
    # Budget Rp50.000.000: each loan fits alone, the two together do not.
    agreements = [make_loan(make_business(), principal=30_000_000, disburse=False) for _ in "ab"]
    # The same agreement twice as well: it must not be paid out twice.
    attempts = [agreements[0], agreements[1], agreements[0], agreements[1]]
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(agreement: Any) -> None:
        try:
            barrier.wait(timeout=10)
            actions.disburse_loan(admin, agreement, on=START)
            result = "paid"
        except actions.LoanError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(a,)) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["paid", "refused", "refused", "refused"]
    assert LoanEntry.objects.filter(kind="disbursement").count() == 1
    assert actions.disbursed_principal(agreements[0].program) == 30_000_000
