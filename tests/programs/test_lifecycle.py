"""Editing and closing a program, cancelling a cycle (programs.lifecycle), over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from tests.programs.lifecycle_helpers import approve, edit_data, events_of, page_text

from sinergi.audit.models import AuditEvent
from sinergi.programs import actions, lifecycle
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Disbursement,
    Program,
    ProgramStatus,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------- edit


def test_an_edit_is_saved_and_audited_with_old_and_new_values(
    client_of: Any, officer_bangka: Any, grant_program: Program
) -> None:
    response = client_of(officer_bangka).post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(
            grant_program,
            name="Hibah UMKM Sungailiat 2020",
            budget_idr=12_500_000,
            period_end="2020-06-30",
            region_scope="190101",
            eligibility_rules='[{"type": "covid_affected"}]',
        ),
    )
    assert response.status_code == 302
    program = Program.objects.get(pk=grant_program.pk)
    assert program.name == "Hibah UMKM Sungailiat 2020"
    assert program.budget_idr == 12_500_000
    assert program.region_scope == "190101"
    assert program.eligibility_rules == [{"type": "covid_affected"}]
    event = events_of(program).get(action="update")
    assert event.actor == officer_bangka
    assert event.changes == {
        "name": {"old": "Hibah UMKM Bangka 2020", "new": "Hibah UMKM Sungailiat 2020"},
        "budget_idr": {"old": 10_000_000, "new": 12_500_000},
        "period_end": {"old": "2020-12-31", "new": "2020-06-30"},
        "region_scope": {"old": "1901", "new": "190101"},
        "eligibility_rules": {"old": [], "new": [{"type": "covid_affected"}]},
    }


def test_the_edit_page_round_trips_the_rules_and_an_unchanged_form_writes_nothing(
    client_of: Any, officer_bangka: Any, grant_program: Program
) -> None:
    client = client_of(officer_bangka)
    client.post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(grant_program, eligibility_rules='[{"type": "covid_affected"}]'),
    )
    page = page_text(client.get(f"/programs/{grant_program.pk}/edit/"))
    assert '[{"type": "covid_affected"}]' in page  # JSON, not a Python repr
    events = AuditEvent.objects.filter(action="update").count()
    program = Program.objects.get(pk=grant_program.pk)
    response = client.post(f"/programs/{program.pk}/edit/", edit_data(program), follow=True)
    assert "Tidak ada yang berubah" in page_text(response)
    assert AuditEvent.objects.filter(action="update").count() == events


def test_invalid_rules_are_refused_as_at_creation(
    client_of: Any, officer_bangka: Any, grant_program: Program
) -> None:
    response = client_of(officer_bangka).post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(grant_program, eligibility_rules='[{"type": "magic"}]'),
    )
    assert response.status_code == 200
    assert "jenis tidak dikenal" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).eligibility_rules == []


def test_a_budget_below_what_is_committed_is_refused(
    client_of: Any,
    officer_bangka: Any,
    grant_program: Program,
    cycle: Cycle,
    bangka_business: Any,
    make_business: Any,
) -> None:
    actions.disburse(
        officer_bangka, program=grant_program, business=make_business(), amount_idr=3_000_000
    )
    approve(officer_bangka, cycle, (bangka_business, 2_400_000))
    client = client_of(officer_bangka)
    detail = page_text(client.get(f"/programs/{grant_program.pk}/"))
    assert 'data-testid="budget-reserved">Rp2.400.000' in detail
    response = client.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, budget_idr=5_399_999)
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "di bawah yang sudah terikat Rp5.400.000" in text
    assert "dibayar Rp3.000.000 + disetujui belum dibayar Rp2.400.000" in text
    assert Program.objects.get(pk=grant_program.pk).budget_idr == 10_000_000
    response = client.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, budget_idr=5_400_000)
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=grant_program.pk).budget_idr == 5_400_000


def test_a_fractional_or_negative_budget_is_refused(
    client_of: Any, officer_bangka: Any, grant_program: Program
) -> None:
    client = client_of(officer_bangka)
    for bad in ("1500000.50", "-1", "satu juta"):
        response = client.post(
            f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, budget_idr=bad)
        )
        assert response.status_code == 200, bad
    assert Program.objects.get(pk=grant_program.pk).budget_idr == 10_000_000


def test_period_scope_and_rules_are_frozen_once_a_cycle_is_approved(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    approve(officer_bangka, cycle, (bangka_business, 1_000_000))
    client = client_of(officer_bangka)
    page = page_text(client.get(f"/programs/{grant_program.pk}/edit/"))
    assert 'data-testid="frozen"' in page and "Tahap 1" in page
    for field, value in [
        ("eligibility_rules", '[{"type": "covid_affected"}]'),
        ("period_start", "2021-01-01"),
        ("period_end", "2020-11-30"),
        ("region_scope", "190101"),
    ]:
        response = client.post(
            f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, **{field: value})
        )
        assert response.status_code == 200, field
        assert "tidak bisa diubah lagi" in page_text(response), field
        assert "Tahap 1" in page_text(response)
    program = Program.objects.get(pk=grant_program.pk)
    assert (program.eligibility_rules, program.region_scope) == ([], "1901")
    assert (program.period_start.isoformat(), program.period_end.isoformat()) == (
        "2020-01-01",
        "2020-12-31",
    )
    # The name and the budget still change.
    response = client.post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(grant_program, name="Hibah Bangka (revisi)", budget_idr=20_000_000),
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=grant_program.pk).name == "Hibah Bangka (revisi)"


def test_the_period_is_frozen_once_money_is_paid_even_without_a_cycle(
    client_of: Any, officer_bangka: Any, grant_program: Program, bangka_business: Any
) -> None:
    actions.disburse(
        officer_bangka, program=grant_program, business=bangka_business, amount_idr=1_000_000
    )
    response = client_of(officer_bangka).post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(grant_program, period_start="2021-01-01", period_end="2021-12-31"),
    )
    assert "sudah ada penyaluran" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).period_key == "2020"


def test_a_cancelled_cycle_does_not_freeze_the_rules(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    approve(officer_bangka, cycle, (bangka_business, 1_000_000))
    client = client_of(officer_bangka)
    client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "salah aturan"})
    response = client.post(
        f"/programs/{grant_program.pk}/edit/",
        edit_data(grant_program, eligibility_rules='[{"type": "covid_affected"}]'),
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=grant_program.pk).eligibility_rules == [
        {"type": "covid_affected"}
    ]


def test_the_scope_only_narrows(
    client_of: Any, officer_babel: Any, officer_bangka: Any, grant_program: Program
) -> None:
    from sinergi.programs.partners import grant_partner

    # The province office manages the Bangka program only as a partner the owner granted.
    grant_partner(officer_bangka, grant_program, officer_babel.membership.organisation)
    babel = client_of(officer_babel)
    for wider_or_aside in ("19", "", "1971"):
        response = babel.post(
            f"/programs/{grant_program.pk}/edit/",
            edit_data(grant_program, region_scope=wider_or_aside),
        )
        assert response.status_code == 200, wider_or_aside
        assert "hanya bisa dipersempit" in page_text(response)
    response = babel.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, region_scope="190199")
    )
    assert "kode wilayah tidak dikenal" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).region_scope == "1901"
    response = client_of(officer_bangka).post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, region_scope="190101")
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=grant_program.pk).region_scope == "190101"


def test_narrowing_may_not_leave_a_nominated_business_outside(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)  # in Kec. 190101
    response = client_of(officer_bangka).post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, region_scope="190102")
    )
    assert "1 nominasi aktif berada di luar wilayah 190102" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).region_scope == "1901"


# --------------------------------------------------------------------------------- close


def test_closing_needs_a_reason_and_then_refuses_new_cycles_and_payments(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    client = client_of(officer_bangka)
    response = client.post(f"/programs/{grant_program.pk}/close/", {"reason": " "}, follow=True)
    assert "Alasan wajib diisi" in page_text(response)
    assert Program.objects.get(pk=grant_program.pk).status == ProgramStatus.ACTIVE

    response = client.post(
        f"/programs/{grant_program.pk}/close/", {"reason": "anggaran dialihkan"}, follow=True
    )
    program = Program.objects.get(pk=grant_program.pk)
    assert program.status == ProgramStatus.CLOSED
    assert program.closed_reason == "anggaran dialihkan" and program.closed_by == officer_bangka
    assert "anggaran dialihkan" in page_text(response)
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.CANCELLED  # the draft ends too
    event = events_of(program).get(action="update")
    assert event.changes["status"] == {"old": "active", "new": "closed"}
    assert event.changes["reason"] == {"new": "anggaran dialihkan"}
    assert event.changes["cycles_cancelled"] == {"new": [cycle.pk]}

    response = client.post(f"/programs/{program.pk}/", {"name": "Tahap 2"}, follow=True)
    assert "tidak bisa membuat siklus baru" in page_text(response)
    assert program.cycles.count() == 1
    with pytest.raises(actions.DisbursementRefused, match="program sudah ditutup"):
        actions.disburse(
            officer_bangka, program=program, business=bangka_business, amount_idr=1_000_000
        )
    assert not Disbursement.objects.exists()
    # A closed program is not edited either, and cannot be closed twice.
    response = client.get(f"/programs/{program.pk}/edit/", follow=True)
    assert "Program yang sudah ditutup tidak bisa diubah" in page_text(response)
    response = client.post(f"/programs/{program.pk}/close/", {"reason": "lagi"}, follow=True)
    assert "program sudah ditutup" in page_text(response)


def test_closing_ends_an_approved_cycle_and_no_line_of_it_is_paid_after(
    client_of: Any,
    officer_bangka: Any,
    grant_program: Program,
    cycle: Cycle,
    bangka_business: Any,
    make_business: Any,
) -> None:
    other = make_business()
    approve(officer_bangka, cycle, (bangka_business, 1_000_000), (other, 1_500_000))
    first = cycle.nominations.get(business=bangka_business)
    actions.disburse(
        officer_bangka,
        program=grant_program,
        business=bangka_business,
        amount_idr=1_000_000,
        nomination=first,
    )
    client = client_of(officer_bangka)
    page = page_text(client.get(f"/programs/cycles/{cycle.pk}/"))
    assert "Batalkan siklus" not in page  # a line is paid: it can no longer be cancelled
    client.post(f"/programs/{grant_program.pk}/close/", {"reason": "periode berakhir"})
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.CLOSED  # paid in part
    response = client.post(f"/programs/cycles/{cycle.pk}/disburse/", follow=True)
    assert "siklus belum disetujui" in page_text(response)
    assert Disbursement.objects.count() == 1
    assert Program.objects.get(pk=grant_program.pk).budget_used() == 1_000_000


# -------------------------------------------------------------------------------- cancel


def test_cancelling_an_approved_cycle_releases_its_budget_and_refuses_payment(
    client_of: Any, officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    approve(officer_bangka, cycle, (bangka_business, 2_400_000))
    client = client_of(officer_bangka)
    response = client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": ""}, follow=True)
    assert "Alasan wajib diisi" in page_text(response)
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.APPROVED

    response = client.post(
        f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "data penerima salah"}, follow=True
    )
    stored = Cycle.objects.get(pk=cycle.pk)
    assert stored.status == CycleStatus.CANCELLED
    assert (stored.cancel_reason, stored.cancelled_by) == ("data penerima salah", officer_bangka)
    text = page_text(response)
    assert 'data-testid="cycle-status">Dibatalkan' in text
    assert "data penerima salah" in text
    event = events_of(cycle).filter(action="update").last()
    assert event.changes == {
        "status": {"old": "approved", "new": "cancelled"},
        "reason": {"new": "data penerima salah"},
        "released_idr": {"new": 2_400_000},
    }
    detail = page_text(client.get(f"/programs/{grant_program.pk}/"))
    assert 'data-testid="budget-reserved">Rp0' in detail
    assert 'data-testid="budget-uncommitted">Rp10.000.000' in detail
    # Released: the budget may now go down to what is paid (nothing).
    response = client.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, budget_idr=0)
    )
    assert response.status_code == 302

    response = client.post(f"/programs/cycles/{cycle.pk}/disburse/", follow=True)
    assert "siklus belum disetujui" in page_text(response)
    assert not Disbursement.objects.exists()


def test_the_ledger_verb_refuses_a_line_of_a_cancelled_cycle(
    officer_bangka: Any, grant_program: Program, cycle: Cycle, bangka_business: Any
) -> None:
    """Even a payer that read the cycle as approved before it was cancelled is refused."""
    from sinergi.programs.lifecycle import cancel_cycle

    approve(officer_bangka, cycle, (bangka_business, 2_400_000))
    nomination = cycle.nominations.get()
    cancel_cycle(officer_bangka, cycle, "dibatalkan")
    line = actions.PaymentLine(bangka_business.pk, 2_400_000, nomination.pk, "Bu Siti")
    with pytest.raises(actions.DisbursementRefused, match="siklus sudah dibatalkan"):
        actions.disburse_lines(officer_bangka, grant_program, [line])
    assert not Disbursement.objects.exists()


@pytest.mark.parametrize("stage", ["draft", "submitted", "verified"])
def test_a_cycle_not_yet_approved_can_be_cancelled_and_then_goes_no_further(
    client_of: Any,
    officer_bangka: Any,
    cycle: Cycle,
    bangka_business: Any,
    stage: str,
) -> None:
    actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    if stage in ("submitted", "verified"):
        actions.submit_cycle(officer_bangka, cycle)
    if stage == "verified":
        actions.verify_cycle(officer_bangka, cycle)
    client = client_of(officer_bangka)
    assert "Batalkan siklus" in page_text(client.get(f"/programs/cycles/{cycle.pk}/"))
    client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "diulang"})
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.CANCELLED
    for step in ("submit", "verify", "approve", "disburse"):
        client.post(f"/programs/cycles/{cycle.pk}/{step}/")
        assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.CANCELLED, step
    response = client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "lagi"}, follow=True)
    assert "tidak bisa dibatalkan" in page_text(response)


def test_a_paid_cycle_cannot_be_cancelled(
    client_of: Any, officer_bangka: Any, cycle: Cycle, bangka_business: Any
) -> None:
    approve(officer_bangka, cycle, (bangka_business, 1_000_000))
    actions.disburse_cycle(officer_bangka, cycle)
    response = client_of(officer_bangka).post(
        f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "terlambat"}, follow=True
    )
    assert "tidak bisa dibatalkan" in page_text(response)
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.PAID


def test_a_partly_paid_cycle_cannot_be_cancelled(
    officer_bangka: Any, cycle: Cycle, bangka_business: Any, make_business: Any
) -> None:
    from sinergi.programs.lifecycle import cancel_cycle

    approve(officer_bangka, cycle, (bangka_business, 1_000_000), (make_business(), 1_000_000))
    actions.disburse(
        officer_bangka,
        program=cycle.program,
        business=bangka_business,
        amount_idr=1_000_000,
        nomination=cycle.nominations.get(business=bangka_business),
    )
    with pytest.raises(actions.ProgramError, match="1 baris sudah dibayar"):
        cancel_cycle(officer_bangka, cycle, "terlambat")
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.APPROVED


# -------------------------------------------------------------------------------- access


def test_an_auditor_reads_but_may_not_edit_close_or_cancel(
    client_of: Any, auditor: Any, grant_program: Program, cycle: Cycle
) -> None:
    client = client_of(auditor)
    detail = page_text(client.get(f"/programs/{grant_program.pk}/"))
    assert "Ubah program" not in detail and "Tutup program" not in detail
    assert "Batalkan siklus" not in page_text(client.get(f"/programs/cycles/{cycle.pk}/"))
    assert client.get(f"/programs/{grant_program.pk}/edit/").status_code == 403
    response = client.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, name="Diubah")
    )
    assert response.status_code == 403
    assert client.post(f"/programs/{grant_program.pk}/close/", {"reason": "x"}).status_code == 403
    assert client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "x"}).status_code == 403
    program = Program.objects.get(pk=grant_program.pk)
    assert (program.name, program.status) == ("Hibah UMKM Bangka 2020", ProgramStatus.ACTIVE)
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.DRAFT


def test_a_field_assistant_may_not_edit_close_or_cancel(
    client_of: Any, assistant_bangka: Any, grant_program: Program, cycle: Cycle
) -> None:
    client = client_of(assistant_bangka)
    assert client.get(f"/programs/{grant_program.pk}/edit/").status_code == 403
    assert client.post(f"/programs/{grant_program.pk}/close/", {"reason": "x"}).status_code == 403
    assert client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "x"}).status_code == 403


def test_an_officer_of_another_region_gets_404_and_changes_nothing(
    client_of: Any, officer_denpasar: Any, grant_program: Program, cycle: Cycle
) -> None:
    client = client_of(officer_denpasar)
    assert client.get(f"/programs/{grant_program.pk}/edit/").status_code == 404
    response = client.post(
        f"/programs/{grant_program.pk}/edit/", edit_data(grant_program, name="Diubah")
    )
    assert response.status_code == 404
    assert client.post(f"/programs/{grant_program.pk}/close/", {"reason": "x"}).status_code == 404
    assert client.post(f"/programs/cycles/{cycle.pk}/cancel/", {"reason": "x"}).status_code == 404
    program = Program.objects.get(pk=grant_program.pk)
    assert (program.name, program.status) == ("Hibah UMKM Bangka 2020", ProgramStatus.ACTIVE)
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.DRAFT


def test_the_verbs_refuse_a_manager_who_cannot_see_the_program(
    officer_denpasar: Any, grant_program: Program, cycle: Cycle
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lifecycle.close_program(officer_denpasar, grant_program, "x")
    with pytest.raises(PermissionDenied):
        lifecycle.cancel_cycle(officer_denpasar, cycle, "x")
    with pytest.raises(PermissionDenied):
        lifecycle.open_cycle(officer_denpasar, grant_program, "Tahap 2")
