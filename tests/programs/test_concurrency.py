"""Two simultaneous grant payments to one business: exactly one succeeds (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from sinergi.programs import actions
from sinergi.programs.models import Disbursement

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so real concurrent connections need PostgreSQL",
    ),
]


def test_two_simultaneous_grants_to_one_business_give_exactly_one_payment(
    officer_bangka: Any, bangka_business: Any
) -> None:
    programs = [
        actions.create_program(
            officer_bangka,
            organisation=officer_bangka.membership.organisation,
            kind="grant",
            name=f"Hibah {i}",
            budget_idr=10_000_000,
            period_start=date(2020, 1, 1),
            period_end=date(2020, 12, 31),
            region_scope="1901",
        )
        for i in range(2)
    ]
    # Same program twice, and two programs of the same kind: both must serialise.
    attempts = [programs[0], programs[0], programs[1], programs[1]]
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(program: Any) -> None:
        try:
            barrier.wait(timeout=10)
            actions.disburse(
                officer_bangka, program=program, business=bangka_business, amount_idr=2_400_000
            )
            result = "paid"
        except actions.DisbursementRefused:
            result = "refused"
        finally:
            connections.close_all()  # each thread has its own connection; close it
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["paid", "refused", "refused", "refused"]
    assert Disbursement.objects.filter(business=bangka_business).count() == 1
