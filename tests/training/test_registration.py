"""Registration rules: the waiting list, no double registration, who may register whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.models import AuditEvent
from sinergi.training import actions
from sinergi.training.actions import TrainingError
from sinergi.training.models import Registration

pytestmark = pytest.mark.django_db


def _status(event: Any) -> dict[str, str]:
    return {r.business.name: r.status for r in Registration.objects.filter(event=event)}


def test_registrations_beyond_capacity_wait_and_move_up_in_order_when_a_seat_frees(
    make_event, make_business, officer_bangka
):
    event = make_event(capacity=2)
    a, b, c, d = (make_business(name=n) for n in ("A", "B", "C", "D"))
    first = actions.register(officer_bangka, event, a)
    actions.register(officer_bangka, event, b)
    actions.register(officer_bangka, event, c)
    actions.register(officer_bangka, event, d)
    assert _status(event) == {"A": "registered", "B": "registered", "C": "waiting", "D": "waiting"}

    promoted = actions.cancel_registration(officer_bangka, first)

    assert promoted is not None and promoted.business == c
    assert _status(event) == {
        "A": "cancelled",
        "B": "registered",
        "C": "registered",
        "D": "waiting",
    }
    assert AuditEvent.objects.filter(kind="waiting_list_moved").exists()


def test_cancelling_from_the_waiting_list_moves_nobody_up(
    make_event, make_business, officer_bangka
):
    event = make_event(capacity=1)
    a, b, c = (make_business(name=n) for n in ("A", "B", "C"))
    actions.register(officer_bangka, event, a)
    waiting_b = actions.register(officer_bangka, event, b)
    actions.register(officer_bangka, event, c)
    assert actions.cancel_registration(officer_bangka, waiting_b) is None
    assert _status(event) == {"A": "registered", "B": "cancelled", "C": "waiting"}


def test_it_refuses_to_register_a_business_twice_for_one_event(
    event, bangka_business, officer_bangka
):
    actions.register(officer_bangka, event, bangka_business)
    with pytest.raises(TrainingError, match="sudah terdaftar"):
        actions.register(officer_bangka, event, bangka_business)
    assert Registration.objects.filter(event=event).count() == 1


def test_the_database_holds_the_one_registration_rule_too(event, bangka_business, officer_bangka):
    registration = actions.register(officer_bangka, event, bangka_business)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, business=bangka_business, status="registered", source="manual",
            queued_at=registration.queued_at,
        )  # fmt: skip


def test_a_cancelled_business_registers_again_on_the_same_row(
    event, bangka_business, officer_bangka
):
    registration = actions.register(officer_bangka, event, bangka_business)
    actions.cancel_registration(officer_bangka, registration)
    again = actions.register(officer_bangka, event, bangka_business)
    assert again.pk == registration.pk and again.status == "registered"


def test_inviting_a_cohort_twice_counts_the_second_time_as_already(
    event, make_business, officer_bangka
):
    members = [make_business(name=f"Anggota {i}") for i in range(3)]
    cohort = actions.create_cohort(officer_bangka, "Mitra binaan 2020 – Bangka", "1901")
    actions.add_members(officer_bangka, cohort, members)
    assert actions.invite_cohort(officer_bangka, event, cohort) == {
        "registered": 3, "waiting": 0, "already": 0,
    }  # fmt: skip
    assert actions.invite_cohort(officer_bangka, event, cohort) == {
        "registered": 0, "waiting": 0, "already": 3,
    }  # fmt: skip


def test_inviting_the_target_group_registers_only_businesses_of_the_saved_filter(
    make_event, make_business, villages, officer_babel
):
    inside = make_business(villages["bangka"], name="Di Bangka")
    make_business(villages["pangkalpinang"], name="Di Pangkalpinang")
    event = make_event(officer_babel, region_scope="19", target_filter={"regency": "1901"})
    counts = actions.invite_target(officer_babel, event)
    assert counts["registered"] == 1
    assert list(Registration.objects.filter(event=event).values_list("business", flat=True)) == [
        inside.pk
    ]


def test_a_manager_of_another_organisation_may_not_register_for_the_event(
    event, bangka_business, manager_mitra
):
    with pytest.raises(NotAllowed):
        actions.register(manager_mitra, event, bangka_business)


def test_a_partner_organisation_may_register_once_the_owner_grants_it(
    event, bangka_business, manager_mitra, officer_bangka
):
    actions.grant_partner(officer_bangka, event, manager_mitra.membership.organisation)
    assert actions.register(manager_mitra, event, bangka_business).status == "registered"


def test_a_business_outside_the_event_region_is_refused(
    event, make_business, villages, officer_babel, officer_bangka
):
    elsewhere = make_business(villages["pangkalpinang"])
    actions.grant_partner(officer_bangka, event, officer_babel.membership.organisation)
    with pytest.raises(TrainingError, match="di luar wilayah acara"):
        actions.register(officer_babel, event, elsewhere)


def test_an_owner_registers_their_own_business_only_and_only_when_the_event_allows_it(
    make_event, make_business, make_member, bangka_business
):

    owner = make_member("owner.siti", "business_owner", None, "Pemilik")
    own = make_business(name="Keripik Siti")
    own.owner.user = owner
    own.owner.save()
    closed = make_event(self_registration=False)
    open_ = make_event(self_registration=True)
    with pytest.raises(NotAllowed):
        actions.register(owner, closed, own, source="self")
    with pytest.raises(NotAllowed):
        actions.register(owner, open_, bangka_business, source="self")
    assert actions.register(owner, open_, own, source="self").source == "self"
