"""Contact lists honour consent: only owners whose newest consent gives it, in the CSV,
the vCard and the WhatsApp links; a withdrawal takes effect at once, everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sinergi.accounts.scope import NotAllowed
from sinergi.training import actions, contacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(make_business: Any, officer_bangka: Any) -> Any:
    cohort = actions.create_cohort(officer_bangka, "Mitra binaan 2020 – Bangka", "1901")
    yes = make_business(name="Keripik Setuju", owner_name="Ani Setuju", phone="0812-1111-2222")
    no = make_business(name="Kopi Menolak", owner_name="Budi Menolak", phone="081233334444")
    silent = make_business(name="Batik Diam", owner_name="Cici Diam", phone="081255556666")
    actions.add_members(officer_bangka, cohort, [yes, no, silent])
    day = dt.date(2024, 1, 10)
    actions.record_consent(officer_bangka, yes, given=True, on=day, source="formulir pendaftaran")
    actions.record_consent(officer_bangka, no, given=True, on=day, source="formulir pendaftaran")
    actions.record_consent(
        officer_bangka, no, given=False, on=day + dt.timedelta(days=5), source="telepon"
    )
    return cohort


def test_only_consenting_owners_are_in_the_csv_the_vcard_and_the_links(
    cohort, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    csv_text = client.get(f"/training/contacts/cohort/{cohort.pk}.csv").content.decode()
    vcard = client.get(f"/training/contacts/cohort/{cohort.pk}.vcf").content.decode()
    page = client.get(
        f"/training/contacts/cohort/{cohort.pk}/?message=Halo+{{nama}}"
    ).content.decode()
    for text in (csv_text, vcard, page):
        assert "Ani Setuju" in text
        assert "Budi Menolak" not in text and "Cici Diam" not in text
    assert "+6281211112222" in csv_text and "TEL;TYPE=CELL:+6281211112222" in vcard
    assert "https://wa.me/6281211112222?text=Halo%20Ani%20Setuju" in page
    assert "2 members have not consented" in page or "2 anggota" in page


def test_a_withdrawal_removes_the_owner_from_the_next_export_at_once(cohort, officer_bangka):
    items, left_out = contacts.contacts(officer_bangka, cohort)
    assert [c.owner for c in items] == ["Ani Setuju"] and left_out == 2
    ani = cohort.members.get(business__name="Keripik Setuju").business
    actions.record_consent(
        officer_bangka, ani, given=False, on=dt.date(2024, 2, 1), source="pesan WhatsApp"
    )
    assert contacts.contacts(officer_bangka, cohort) == ([], 3)


def test_an_event_contact_list_lists_only_consenting_registered_participants(
    event, cohort, officer_bangka
):
    actions.invite_cohort(officer_bangka, event, cohort)
    items, left_out = contacts.contacts(officer_bangka, event)
    assert [c.owner for c in items] == ["Ani Setuju"] and left_out == 2


def test_consent_needs_a_source_and_someone_who_may_edit_the_business(
    bangka_business, officer_bangka, manager_mitra
):
    with pytest.raises(actions.TrainingError):
        actions.record_consent(
            officer_bangka, bangka_business, given=True, on=dt.date.today(), source=" "
        )
    with pytest.raises(NotAllowed):
        actions.record_consent(
            manager_mitra, bangka_business, given=True, on=dt.date.today(), source="x"
        )


def test_contacts_of_another_organisation_s_cohort_are_refused(cohort, manager_mitra, client_of):
    assert client_of(manager_mitra).get(
        f"/training/contacts/cohort/{cohort.pk}.csv"
    ).status_code in (403, 404)
    with pytest.raises(NotAllowed):
        contacts.contacts(manager_mitra, cohort)
