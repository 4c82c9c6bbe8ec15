"""The world of the authorisation matrix: one object of every kind a URL can name, all in
Kabupaten Bangka and owned by the Bangka cooperative office, whose own people are NOT
among the actors. Each actor is therefore an outsider in a known way (other region,
other organisation, other role), and the expected answer follows from the role table.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import BANGKA_VILLAGE, PANGKALPINANG_VILLAGE, make_user

# The actors of the issue: key -> (username, role, scope, organisation).
ACTORS: dict[str, tuple[str, str, str | None, str]] = {
    "system_admin": ("m.admin", "system_admin", None, "Kementerian Koperasi dan UKM"),
    "province_officer": ("m.babel", "province_officer", "19", "Dinas KUKM Prov. Babel"),
    "regency_officer_elsewhere": (
        "m.denpasar",
        "regency_officer",
        "5171",
        "Dinas KUKM Kota Denpasar",
    ),
    "field_assistant": ("m.pendamping", "field_assistant", "1901", "Dinas KUKM Kab. Bangka"),
    "manager_other_org": ("m.mitra", "program_manager", "19", "Program Kemitraan BUMN"),
    "auditor": ("m.auditor", "auditor", None, "Inspektorat"),
    "business_owner": ("m.owner", "business_owner", None, "Pemilik usaha"),
}
OWNER_ORG = "Dinas KUKM Kab. Bangka"


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # API bearer token per actor

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def _business(village: str, name: str, nik: str, user: Any = None) -> Any:
    from sinergi.registry.models import Business, Person

    person = Person.objects.create(full_name=f"Pemilik {name}", nik=nik, phone="+6281234500000")
    if user is not None:
        person.user = user
        person.save(update_fields=["user"])
    return Business.objects.create(
        name=name, owner=person, village_id=village, sector_id="56102", capital=10_000_000
    )


def build(tmp_path: Path) -> World:
    from django.utils import timezone

    from sinergi.intake.actions import Upload, create_batch
    from sinergi.intake.models import RowProblem, SourceRecord
    from sinergi.loans import actions as loans
    from sinergi.loans.bank_import import import_statement
    from sinergi.memberships import actions as memberships
    from sinergi.programs import actions as programs
    from sinergi.programs import uploads
    from sinergi.programs.models import Finding, NominationUploadRow
    from sinergi.review.actions import current_model
    from sinergi.review.merge import merge_businesses
    from sinergi.review.models import ReviewPair

    w = World()
    # A running background worker, so /healthz answers 200: its beat is dated ahead so it
    # stays fresh for the whole run of the matrix (minutes under load).
    from sinergi.ops.models import WorkerBeat

    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id="matrix", started_at=now, seen_at=now + timezone.timedelta(hours=1)
    )
    for key, (username, role, scope, org) in ACTORS.items():
        w.users[key] = make_user(username, role, scope, org)
    w.users["anonymous"] = None
    bangka = make_user("m.bangka", "regency_officer", "1901", OWNER_ORG)  # owns everything
    org = bangka.membership.organisation
    o = w.objects
    o["business"] = _business(BANGKA_VILLAGE, "Warung Matriks", "1901015507850101")
    o["other"] = _business(BANGKA_VILLAGE, "Toko Matriks", "1901011202750102")
    o["own"] = _business(
        PANGKALPINANG_VILLAGE, "Kedai Pemilik", "1971010505800103", w.users["business_owner"]
    )
    survivor = _business(BANGKA_VILLAGE, "Bengkel Matriks", "1901011202750104")
    merged = _business(BANGKA_VILLAGE, "Bengkel Matriks 2", "1901011202750105")
    o["operation"] = merge_businesses(bangka, survivor, [merged])

    # Intake: a draft batch of the Bangka office, with a record and a problem.
    csv = "Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa\nSiti,1901015507850106,Warung,Sungailiat,X\n"
    batch = create_batch(
        bangka, source_name="Pendataan matriks", uploads=[Upload("m.csv", [csv.encode()])]
    )
    o["batch"], o["file"] = batch, batch.files.get()
    record = SourceRecord.objects.create(
        batch=batch,
        file=o["file"],
        row_number=1,
        raw=json.dumps({"NIK": "1901015507850106"}),
        canonical={"owner_name": "Siti", "nik": "1901015507850106"},
        normalised={},
        owner_name="Siti",
        imported_at=timezone.now(),
    )
    o["record"] = record
    o["problem"] = RowProblem.objects.create(
        batch=batch,
        record=record,
        column="phone",
        code="PHONE_INVALID",
        value="08",
        message_id="x",
        message_en="x",
    )
    o["pair"] = ReviewPair.objects.create(
        business_a=o["business"],
        business_b=o["other"],
        linkage_model=current_model(),
        match_probability=0.7,
        match_weight=1.0,
        regency_code="1901",
    )

    # A grant program with a draft cycle, a nomination, a finding, an upload and its row.
    period = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}
    grant = programs.create_program(
        bangka,
        organisation=org,
        kind="grant",
        name="Hibah Matriks",
        budget_idr=100_000_000,
        region_scope="1901",
        eligibility_rules=[],
        **period,
    )
    o["program"] = grant
    o["cycle"] = programs.create_cycle(bangka, grant, "Tahap 1")
    o["nomination"] = programs.nominate(bangka, o["cycle"], o["business"], 1_000_000)
    o["finding"] = Finding.objects.create(
        nomination=o["nomination"], reason="ALREADY_RECEIVED", message_id="x", message_en="x"
    )
    upload = uploads.create_upload(
        bangka, o["cycle"], "n.csv", [b"Nama Pemilik,NIK\nSiti,1901015507850101\n"]
    )
    o["upload"] = upload
    o["upload_row"] = NominationUploadRow.objects.create(
        upload=upload,
        row_number=1,
        outcome="doubtful",
        candidates=[{"business_id": o["other"].pk}],
        amount_idr=1_000_000,
    )
    # exchange (issue 17): an encoded copy of the cycle, made with a shared key
    from sinergi.exchange.actions import export_cycle

    o["encoded_export"] = export_cycle(
        bangka, o["cycle"], "ab" * 32, ["owner_name", "business_name"], "regency"
    )
    # ... and of the registry of Kab. Bangka, with another agency's list matched against it
    from sinergi.exchange.actions import export_registry
    from sinergi.exchange.models import AgencyList

    registry_export = export_registry(bangka, "ab" * 32, ["owner_name", "business_name"], "regency")
    o["registry_overlap"] = AgencyList.objects.create(
        export=registry_export, agency="Bank Matriks", records=1, encoded=b"", status="done",
        matched=[[o["business"].pk, 0.9, "nik", 1]], findings=1,
    )  # fmt: skip
    ref_path = tmp_path / "asn.csv"
    ref_path.write_text("NAMA,NIK\nBudi,1901011202750102\n", encoding="utf-8")
    o["reference"] = programs.upload_reference_list(
        bangka,
        organisation=org,
        category="asn",
        name="ASN matriks",
        path=str(ref_path),
        shared=True,  # asks to share: an approver may approve
    )

    # A loan program with an application, a running loan and a bank statement.
    loan_program = programs.create_program(
        bangka, organisation=org, kind="loan", name="Pinjaman Matriks", budget_idr=50_000_000,
        region_scope="1901", eligibility_rules=[], **period,
    )  # fmt: skip
    o["application"] = loans.submit_application(
        bangka, program=loan_program, business=o["other"], amount=1_000_000, tenor_months=6
    )
    first = loans.submit_application(
        bangka, program=loan_program, business=o["business"], amount=6_000_000, tenor_months=6
    )
    agreement = loans.approve_application(
        bangka,
        first,
        principal=6_000_000,
        tenor_months=6,
        admin_fee_rate=Decimal("0.06"),
        start_date=dt.date(2024, 2, 1),
    )
    loans.disburse_loan(bangka, agreement, on=dt.date(2024, 2, 1))
    o["agreement"] = agreement
    statement = import_statement(
        bangka,
        loan_program,
        "mutasi.csv",
        "Tanggal;Keterangan;Jumlah;Referensi\n15/03/2024;SETORAN TUNAI;5.000;R1\n",
    )
    o["statement"], o["bank_row"] = statement, statement.rows.get()

    # A membership program with a paid year.
    chamber = programs.create_program(
        bangka, organisation=org, kind="membership", name="Keanggotaan Matriks",
        budget_idr=0, region_scope="1901", eligibility_rules=[], **period,
    )  # fmt: skip
    o["membership_program"] = chamber
    memberships.set_plan(bangka, chamber, 120_000)
    year = memberships.open_year(bangka, chamber, o["business"], 2024)
    o["period"] = memberships.record_payment(bangka, year, amount=120_000, on=dt.date(2024, 2, 1))
    _training(w, bangka)
    _catalog(w, bangka)
    _export(w, bangka)

    # The API (issue 14): one bearer token per actor, acting as that actor.
    from sinergi.api.models import ApiToken
    from sinergi.api.tokens import digest

    for key, user in w.users.items():
        if user is not None:
            secret = f"matrix-token-{key}"
            ApiToken.objects.create(user=user, name=key, prefix=secret[:8], key_hash=digest(secret))
            w.tokens[key] = secret
    return w


def _training(w: World, bangka: Any) -> None:
    """Training (issue 12): an event of the Bangka office in Bangka with a session, a
    registration that passed with a certificate, an attendance import with a review line,
    a list upload and a cohort; and an event open to every owner in Indonesia."""
    from sinergi.training import actions, certificates
    from sinergi.training import attendance as attendance_import
    from sinergi.training.models import RegistrationUpload, Topic

    o = w.objects
    topic = Topic.objects.get_or_create(name="Pemasaran digital")[0]
    event = actions.create_event(
        bangka, name="Pelatihan Matriks", topic=topic, mode="online",
        meeting_url="https://zoom.example/j/1", region_scope="1901",
        target_filter={"regency": "1901"}, self_registration=True,
    )  # fmt: skip
    o["event"] = event
    start = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)
    o["session"] = actions.add_session(
        bangka, event, title="Sesi 1", starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    registration = actions.register(bangka, event, o["business"])
    o["registration"] = registration
    actions.set_outcome(bangka, registration, "passed", 80)
    o["certificate"] = certificates.issue(bangka, registration)
    # The event's certificates as a ZIP, built the way the worker builds it.
    from sinergi.training import certificate_zip

    certificate_zip.build(certificate_zip.request_zip(bangka, event, queue=False).pk)
    zoom = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Samsung A12,,03/01/2024 09:00:00 AM,03/01/2024 10:00:00 AM,60,Yes\n"
    )
    o["attendance"] = attendance_import.import_attendance(
        bangka, o["session"], "zoom", "peserta.csv", zoom.encode()
    )
    o["line"] = o["attendance"].people_lines.get()
    o["list"] = RegistrationUpload.objects.create(
        event=event, file_name="daftar.csv", content_hash="x", uploaded_by=bangka
    )
    o["cohort"] = actions.create_cohort(bangka, "Mitra binaan matriks", "1901")
    actions.add_members(bangka, o["cohort"], [o["business"]])
    from sinergi.training import mentoring

    o["mentor"] = bangka
    o["partner_org"] = w.users["manager_other_org"].membership.organisation
    o["assignment"] = mentoring.assign(bangka, bangka, o["business"])
    o["problem_item"] = mentoring.add_problem(bangka, o["assignment"], "capital", "modal kerja")
    # A national event (only a national role may create one), open to every owner.
    o["open_event"] = actions.create_event(
        w.users["system_admin"], name="Webinar Nasional Matriks", topic=topic, mode="online",
        meeting_url="https://zoom.example/j/2", region_scope="", self_registration=True,
    )  # fmt: skip


def _catalog(w: World, bangka: Any) -> None:
    """Catalog: a published product with a photo, and a campaign of the Bangka office."""
    import io

    from PIL import Image

    from sinergi.catalog import actions as catalog
    from sinergi.catalog import campaigns
    from sinergi.catalog.photos import clean_photo

    o = w.objects
    catalog.save_storefront(bangka, o["business"], {"published": True})
    o["product"] = catalog.save_product(
        bangka, o["business"], None, {"name": "Kerupuk Matriks", "price_min": 20_000}
    )
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, format="JPEG")
    o["photo"] = catalog.add_photo(bangka, o["product"], clean_photo("m.jpg", picture.getvalue()))
    o["campaign"] = campaigns.create_campaign(
        bangka,
        {"name": "Jumat Beli Lokal Matriks", "kind": "buy_local_day",
         "starts_on": dt.date(2024, 1, 1), "ends_on": dt.date(2024, 12, 31)},
        "1901",
    )  # fmt: skip
    campaigns.change_selection(bangka, o["campaign"], add=[o["business"].pk])


def _export(w: World, bangka: Any) -> None:
    """Insights (issue 14): a finished background export of the Bangka officer (NIK in
    full), written by the worker's own function."""
    from sinergi.insights import background

    job = background.request_export(bangka, {"q": "Matriks"}, "csv", 3)
    assert background.run_export(job.pk) == "done"
    job.refresh_from_db()
    w.objects["export"] = job
    w.objects["owner_org"] = bangka.membership.organisation
