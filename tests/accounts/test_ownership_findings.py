"""The authorisation findings of issue 11, each over HTTP and through the verb itself (as
the CLI and tasks call it): organisations own their programs, and a merge is undone only
by someone who may see every business it touched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from tests.conftest import DENPASAR_VILLAGE, PANGKALPINANG_VILLAGE, make_user

from sinergi.accounts.scope import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def state_loan(manager_mitra: Any, bangka_business: Any) -> Any:
    """A running loan of the state company's partnership program, to a Bangka business."""
    from sinergi.loans import actions
    from sinergi.programs import actions as programs

    program = programs.create_program(
        manager_mitra,
        organisation=manager_mitra.membership.organisation,
        kind="loan",
        name="Pinjaman Kemitraan BUMN",
        budget_idr=50_000_000,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        region_scope="19",
        eligibility_rules=[],
    )
    application = actions.submit_application(
        manager_mitra, program=program, business=bangka_business, amount=6_000_000, tenor_months=6
    )
    agreement = actions.approve_application(
        manager_mitra,
        application,
        principal=6_000_000,
        tenor_months=6,
        admin_fee_rate=Decimal("0.06"),
        start_date=dt.date(2024, 2, 1),
    )
    actions.disburse_loan(manager_mitra, agreement, on=dt.date(2024, 2, 1))
    return agreement


