"""Membership verbs and pages: yearly fee, payment with a receipt, reminders, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.memberships import actions


@pytest.fixture
def chamber_program(reference_data, admin):
    from sinergi.accounts.models import Organisation
    from sinergi.programs.models import Program

    org = Organisation.objects.create(name="Kadin Kab. Bangka", kind="chamber")
    program = Program.objects.create(
        organisation=org,
        kind="membership",
        name="Keanggotaan Kadin",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2030, 12, 31),
        region_scope="1901",
    )
    actions.set_plan(admin, program, 120_000)
    return program


@pytest.fixture
def member(chamber_program, admin, bangka_business):
    return actions.open_year(admin, chamber_program, bangka_business, 2026)


def test_a_year_is_opened_at_the_plan_fee_and_only_once(member, chamber_program, admin):
    assert member.fee_idr == 120_000 and not member.is_paid
    with pytest.raises(actions.MembershipError):
        actions.open_year(admin, chamber_program, member.business, 2026)
    # A later fee change does not rewrite the opened year.
    actions.set_plan(admin, chamber_program, 150_000)
    member.refresh_from_db()
    assert member.fee_idr == 120_000


def test_a_payment_must_equal_the_fee_and_gets_a_receipt_number(member, admin) -> None:
    with pytest.raises(actions.MembershipError):
        actions.record_payment(admin, member, amount=100_000, on=dt.date(2026, 2, 1))
    paid = actions.record_payment(admin, member, amount=120_000, on=dt.date(2026, 2, 1))
    assert paid.receipt_number.endswith("-2026-00001") and paid.paid_amount == 120_000
    with pytest.raises(actions.MembershipError, match="already paid"):
        actions.record_payment(admin, member, amount=120_000, on=dt.date(2026, 2, 2))
    assert AuditEvent.objects.for_object(paid).filter(action="update").exists()


def test_a_cancelled_payment_keeps_its_receipt_number_out_of_use(member, admin) -> None:
    first = actions.record_payment(admin, member, amount=120_000, on=dt.date(2026, 2, 1))
    actions.cancel_payment(admin, first, reason="salah catat")
    again = actions.record_payment(admin, member, amount=120_000, on=dt.date(2026, 2, 3))
    assert again.receipt_number != first.receipt_number


def test_it_refuses_a_fee_on_a_program_that_is_not_a_membership(loan_like_program, admin):
    with pytest.raises(actions.MembershipError):
        actions.set_plan(admin, loan_like_program, 120_000)


@pytest.fixture
def loan_like_program(chamber_program):
    chamber_program.kind = "loan"
    return chamber_program


def test_renewal_opens_next_year_for_last_years_members(member, chamber_program, admin):
    assert actions.renew_all(admin, chamber_program, 2027) == 1
    assert actions.renew_all(admin, chamber_program, 2027) == 0


def test_the_program_page_lists_members_and_reminders(client_of, officer_bangka, member):
    url = reverse("memberships:program", args=[member.program_id]) + "?year=2026"
    body = client_of(officer_bangka).get(url).content.decode()
    assert member.business.name in body and "Rp120.000" in body
    assert 'id="reminders"' in body


@pytest.fixture
def kadin_manager(chamber_program):
    """A program manager of the chamber that owns the membership program."""
    from tests.conftest import make_user

    return make_user("manager.kadin", "program_manager", "1901", "Kadin Kab. Bangka")


def test_the_chambers_manager_pays_and_gets_a_pdf_receipt(client_of, kadin_manager, member):
    client = client_of(kadin_manager)
    client.post(
        reverse("memberships:pay", args=[member.pk]), {"date": "2026-03-01", "amount": "120.000"}
    )
    member.refresh_from_db()
    assert member.is_paid
    response = client.get(reverse("memberships:receipt", args=[member.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_officer_of_another_province_sees_no_membership(client_of, officer_denpasar, member):
    client = client_of(officer_denpasar)
    assert client.get(reverse("memberships:program", args=[member.program_id])).status_code == 404
    response = client.post(
        reverse("memberships:pay", args=[member.pk]), {"date": "2026-03-01", "amount": "120000"}
    )
    assert response.status_code == 404
    assert client.get(reverse("memberships:receipt", args=[member.pk])).status_code == 404
    member.refresh_from_db()
    assert not member.is_paid


def test_the_business_page_shows_its_membership(client_of, officer_bangka, member) -> None:
    body = (
        client_of(officer_bangka)
        .get(reverse("registry:loans", args=[member.business_id]))
        .content.decode()
    )
    assert "Keanggotaan Kadin" in body


def test_the_chambers_manager_sets_the_yearly_fee_and_an_auditor_or_officer_cannot(
    client_of, kadin_manager, officer_bangka, auditor, chamber_program
) -> None:
    url = reverse("memberships:set_fee", args=[chamber_program.pk])
    assert client_of(auditor).post(url, {"fee": "1"}).status_code == 403
    # The regency office reads the chamber's program in its region, but it is not theirs.
    assert client_of(officer_bangka).post(url, {"fee": "1"}).status_code == 403
    client_of(kadin_manager).post(url, {"fee": "150.000"})
    chamber_program.membership_plan.refresh_from_db()
    assert chamber_program.membership_plan.yearly_fee_idr == 150_000
