"""Cycles: nominate, freeze at submission, screening findings block approval."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from sinergi.audit.models import AuditEvent
from sinergi.programs import actions
from sinergi.programs.models import CycleStatus, FindingStatus, NominationStatus

pytestmark = pytest.mark.django_db


def test_submission_freezes_the_business_as_it_was(
    cycle: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    nomination = actions.nominate(officer_bangka, cycle, bangka_business, 2_400_000)
    actions.submit_cycle(officer_bangka, cycle)
    bangka_business.name = "Nama Baru Setelah Diajukan"
    bangka_business.save()
    nomination.refresh_from_db()
    assert nomination.snapshot["name"] == "Warung Makan Bu Siti"
    assert nomination.snapshot["nik"] == "1901015507850001"


def test_doubles_and_a_civil_servant_are_found_and_block_approval(
    cycle: Any, officer_bangka: Any, make_business: Any, bangka_business: Any, tmp_path: Path
) -> None:
    # The same business registered twice (not yet merged) and an owner on the ASN list.
    twin = make_business(
        name="Warung Makan Bu Siti", owner_name="Siti Aminah", nik="1901015507850001"
    )
    asn_owner = make_business(name="Toko Budi", owner_name="Budi Santoso", nik="1901011202750002")
    other = make_business(name="Kedai Made", owner_name="Made Wirawan", nik="1901010101700003")
    asn_file = tmp_path / "asn.csv"
    asn_file.write_text("NAMA,NIK\nBudi Santoso,1901011202750002\n", encoding="utf-8")
    actions.upload_reference_list(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        category="asn",
        name="Data ASN 2020",
        path=str(asn_file),
    )
    for business in (bangka_business, twin, asn_owner, other):
        actions.nominate(officer_bangka, cycle, business, 2_400_000)
    actions.submit_cycle(officer_bangka, cycle)
    actions.verify_cycle(officer_bangka, cycle)
    reasons = {f.nomination.business_id: f.reason for f in actions.open_findings(cycle)}
    assert reasons == {twin.pk: "DUPLICATE_IN_LIST", asn_owner.pk: "EXCLUDED_ASN"}
    with pytest.raises(actions.ProgramError, match="2 temuan terbuka"):
        actions.approve_cycle(officer_bangka, cycle)

    duplicate = actions.open_findings(cycle).get(reason="DUPLICATE_IN_LIST")
    actions.remove_nomination(officer_bangka, duplicate.nomination, "data ganda")
    civil_servant = actions.open_findings(cycle).get()
    actions.resolve_finding(officer_bangka, civil_servant, "sudah pensiun per SK 2019")
    cycle = actions.approve_cycle(officer_bangka, cycle)
    assert cycle.status == CycleStatus.APPROVED
    duplicate.refresh_from_db()
    assert duplicate.status == FindingStatus.REMOVED
    assert duplicate.nomination.status == NominationStatus.REMOVED
    civil_servant.refresh_from_db()
    assert civil_servant.resolved_by == officer_bangka

    result = actions.disburse_cycle(officer_bangka, cycle)
    assert result["paid"] == 3
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.PAID
    assert cycle.program.budget_left() == 10_000_000 - 3 * 2_400_000
    steps = (
        AuditEvent.objects.for_object(cycle)
        .order_by("id")
        .values_list("changes__status__new", flat=True)
    )
    assert list(steps) == [None, "submitted", "verified", "approved", "paid"]


def test_an_ineligible_business_gets_a_finding_with_the_reason(
    officer_bangka: Any, bangka_business: Any
) -> None:
    program = actions.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="grant",
        name="Hibah Covid",
        budget_idr=5_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[{"type": "covid_affected"}],
    )
    cycle = actions.create_cycle(officer_bangka, program, "Tahap 1")
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    actions.submit_cycle(officer_bangka, cycle)
    finding = actions.open_findings(cycle).get()
    assert finding.reason == "NOT_ELIGIBLE"
    assert finding.message_id == "tidak memenuhi syarat: tidak tercatat terdampak Covid-19"


def test_a_business_outside_the_users_scope_cannot_be_nominated(
    cycle: Any, officer_bangka: Any, make_business: Any, villages: dict
) -> None:
    elsewhere = make_business(villages["denpasar"])
    with pytest.raises(PermissionDenied):
        actions.nominate(officer_bangka, cycle, elsewhere, 1_000_000)


def test_the_same_business_cannot_be_nominated_twice_in_a_cycle(
    cycle: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    with pytest.raises(actions.ProgramError, match="sudah dinominasikan"):
        actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)


def test_an_auditor_cannot_nominate(cycle: Any, auditor: Any, bangka_business: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.nominate(auditor, cycle, bangka_business, 1_000_000)


def test_approval_is_refused_when_the_lines_exceed_the_budget(
    cycle: Any, officer_bangka: Any, bangka_business: Any
) -> None:
    actions.nominate(officer_bangka, cycle, bangka_business, 10_000_001)
    actions.submit_cycle(officer_bangka, cycle)
    actions.verify_cycle(officer_bangka, cycle)
    with pytest.raises(actions.ProgramError, match="melebihi sisa anggaran"):
        actions.approve_cycle(officer_bangka, cycle)


def test_a_business_paid_in_an_earlier_cycle_is_not_eligible_again(
    officer_bangka: Any, bangka_business: Any
) -> None:
    program = actions.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="grant",
        name="Hibah Bertahap",
        budget_idr=9_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[{"type": "not_received", "kind": "grant"}],
    )
    actions.disburse(officer_bangka, program=program, business=bangka_business, amount_idr=1)
    cycle = actions.create_cycle(officer_bangka, program, "Tahap 2")
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    actions.submit_cycle(officer_bangka, cycle)
    reasons = {f.reason: f.message_id for f in actions.open_findings(cycle)}
    assert (
        reasons["NOT_ELIGIBLE"] == "tidak memenuhi syarat: sudah menerima Hibah Bertahap pada 2020"
    )
    assert "ALREADY_RECEIVED" in reasons