def test_a_regency_officer_cannot_act_on_the_state_companys_loan(
    client_of: Any, officer_bangka: Any, state_loan: Any, make_business: Any
) -> None:
    from sinergi.loans import actions
    from sinergi.loans.models import LoanEntry

    client = client_of(officer_bangka)
    # It lies in Bangka: the officer reads it ...
    assert client.get(reverse("loans:agreement", args=[state_loan.pk])).status_code == 200
    # ... but repaying, writing off, rescheduling are the state company's.
    for verb, data in [
        ("repay", {"date": "2024-03-01", "amount": "1000000"}),
        ("write_off", {"date": "2024-03-01", "reason": "macet"}),
        ("reschedule", {"date": "2024-03-01", "tenor_months": "12", "reason": "usaha sepi"}),
    ]:
        response = client.post(reverse("loans:act", args=[state_loan.pk, verb]), data)
        assert response.status_code == 403, verb
    assert not LoanEntry.objects.filter(kind__in=["repayment", "write_off"]).exists()
    on = dt.date(2024, 3, 1)
    with pytest.raises(NotAllowed):
        actions.record_repayment(officer_bangka, state_loan, amount=1_000_000, on=on)
    with pytest.raises(NotAllowed):
        actions.write_off(officer_bangka, state_loan, on=on, reason="macet")
    with pytest.raises(NotAllowed):
        actions.revise_loan(
            officer_bangka, state_loan, kind="reschedule", on=on, tenor_months=12, reason="sepi"
        )
    # Deciding a new application of the program is the state company's too.
    other = make_business(name="Kedai Baru")
    application = actions.submit_application(
        state_loan.program.organisation.members.get().user,
        program=state_loan.program,
        business=other,
        amount=1_000_000,
        tenor_months=6,
    )
    response = client.post(
        reverse("loans:decide", args=[application.pk]), {"decision": "reject", "note": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        actions.reject_application(officer_bangka, application, "x")
    with pytest.raises(NotAllowed):
        actions.submit_application(
            officer_bangka,
            program=state_loan.program,
            business=other,
            amount=1,
            tenor_months=1,
        )


@pytest.fixture
def bangka_cycle(officer_bangka: Any, bangka_business: Any, tmp_path: Any) -> Any:
    """Bangka's grant program, a submitted cycle with a finding from Bangka's own list."""
    from sinergi.programs import actions

    program = actions.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="grant",
        name="Hibah Bangka",
        budget_idr=10_000_000,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[],
    )
    path = tmp_path / "asn.csv"
    path.write_text("NAMA,NIK\nSiti Aminah,1901015507850001\n", encoding="utf-8")
    actions.upload_reference_list(
        officer_bangka,
        organisation=program.organisation,
        category="asn",
        name="ASN Bangka (rahasia)",
        path=str(path),
    )
    cycle = actions.create_cycle(officer_bangka, program, "Tahap 1")
    actions.nominate(officer_bangka, cycle, bangka_business, 2_000_000)
    actions.submit_cycle(officer_bangka, cycle)
    assert cycle.nominations.get().findings.filter(reason="EXCLUDED_ASN").exists()
    return cycle


def test_another_organisations_manager_cannot_run_bangkas_grant_program(
    client_of: Any, manager_mitra: Any, officer_bangka: Any, bangka_cycle: Any
) -> None:
    from sinergi.programs import actions, lifecycle
    from sinergi.programs.models import Program

    program = bangka_cycle.program
    client = client_of(manager_mitra)
    for url, data in [
        (reverse("programs:close", args=[program.pk]), {"reason": "x"}),
        (reverse("programs:edit", args=[program.pk]), {"name": "x", "budget_idr": "1"}),
        (reverse("programs:step", args=[bangka_cycle.pk, "cancel"]), {"reason": "x"}),
        (reverse("programs:step", args=[bangka_cycle.pk, "approve"]), {}),
        (reverse("programs:step", args=[bangka_cycle.pk, "disburse"]), {}),
    ]:
        assert client.post(url, data).status_code in (403, 404), url
    # Its cycle page, with the findings from Bangka's private list, is not theirs to read.
    page = client.get(reverse("programs:cycle", args=[bangka_cycle.pk]))
    assert page.status_code == 404 and "ASN Bangka" not in page.content.decode()
    program.refresh_from_db()
    assert program.status == "active" and program.budget_idr == 10_000_000
    # The verbs refuse the same when called directly (CLI, tasks).
    with pytest.raises(NotAllowed):
        lifecycle.close_program(manager_mitra, program, "x")
    with pytest.raises(NotAllowed):
        lifecycle.update_program(
            manager_mitra,
            program,
            name=program.name,
            budget_idr=1,
            period_start=program.period_start,
            period_end=program.period_end,
            region_scope=program.region_scope,
            eligibility_rules=[],
        )
    with pytest.raises(NotAllowed):
        lifecycle.cancel_cycle(manager_mitra, bangka_cycle, "x")
    with pytest.raises(NotAllowed):
        actions.verify_cycle(manager_mitra, bangka_cycle)
    with pytest.raises(NotAllowed):
        actions.approve_cycle(manager_mitra, bangka_cycle)
    with pytest.raises(NotAllowed):
        actions.disburse_cycle(manager_mitra, bangka_cycle)
    with pytest.raises(NotAllowed):  # create_cycle checks by itself, not only its page
        actions.create_cycle(manager_mitra, program, "Tahap 2")
    assert Program.objects.get(pk=program.pk).cycles.count() == 1


def test_a_partner_grant_lets_another_organisation_manage_and_is_audited(
    client_of: Any, manager_mitra: Any, officer_bangka: Any, bangka_cycle: Any
) -> None:
    from sinergi.audit.models import AuditEvent
    from sinergi.programs import actions

    program = bangka_cycle.program
    partner = manager_mitra.membership.organisation
    # Only the owner's managers grant: not the would-be partner itself.
    response = client_of(manager_mitra).post(
        reverse("programs:partners", args=[program.pk]), {"organisation": partner.pk}
    )
    assert response.status_code == 404  # not even visible to them yet
    client_of(officer_bangka).post(
        reverse("programs:partners", args=[program.pk]), {"organisation": partner.pk}
    )
    assert program.partners.filter(organisation=partner).exists()
    event = AuditEvent.objects.for_object(program).latest("id")
    assert event.changes["partners"] == {"old": None, "new": partner.name}
    cycle = actions.create_cycle(manager_mitra, program, "Tahap 2")  # now allowed
    assert cycle.program == program
    client_of(officer_bangka).post(
        reverse("programs:partners", args=[program.pk]),
        {"organisation": partner.pk, "remove": "1"},
    )
    with pytest.raises(NotAllowed):
        actions.create_cycle(manager_mitra, program, "Tahap 3")


def test_a_city_officer_cannot_set_the_chambers_membership_fee(
    client_of: Any, officer_denpasar: Any, make_business: Any
) -> None:
    from sinergi.memberships import actions
    from sinergi.programs import actions as programs

    kadin = make_user("manager.kadin.dps", "program_manager", "5171", "Kadin Kota Denpasar")
    program = programs.create_program(
        kadin,
        organisation=kadin.membership.organisation,
        kind="membership",
        name="Keanggotaan Kadin Denpasar",
        budget_idr=0,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2030, 12, 31),
        region_scope="5171",
        eligibility_rules=[],
    )
    actions.set_plan(kadin, program, 120_000)
    response = client_of(officer_denpasar).post(
        reverse("memberships:set_fee", args=[program.pk]), {"fee": "1"}
    )
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        actions.set_plan(officer_denpasar, program, 1)
    program.membership_plan.refresh_from_db()
    assert program.membership_plan.yearly_fee_idr == 120_000
    member = make_business(DENPASAR_VILLAGE, name="Kedai Dps")
    with pytest.raises(NotAllowed):
        actions.open_year(officer_denpasar, program, member, 2026)


