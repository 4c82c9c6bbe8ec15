"""Repayment schedule, allocation (fee before principal), days past due, revisions."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.loans.schedule import (
    add_months,
    allocate,
    build_schedule,
    days_past_due,
    revise_schedule,
    split_payment,
    total_admin_fee,
)

START = dt.date(2024, 1, 31)


def test_it_computes_a_flat_admin_fee_on_the_original_principal() -> None:
    # Rp10.000.000 at 6%/year for 12 months: Rp600.000, whatever is repaid meanwhile.
    assert total_admin_fee(10_000_000, Decimal("0.06"), 12) == 600_000
    assert total_admin_fee(10_000_000, Decimal("0.06"), 18) == 900_000


def test_it_spreads_principal_and_fee_evenly_with_the_remainder_in_the_last_instalment() -> None:
    schedule = build_schedule(1_000_000, 3, Decimal("0.03"), START)
    assert [i.principal_due for i in schedule] == [333_333, 333_333, 333_334]
    assert [i.fee_due for i in schedule] == [2_500, 2_500, 2_500]
    assert all(isinstance(i.principal_due, int) for i in schedule)


def test_due_dates_clamp_to_the_end_of_a_short_month() -> None:
    schedule = build_schedule(1_200_000, 2, Decimal("0.06"), START)
    assert [i.due_date for i in schedule] == [dt.date(2024, 2, 29), dt.date(2024, 3, 31)]
    assert add_months(dt.date(2023, 12, 15), 1) == dt.date(2024, 1, 15)


def test_it_refuses_floats_and_fractions_of_a_rupiah() -> None:
    with pytest.raises(TypeError):
        build_schedule(1_000_000.0, 3, Decimal("0.03"), START)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        allocate(build_schedule(1_000_000, 3, Decimal("0.03"), START), Decimal("10.5"))


def test_a_payment_pays_the_admin_fee_before_principal() -> None:
    schedule = build_schedule(1_200_000, 12, Decimal("0.06"), START)  # fee 6.000/month
    fee, principal, credit = split_payment(schedule, 0, 5_000)
    assert (fee, principal, credit) == (5_000, 0, 0)
    fee, principal, credit = split_payment(schedule, 5_000, 10_000)
    assert (fee, principal, credit) == (1_000, 9_000, 0)


def test_a_payment_goes_to_the_oldest_instalment_first() -> None:
    schedule = build_schedule(1_200_000, 12, Decimal("0.06"), START)  # 106.000/month
    allocation = allocate(schedule, 106_000 + 6_000)
    assert allocation.rows[0].is_paid
    assert (allocation.rows[1].fee_paid, allocation.rows[1].principal_paid) == (6_000, 0)
    assert allocation.rows[2].paid == 0


def test_overpayment_is_kept_as_credit_not_dropped() -> None:
    schedule = build_schedule(100_000, 1, Decimal("0"), START)
    assert allocate(schedule, 150_000).credit == 50_000


def test_days_past_due_count_from_the_oldest_unpaid_instalment() -> None:
    schedule = build_schedule(1_200_000, 12, Decimal("0.06"), START)
    first_due = schedule[0].due_date  # 29 Feb 2024
    assert days_past_due(schedule, 0, first_due) == 0
    assert days_past_due(schedule, 0, first_due + dt.timedelta(days=31)) == 31
    # Paying the first instalment moves the clock to the second one.
    assert days_past_due(schedule, 106_000, dt.date(2024, 4, 30)) == 30
    # Partly paid still counts as unpaid.
    assert days_past_due(schedule, 105_999, dt.date(2024, 4, 30)) == 61
    assert days_past_due(schedule, 10**9, dt.date(2030, 1, 1)) == 0


def test_a_reschedule_keeps_what_was_paid_and_conserves_principal() -> None:
    schedule = build_schedule(1_200_000, 12, Decimal("0.06"), START)
    paid = 106_000 * 2 + 50_000
    on = dt.date(2024, 6, 1)
    revised = revise_schedule(schedule, paid, on=on, tenor_months=24, yearly_rate=Decimal("0.06"))
    assert sum(i.principal_due for i in revised) == 1_200_000
    kept = [i for i in revised if i.number <= 3]
    assert sum(i.total_due for i in kept) == paid
    assert revised[3].number == 4 and revised[3].due_date == dt.date(2024, 7, 1)
    assert days_past_due(revised, paid, on) == 0


def test_a_restructure_may_waive_the_arrears_fee() -> None:
    schedule = build_schedule(1_200_000, 12, Decimal("0.06"), START)
    on = dt.date(2024, 6, 1)  # 4 instalments due (Feb-May), nothing paid: arrears fee 24.000
    kept_fee = revise_schedule(schedule, 0, on=on, tenor_months=12, yearly_rate=Decimal("0.06"))
    waived = revise_schedule(
        schedule, 0, on=on, tenor_months=12, yearly_rate=Decimal("0.06"), waive_arrears_fee=True
    )
    assert sum(i.fee_due for i in kept_fee) - sum(i.fee_due for i in waived) == 24_000


loan_terms = st.tuples(
    st.integers(min_value=1, max_value=10**10),
    st.integers(min_value=1, max_value=60),
    st.decimals(min_value=0, max_value=Decimal("0.3"), places=3),
)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(loan_terms, st.lists(st.integers(min_value=0, max_value=10**9), max_size=20))
def test_allocation_is_never_negative_and_conserves_money(terms, payments) -> None:
    principal, tenor, rate = terms
    schedule = build_schedule(principal, tenor, rate, START)
    assert sum(i.principal_due for i in schedule) == principal
    assert sum(i.fee_due for i in schedule) == total_admin_fee(principal, rate, tenor)
    paid = 0
    for amount in payments:
        fee, princ, credit = split_payment(schedule, paid, amount)
        assert min(fee, princ, credit) >= 0
        assert fee + princ + credit == amount
        paid += amount
    allocation = allocate(schedule, paid)
    for row in allocation.rows:
        assert 0 <= row.fee_paid <= row.instalment.fee_due
        assert 0 <= row.principal_paid <= row.instalment.principal_due
    assert allocation.fee_paid + allocation.principal_paid + allocation.credit == paid


@settings(deadline=None)
@given(loan_terms, st.integers(min_value=0, max_value=10**10), st.integers(1, 48))
def test_revising_a_schedule_conserves_principal_and_what_was_paid(terms, paid, tenor) -> None:
    principal, old_tenor, rate = terms
    schedule = build_schedule(principal, old_tenor, rate, START)
    if allocate(schedule, paid).principal_outstanding == 0:
        return
    revised = revise_schedule(
        schedule, paid, on=dt.date(2025, 3, 10), tenor_months=tenor, yearly_rate=rate
    )
    assert sum(i.principal_due for i in revised) == principal
    assert min(min(i.principal_due, i.fee_due) for i in revised) >= 0
    assert allocate(revised, paid).credit == allocate(schedule, paid).credit
