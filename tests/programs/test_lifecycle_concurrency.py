"""Cancelling a cycle or closing a program while a payer pays it (PostgreSQL): money never
leaves a cancelled cycle or a closed program, and a paid cycle is never cancelled."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from tests.programs.test_lifecycle import approve

from sinergi.programs import actions, lifecycle
from sinergi.programs.models import Cycle, CycleStatus, Disbursement, Program, ProgramStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so real concurrent connections need PostgreSQL",
    ),
]


def race(*calls: Callable[[], Any]) -> list[str]:
    """Run `calls` at the same moment, each on its own connection; 'ok' or 'refused'."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            calls[i]()
            outcomes[i] = "ok"
        except actions.ProgramError:
            outcomes[i] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_a_cycle_cancelled_while_it_is_paid_is_either_paid_or_cancelled(
    officer_bangka: Any, grant_program: Program, make_business: Any
) -> None:
    for round_ in range(3):
        cycle = actions.create_cycle(officer_bangka, grant_program, f"Tahap {round_}")
        business = make_business()
        approve(officer_bangka, cycle, (business, 1_000_000))
        nomination = cycle.nominations.get()
        # The payer already read the cycle as approved (as disburse_cycle does up front).
        line = actions.PaymentLine(business.pk, 1_000_000, nomination.pk, business.name)
        pay, cancel = race(
            lambda ln=line: actions.disburse_lines(officer_bangka, grant_program, [ln]),
            lambda c=cycle: lifecycle.cancel_cycle(officer_bangka, c, "dibatalkan"),
        )
        paid = Disbursement.objects.filter(nomination=nomination).count()
        status = Cycle.objects.get(pk=cycle.pk).status
        assert (pay, cancel, paid, status) in [
            ("ok", "refused", 1, CycleStatus.APPROVED),
            ("refused", "ok", 0, CycleStatus.CANCELLED),
        ], round_


def test_a_program_closed_while_it_pays_pays_nothing_after_closing(
    officer_bangka: Any, make_business: Any
) -> None:
    from datetime import date

    for round_ in range(3):
        program = actions.create_program(
            officer_bangka,
            organisation=officer_bangka.membership.organisation,
            kind="grant",
            name=f"Hibah {round_}",
            budget_idr=10_000_000,
            period_start=date(2020, 1, 1),
            period_end=date(2020, 12, 31),
            region_scope="1901",
        )
        business = make_business()
        pay, close = race(
            lambda p=program, b=business: actions.disburse(
                officer_bangka, program=p, business=b, amount_idr=1_000_000
            ),
            lambda p=program: lifecycle.close_program(officer_bangka, p, "ditutup"),
        )
        assert close == "ok"
        assert Program.objects.get(pk=program.pk).status == ProgramStatus.CLOSED
        paid = Disbursement.objects.filter(program=program)
        if pay == "ok":  # paid before the close took the lock: recorded before closed_at
            assert paid.get().created_at <= Program.objects.get(pk=program.pk).closed_at
        else:
            assert not paid.exists()