@pytest.mark.parametrize(
    "data", [{}, {"fee": "seratus"}, {"fee": "1" * 40}, {"year": "abc"}, {"date": "kemarin"}]
)
def test_malformed_membership_forms_are_messages_not_500s(
    client_of: Any, make_business: Any, data: dict
) -> None:
    from sinergi.memberships import actions
    from sinergi.programs import actions as programs

    kadin = make_user("manager.kadin.form", "program_manager", "5171", "Kadin Kota Denpasar")
    program = programs.create_program(
        kadin, organisation=kadin.membership.organisation, kind="membership", name="K",
        budget_idr=0, period_start=dt.date(2025, 1, 1), period_end=dt.date(2030, 12, 31),
        region_scope="5171", eligibility_rules=[],
    )  # fmt: skip
    actions.set_plan(kadin, program, 120_000)
    business = make_business(DENPASAR_VILLAGE, name="Kedai Form")
    period = actions.open_year(kadin, program, business, 2026)
    client = client_of(kadin)
    for name, args in [
        ("memberships:set_fee", [program.pk]),
        ("memberships:renew", [program.pk]),
        ("memberships:pay", [period.pk]),
        ("memberships:enrol", [business.pk]),
    ]:
        posted = {**data, "program": str(program.pk)} if name.endswith("enrol") else data
        response = client.post(reverse(name, args=args), posted)
        assert response.status_code in (302, 400), (name, data)


def test_a_regency_officer_cannot_undo_a_province_merge_touching_another_regency(
    client_of: Any, officer_babel: Any, officer_bangka: Any, make_business: Any
) -> None:
    from sinergi.review.merge import merge_businesses, undo_operation

    in_bangka = make_business(name="Toko Sama", nik="1901015507850201")
    in_pangkalpinang = make_business(
        PANGKALPINANG_VILLAGE, name="Toko Sama", nik="1971015507850202"
    )
    op = merge_businesses(officer_babel, in_bangka, [in_pangkalpinang])
    client = client_of(officer_bangka)
    assert client.get(reverse("review:operation", args=[op.pk])).status_code == 404
    assert client.post(reverse("review:undo", args=[op.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        undo_operation(officer_bangka, op)
    op.refresh_from_db()
    assert op.undone_at is None
    undo_operation(officer_babel, op)  # the province officer sees both: allowed


def test_a_superuser_without_membership_gets_pages_not_500s(make_member: Any, client_of: Any):
    root = make_member("root.nomember", None, None)
    root.is_superuser = True
    root.save()
    client = client_of(root)
    assert client.get(reverse("programs:list")).status_code == 200
    assert client.get(reverse("programs:create")).status_code == 200
    response = client.post(
        reverse("programs:create"),
        {"kind": "grant", "name": "X", "budget_idr": "1", "period_start": "2025-01-01",
         "period_end": "2025-12-31", "region_scope": "", "eligibility_rules": "[]"},
    )  # fmt: skip
    assert response.status_code == 200  # a form error: the account has no organisation
    assert client.get(reverse("programs:references")).status_code == 200
