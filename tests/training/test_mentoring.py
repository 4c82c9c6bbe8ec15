"""Mentoring: who assigns whom, logs and problems by the mentor, overdue follow-ups first."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.accounts.scope import NotAllowed
from sinergi.training import mentoring
from sinergi.training.actions import TrainingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(make_member):
    return make_member("dosen.ubb", "program_manager", "19", "Universitas Bangka Belitung")


@pytest.fixture
def coordinator(make_member, mentor):
    return make_member("koordinator.ubb", "program_manager", "19", "Universitas Bangka Belitung")


def test_a_coordinator_assigns_a_mentor_of_their_own_organisation_only(
    coordinator, mentor, officer_bangka, bangka_business
):
    assignment = mentoring.assign(coordinator, mentor, bangka_business)
    assert assignment.organisation == mentor.membership.organisation
    with pytest.raises(NotAllowed):
        mentoring.assign(officer_bangka, mentor, bangka_business)  # another organisation's mentor
    with pytest.raises(TrainingError, match="already assigned"):
        mentoring.assign(coordinator, mentor, bangka_business)


def test_the_mentor_logs_visits_and_problems_and_an_outsider_may_not(
    coordinator, mentor, manager_mitra, bangka_business
):
    assignment = mentoring.assign(coordinator, mentor, bangka_business)
    mentoring.log_contact(mentor, assignment, "visit", dt.date(2024, 3, 1), "cek pembukuan")
    mentoring.add_problem(mentor, assignment, "legality", "belum punya PIRT", dt.date(2024, 4, 1))
    assert assignment.logs.count() == 1 and assignment.problems.count() == 1
    with pytest.raises(NotAllowed):
        mentoring.log_contact(manager_mitra, assignment, "call", dt.date(2024, 3, 2), "halo")


def test_a_mentor_sees_overdue_follow_ups_first_and_solved_ones_not_at_all(
    coordinator, mentor, make_business, client_of
):
    today = dt.date.today()
    items = {}
    for name, days in (("Nanti", 10), ("Terlambat lama", -30), ("Terlambat", -2), ("Beres", -40)):
        assignment = mentoring.assign(coordinator, mentor, make_business(name=name))
        items[name] = mentoring.add_problem(
            mentor, assignment, "capital", f"modal {name}", today + dt.timedelta(days=days)
        )
    mentoring.update_problem(mentor, items["Beres"], "solved", None)
    order = [(p.business.name, overdue) for p, overdue in mentoring.follow_ups(mentor, today)]
    assert order == [("Terlambat lama", True), ("Terlambat", True), ("Nanti", False)]
    page = client_of(mentor).get("/training/mentoring/").content.decode()
    assert (
        page.index("Terlambat lama") < page.index("Nanti")
        and "Beres" not in page.split('id="follow-ups"')[1].split("</table>")[0]
    )
