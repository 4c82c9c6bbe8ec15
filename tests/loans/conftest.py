"""Fixtures of loan tests: a partnership-loan program in Bangka Belitung and loans in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

START = dt.date(2024, 1, 15)


@pytest.fixture
def loan_program(reference_data: None) -> Any:
    from sinergi.accounts.models import Organisation
    from sinergi.programs.models import Program

    org, _ = Organisation.objects.get_or_create(
        name="Program Kemitraan BUMN", defaults={"kind": "soe_partnership"}
    )
    return Program.objects.create(
        organisation=org,
        kind="loan",
        name="Pinjaman Kemitraan 2024",
        budget_idr=50_000_000,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        region_scope="19",
    )


@pytest.fixture
def make_loan(loan_program: Any, admin: Any) -> Callable[..., Any]:
    """make_loan(business, principal=12_000_000, tenor=12, rate='0.06', disburse=True)."""
    from sinergi.loans import actions

    def make(
        business: Any,
        principal: int = 12_000_000,
        tenor: int = 12,
        rate: str = "0.06",
        disburse: bool = True,
        program: Any = None,
    ) -> Any:
        application = actions.submit_application(
            admin,
            program=program or loan_program,
            business=business,
            amount=principal,
            tenor_months=tenor,
        )
        agreement = actions.approve_application(
            admin,
            application,
            principal=principal,
            tenor_months=tenor,
            admin_fee_rate=Decimal(rate),
            start_date=START,
        )
        if disburse:
            actions.disburse_loan(admin, agreement, on=START)
            agreement.refresh_from_db()
        return agreement

    return make
