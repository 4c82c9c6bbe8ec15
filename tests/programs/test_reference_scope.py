"""Reference lists hold other agencies' personal data: an organisation screens against its
own lists and those shared with every organisation, and sees only those."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sinergi.audit.models import AuditEvent
from sinergi.programs import actions
from sinergi.programs.models import ReferenceList

pytestmark = pytest.mark.django_db

ASN_NIK = "1901011202750002"


def _province_cycle(officer_babel: Any, rules: list | None = None) -> Any:
    program = actions.create_program(
        officer_babel,
        organisation=officer_babel.membership.organisation,
        kind="grant",
        name="Hibah Provinsi Babel 2020",
        budget_idr=50_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="19",
        eligibility_rules=rules or [],
    )
    return actions.create_cycle(officer_babel, program, "Tahap 1")


def _upload(
    user: Any, tmp_path: Path, category: str, *, shared: bool, approver: Any = None
) -> ReferenceList:
    """Upload a list; `shared` asks to share it, `approver` (a system admin) approves."""
    from sinergi.programs.references import approve_sharing

    path = tmp_path / f"{category}-{shared}.csv"
    path.write_text(f"NAMA,NIK\nBudi Santoso,{ASN_NIK}\n", encoding="utf-8")
    ref = actions.upload_reference_list(
        user,
        organisation=user.membership.organisation,
        category=category,
        name=f"Daftar {category} Kab. Bangka",
        path=str(path),
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        shared=shared,
    )
    return approve_sharing(approver, ref) if shared and approver is not None else ref


def _reasons(cycle: Any) -> set[str]:
    return {f.reason for f in actions.open_findings(cycle)}


def test_another_organisations_private_list_does_not_screen_my_cycle(
    officer_bangka: Any, officer_babel: Any, make_business: Any, tmp_path: Path
) -> None:
    _upload(officer_bangka, tmp_path, "asn", shared=False)  # the regency's own list
    civil_servant = make_business(name="Toko Budi", owner_name="Budi Santoso", nik=ASN_NIK)
    cycle = _province_cycle(officer_babel)
    actions.nominate(officer_babel, cycle, civil_servant, 2_400_000)
    actions.submit_cycle(officer_babel, cycle)
    assert "EXCLUDED_ASN" not in _reasons(cycle)


def test_a_shared_list_screens_every_organisations_cycle(
    officer_bangka: Any, officer_babel: Any, admin: Any, make_business: Any, tmp_path: Path
) -> None:
    ref = _upload(officer_bangka, tmp_path, "asn", shared=True, approver=admin)
    event = AuditEvent.objects.filter(action="create", object_id=str(ref.pk)).latest("id")
    assert event.changes["share_requested"] == {"new": True}
    approved = AuditEvent.objects.filter(action="update", object_id=str(ref.pk)).latest("id")
    assert approved.changes["shared"] == {"old": False, "new": True}
    civil_servant = make_business(name="Toko Budi", owner_name="Budi Santoso", nik=ASN_NIK)
    cycle = _province_cycle(officer_babel)
    actions.nominate(officer_babel, cycle, civil_servant, 2_400_000)
    actions.submit_cycle(officer_babel, cycle)
    assert "EXCLUDED_ASN" in _reasons(cycle)


def test_not_received_rules_read_only_usable_lists(
    officer_bangka: Any, officer_babel: Any, admin: Any, make_business: Any, tmp_path: Path
) -> None:
    """'Has not received BPUM' counts a BPUM list only where the program's organisation may
    use it."""
    owner = make_business(name="Toko Budi", owner_name="Budi Santoso", nik=ASN_NIK)
    rules = [{"type": "not_received", "kind": "grant", "label": "BPUM"}]
    _upload(officer_bangka, tmp_path, "bpum", shared=False)
    cycle = _province_cycle(officer_babel, rules)
    actions.nominate(officer_babel, cycle, owner, 2_400_000)
    actions.submit_cycle(officer_babel, cycle)
    assert "NOT_ELIGIBLE" not in _reasons(cycle)

    _upload(officer_bangka, tmp_path, "bpum", shared=True, approver=admin)
    second = actions.create_cycle(officer_babel, cycle.program, "Tahap 2")
    actions.nominate(officer_babel, second, owner, 2_400_000)
    actions.submit_cycle(officer_babel, second)
    assert "NOT_ELIGIBLE" in _reasons(second)


def test_the_page_lists_own_and_shared_lists_only_and_uploads_a_shared_one(
    client_of: Any, officer_bangka: Any, officer_babel: Any, admin: Any, tmp_path: Path
) -> None:
    private = _upload(officer_bangka, tmp_path, "asn", shared=False)
    shared = _upload(officer_bangka, tmp_path, "deceased", shared=True, approver=admin)
    page = client_of(officer_babel).get("/programs/references/").content.decode()
    assert f'data-list="{shared.pk}"' in page and 'data-testid="shared"' in page
    assert f'data-list="{private.pk}"' not in page
    own = client_of(officer_bangka).get("/programs/references/").content.decode()
    assert f'data-list="{private.pk}"' in own and f'data-list="{shared.pk}"' in own

    path = tmp_path / "dtks.csv"
    path.write_text("NAMA,NIK\nSiti Aminah,1901015507850001\n", encoding="utf-8")
    with path.open("rb") as fh:
        response = client_of(officer_babel).post(
            "/programs/references/",
            {"category": "dtks", "name": "DTKS Babel 2020", "shared": "on", "file": fh},
        )
    assert response.status_code == 302
    asked = ReferenceList.objects.get(name="DTKS Babel 2020")
    assert asked.shared is False and asked.share_requested_by == officer_babel  # asked only


def test_sharing_needs_an_approver_of_another_role_and_can_be_withdrawn(
    officer_bangka: Any, officer_babel: Any, admin: Any, make_business: Any, tmp_path: Path
) -> None:
    """Finding: any manager could publish a "shared" list that screens every organisation."""
    from sinergi.accounts.scope import NotAllowed
    from sinergi.programs.references import approve_sharing, withdraw_sharing

    ref = _upload(officer_bangka, tmp_path, "asn", shared=True)
    assert ref.shared is False
    for not_an_approver in (officer_bangka, officer_babel):
        with pytest.raises(NotAllowed):
            approve_sharing(not_an_approver, ref)
    with pytest.raises(NotAllowed):
        withdraw_sharing(officer_babel, ref)  # not its organisation, not an approver
    assert approve_sharing(admin, ref).shared is True
    civil_servant = make_business(name="Toko Budi", owner_name="Budi Santoso", nik=ASN_NIK)
    cycle = _province_cycle(officer_babel)
    actions.nominate(officer_babel, cycle, civil_servant, 2_400_000)
    assert withdraw_sharing(officer_bangka, ref).shared is False
    actions.submit_cycle(officer_babel, cycle)
    assert "EXCLUDED_ASN" not in _reasons(cycle)
