"""Program fixtures: a Bangka grant program with a cycle, run by the Bangka officer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest


@pytest.fixture
def grant_program(officer_bangka: Any) -> Any:
    from sinergi.programs import actions

    return actions.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="grant",
        name="Hibah UMKM Bangka 2020",
        budget_idr=10_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[],
    )


@pytest.fixture
def cycle(grant_program: Any, officer_bangka: Any) -> Any:
    from sinergi.programs import actions

    return actions.create_cycle(officer_bangka, grant_program, "Tahap 1")
