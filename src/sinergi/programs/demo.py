"""Demo data for programs: a Covid grant in Kab. Bangka whose first cycle is screened and
shows what screening is for — a business registered twice, an owner on the civil-servant
(ASN) list and one on the BPUM recipients list.

Idempotent: nothing is added when the demo program exists. Called once by `sinergi demo`.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

PROGRAM_NAME = "Hibah UMKM Terdampak Covid-19 Kab. Bangka 2020 (demo)"
AMOUNT = 2_400_000
LINES = 8


@transaction.atomic
def ensure_program_demo() -> str:
    """Create the demo program, reference lists and a screened cycle; returns a summary."""
    from sinergi.programs import actions
    from sinergi.programs.models import Program
    from sinergi.registry.models import Business, Origin, Person, Status

    if Program.objects.filter(name=PROGRAM_NAME).exists():
        return "program demo sudah ada / demo program already there"
    officer = get_user_model().objects.filter(username="officer.bangka").first()
    if officer is None or not hasattr(officer, "membership"):
        return "tanpa petugas Kab. Bangka / no Bangka officer: skipped"
    picks = list(
        Business.objects.filter(origin=Origin.DEMO, regency_code="1901", status=Status.ACTIVE)
        .exclude(owner__nik="")
        .select_related("owner")
        .order_by("id")[:LINES]
    )
    if len(picks) < 3:
        return "usaha demo Kab. Bangka kurang / too few Bangka demo businesses: skipped"
    org = officer.membership.organisation
    # The double: the first business registered again by another officer (not yet merged).
    first = picks[0]
    twin_owner = Person.objects.create(
        full_name=first.owner.full_name,
        nik=first.owner.nik,
        phone=first.owner.phone,
        sex=first.owner.sex,
    )
    twin = Business.objects.create(
        name=first.name,
        owner=twin_owner,
        address=first.address,
        village_id=first.village_id,
        sector_id=first.sector_id,
        origin=Origin.MANUAL,
    )
    with tempfile.TemporaryDirectory() as tmp:
        asn = Path(tmp) / "data_asn_babel_2020.csv"
        asn.write_text(
            f"NAMA,NIK,INSTANSI\n{picks[1].owner.full_name},{picks[1].owner.nik},Pemkab Bangka\n"
            "Rahmat Hidayat,1901010101800001,Pemprov Babel\n",
            encoding="utf-8",
        )
        actions.upload_reference_list(
            officer, organisation=org, category="asn", name="Data ASN Babel 2020", path=str(asn)
        )
        bpum = Path(tmp) / "penerima_bpum_2020.csv"
        bpum.write_text(
            f"NAMA,NIK,ALAMAT\n{picks[2].owner.full_name},{picks[2].owner.nik},{picks[2].address}\n",
            encoding="utf-8",
        )
        actions.upload_reference_list(
            officer,
            organisation=org,
            category="bpum",
            name="Penerima BPUM 2020",
            path=str(bpum),
            period_start=date(2020, 1, 1),
            period_end=date(2020, 12, 31),
        )
    program = actions.create_program(
        officer,
        organisation=org,
        kind="grant",
        name=PROGRAM_NAME,
        budget_idr=100_000_000,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        region_scope="1901",
        eligibility_rules=[
            {"type": "region", "codes": ["1901"]},
            {"type": "not_received", "kind": "grant", "label": "BPUM"},
        ],
    )
    cycle = actions.create_cycle(officer, program, "Tahap 1")
    actions.nominate_many(officer, cycle, [*picks, twin], AMOUNT)
    actions.submit_cycle(officer, cycle)
    open_count = actions.open_findings(cycle).count()
    return f"program demo: {len(picks) + 1} nominasi, {open_count} temuan / findings"
