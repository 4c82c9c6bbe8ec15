"""The audit log opens with every event kind: typed `record()`, verbs of every app.

Before, loans, memberships, intake and review wrote flat values into `changes`, and the
auditor's log returned HTTP 500 as soon as one of them was on the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import types
import typing
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sinergi.audit.actions import record
from sinergi.audit.events import EVENTS, Reason
from sinergi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

BANGKA_CSV = (
    "Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa,No. HP\n"
    "Siti Aminah,1901015507850001,Warung Bu Siti,Sungailiat,Sri Menanti,081234567890\n"
    "Ahmad Yani,1.90101E+15,Toko Ahmad,Sungailiat,Sri Menanti,0812-1111-2222\n"
)


def _sample(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in typing.get_args(annotation) if a is not type(None)))
    if origin is list:
        return [_sample(typing.get_args(annotation)[0])]
    if origin is dict:
        return {"nik": "1901015507850001", "amount": 5}
    return {str: "teks", int: 7, float: 0.5, bool: True}[annotation]


def _log(client: Any) -> str:
    response = client.get(reverse("audit:log"), {"page": 1})
    assert response.status_code == 200
    return response.content.decode()


def test_every_declared_kind_is_shown_to_the_auditor(client_of, auditor, admin) -> None:
    for cls in EVENTS.values():
        hints = typing.get_type_hints(cls)
        values = {f.name: _sample(hints[f.name]) for f in dataclasses.fields(cls)}
        record(admin, "update", admin, changes={"phone": (None, "+6281234567890")},
               event=cls(**values))  # fmt: skip
    body = _log(client_of(auditor))
    for kind in EVENTS:
        assert f'data-kind="{kind}"' in body
    assert "1901015507850001" not in body and "+6281234567890" not in body  # masked


def test_record_refuses_what_it_cannot_show(admin) -> None:
    with pytest.raises(TypeError, match="amount"):
        record(admin, "create", admin, changes={"amount": 5000})
    with pytest.raises(TypeError, match="reason"):
        record(admin, "create", admin, event=Reason(reason=5))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a declared"):
        record(admin, "create", admin, event=object())  # type: ignore[arg-type]
    assert not AuditEvent.objects.filter(action="create", object_id=str(admin.pk)).exists()


def test_old_rows_with_flat_values_are_moved_by_the_migration_and_shown(
    client_of, auditor, admin
) -> None:
    event = AuditEvent.objects.create(
        actor=admin,
        actor_username="admin",
        action="create",
        changes={"amount": 5000, "status": {"new": "approved"}, "nik": "1901015507850001"},
    )
    assert "5000" in _log(client_of(auditor))  # tolerant before the migration ran
    migration = importlib.import_module("sinergi.audit.migrations.0003_auditevent_kind_payload")
    from django.apps import apps

    migration.split_flat_values(apps, None)
    event.refresh_from_db()
    assert event.changes == {"status": {"new": "approved"}}
    assert event.kind == "legacy"
    assert event.payload == {"values": {"amount": 5000, "nik": "1901015507850001"}}
    body = _log(client_of(auditor))
    assert 'data-kind="legacy"' in body and "5000" in body
    assert "1901015507850001" not in body


def _run_every_apps_verbs(admin, officer_bangka, make_business, bangka_business, client_of,
                          tmp_path, settings) -> None:  # fmt: skip
    from sinergi.intake import pipeline
    from sinergi.intake.actions import Upload, create_batch, fix_problem, start_import
    from sinergi.intake.models import RowProblem
    from sinergi.loans import actions as loans
    from sinergi.memberships import actions as memberships
    from sinergi.programs import actions as programs
    from sinergi.programs import lifecycle
    from sinergi.programs.models import Program
    from sinergi.programs.references import upload_reference_list
    from sinergi.registry import actions as registry
    from sinergi.review.merge import merge_businesses, split_business, undo_operation

    officer = client_of(officer_bangka)
    # Registry: an edit and a reveal.
    registry.update_business(
        officer_bangka, bangka_business, owner={"phone": "+6281299998888"}, business={}
    )
    officer.post(reverse("registry:reveal", args=[bangka_business.pk, "nik"]))
    # Intake: upload, import, fix a problem, export the problems.
    settings.VAR_DIR = tmp_path / "var"
    batch = create_batch(
        officer_bangka,
        source_name="Dinas Kab. Bangka",
        uploads=[Upload("b.csv", [BANGKA_CSV.encode()])],
    )
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    problem = RowProblem.objects.filter(batch=batch, code="NIK_DAMAGED").first()
    fix_problem(officer_bangka, problem, "1901011203800001")
    officer.get(reverse("intake:problems_export", args=[batch.pk]), {"format": "csv"})
    # Review: merge, undo, split.
    twin = make_business(name="Warung Makan Bu Siti", owner_name="Siti Aminah")
    op = merge_businesses(admin, bangka_business, [twin])
    undo_operation(admin, op)
    # Programs: create, nominate, remove, close; a reference list.
    program = programs.create_program(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        kind="grant",
        name="Hibah UMKM Bangka 2020",
        budget_idr=10_000_000,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[],
    )
    cycle = programs.create_cycle(officer_bangka, program, "Tahap 1")
    nomination = programs.nominate(officer_bangka, cycle, bangka_business, 2_400_000)
    programs.remove_nomination(officer_bangka, nomination, "data ganda")
    lifecycle.close_program(officer_bangka, program, "anggaran dialihkan")
    ref = tmp_path / "asn.csv"
    ref.write_text("NIK,Nama\n1901015507850001,Siti Aminah\n", encoding="utf-8")
    upload_reference_list(
        admin, organisation=officer_bangka.membership.organisation, category="asn",
        name="Data ASN", path=str(ref),
    )  # fmt: skip
    # Loans: apply, reject, approve, disburse, repay, reverse, write off.
    from sinergi.accounts.models import Organisation

    org = Organisation.objects.create(name="Program Kemitraan BUMN", kind="soe_partnership")
    loan_program = Program.objects.create(
        organisation=org, kind="loan", name="Pinjaman 2024", budget_idr=50_000_000,
        period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31), region_scope="19",
    )  # fmt: skip
    other = make_business(name="Kios Rina")
    rejected = loans.submit_application(
        admin, program=loan_program, business=other, amount=1_000_000, tenor_months=6
    )
    loans.reject_application(admin, rejected, "usaha belum berjalan")
    application = loans.submit_application(
        admin, program=loan_program, business=bangka_business, amount=12_000_000, tenor_months=12
    )
    agreement = loans.approve_application(
        admin, application, principal=12_000_000, tenor_months=12,
        admin_fee_rate=Decimal("0.06"), start_date=dt.date(2024, 1, 15),
    )  # fmt: skip
    loans.disburse_loan(admin, agreement, on=dt.date(2024, 1, 15))
    agreement.refresh_from_db()
    entry = loans.record_repayment(admin, agreement, amount=1_060_000, on=dt.date(2024, 2, 15))
    loans.reverse_entry(admin, entry, reason="salah input", on=dt.date(2024, 2, 16))
    loans.write_off(admin, agreement, on=dt.date(2024, 12, 1), reason="usaha tutup")
    # Memberships: a plan, a year, a payment and its cancellation.
    chamber = Organisation.objects.create(name="Kadin Kab. Bangka", kind="chamber")
    membership = Program.objects.create(
        organisation=chamber, kind="membership", name="Keanggotaan Kadin",
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2030, 12, 31), region_scope="1901",
    )  # fmt: skip
    memberships.set_plan(admin, membership, 120_000)
    memberships.set_plan(admin, membership, 150_000)
    period = memberships.open_year(admin, membership, bangka_business, 2026)
    paid = memberships.record_payment(admin, period, amount=150_000, on=dt.date(2026, 2, 1))
    memberships.cancel_payment(admin, paid, reason="salah catat")
    del split_business  # needs linked source records; its payload kind is covered above


def test_the_log_opens_after_the_verbs_of_every_app(
    client_of, auditor, admin, officer_bangka, make_business, bangka_business, tmp_path,
    settings, monkeypatch,
) -> None:  # fmt: skip
    from sinergi.intake import pipeline

    monkeypatch.setattr(pipeline, "link_records_function", lambda: None)
    _run_every_apps_verbs(
        admin, officer_bangka, make_business, bangka_business, client_of, tmp_path, settings
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"create", "update", "view_pii", "export", "merge", "undo"} <= actions
    kinds = set(AuditEvent.objects.exclude(kind="").values_list("kind", flat=True))
    assert {"reason", "merged", "undone", "files_received", "problem_fixed", "exported"} <= kinds
    client = client_of(auditor)
    seen = ""
    page = 1
    while True:
        response = client.get(reverse("audit:log"), {"page": page})
        assert response.status_code == 200
        seen += response.content.decode()
        if not response.context["page"].has_next():
            break
        page += 1
    for kind in kinds:
        assert f'data-kind="{kind}"' in seen
