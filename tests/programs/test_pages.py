"""Program pages over HTTP: the grant flow, exports, and access for other regions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sinergi.programs import actions
from sinergi.programs.models import Cycle, CycleStatus, Disbursement, Program

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_program_through_the_form(client_of: Any, officer_bangka: Any) -> None:
    response = client_of(officer_bangka).post(
        "/programs/new/",
        {
            "name": "Hibah Bangka",
            "kind": "grant",
            "budget_idr": "5000000",
            "period_start": "2020-01-01",
            "period_end": "2020-12-31",
            "region_scope": "1901",
            "eligibility_rules": '[{"type": "covid_affected"}]',
        },
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert program.eligibility_rules == [{"type": "covid_affected"}]
    assert program.budget_idr == 5_000_000


def test_a_program_outside_the_officers_scope_is_refused(
    client_of: Any, officer_bangka: Any
) -> None:
    response = client_of(officer_bangka).post(
        "/programs/new/",
        {
            "name": "Hibah Denpasar",
            "kind": "grant",
            "budget_idr": "5000000",
            "period_start": "2020-01-01",
            "period_end": "2020-12-31",
            "region_scope": "5171",
            "eligibility_rules": "[]",
        },
    )
    assert response.status_code == 200
    assert not Program.objects.exists()


def test_malformed_rules_are_shown_as_a_form_error(client_of: Any, officer_bangka: Any) -> None:
    response = client_of(officer_bangka).post(
        "/programs/new/",
        {
            "name": "X",
            "kind": "grant",
            "budget_idr": "1",
            "period_start": "2020-01-01",
            "period_end": "2020-12-31",
            "region_scope": "1901",
            "eligibility_rules": '[{"type": "magic"}]',
        },
    )
    assert "jenis tidak dikenal" in response.content.decode()


def test_the_grant_flow_over_http(
    client_of: Any, officer_bangka: Any, cycle: Any, bangka_business: Any, make_business: Any
) -> None:
    client = client_of(officer_bangka)
    twin = make_business(
        name="Warung Makan Bu Siti", owner_name="Siti Aminah", nik="1901015507850001"
    )
    page = client.get(f"/programs/cycles/{cycle.pk}/?q=Siti").content.decode()
    assert f'value="{twin.pk}"' in page
    response = client.post(
        f"/programs/cycles/{cycle.pk}/nominate/",
        {"business": [bangka_business.pk, twin.pk], "amount_idr": "2400000"},
    )
    assert response.status_code == 302
    assert cycle.nominations.count() == 2
    client.post(f"/programs/cycles/{cycle.pk}/submit/")
    client.post(f"/programs/cycles/{cycle.pk}/verify/")
    page = client.get(f"/programs/cycles/{cycle.pk}/").content.decode()
    assert "DUPLICATE_IN_LIST" in page
    client.post(f"/programs/cycles/{cycle.pk}/approve/")
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.VERIFIED
    finding = actions.open_findings(cycle).get()
    client.post(f"/programs/findings/{finding.pk}/", {"reason": "data ganda", "action": "remove"})
    client.post(f"/programs/cycles/{cycle.pk}/approve/")
    client.post(f"/programs/cycles/{cycle.pk}/disburse/")
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.PAID
    detail = client.get(f"/programs/{cycle.program_id}/").content.decode()
    assert "Rp7.600.000" in detail  # budget left
    business_page = client.get(f"/registry/{bangka_business.pk}/").content.decode()
    assert f'href="/registry/{bangka_business.pk}/programs/"' in business_page
    programs_panel = client.get(f"/registry/{bangka_business.pk}/programs/").content.decode()
    assert "Hibah UMKM Bangka 2020" in programs_panel and "Rp2.400.000" in programs_panel
    csv = client.get(f"/programs/cycles/{cycle.pk}/report.csv").content.decode()
    assert "DUPLICATE_IN_LIST,1,0,0,1,2400000" in csv
    xlsx = client.get(f"/programs/cycles/{cycle.pk}/report.xlsx")
    assert xlsx.content[:2] == b"PK"
    # The dashboard's aid panel: one paid, the twin removed by its finding (saved).
    aid = client.get("/").content.decode()
    aid = aid[aid.index('id="panel-aid"') : aid.index("</section>", aid.index('id="panel-aid"'))]
    numbers = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", aid))
    assert numbers == {
        "Anggaran (Rp)": "10.000.000",
        "Tersalurkan (Rp)": "2.400.000",
        "Usaha terjangkau": "1",
        "Penerima ganda dicegah": "1",
        "Rupiah yang diselamatkan": "2.400.000",
    }


def test_an_officer_of_another_region_sees_nothing(
    client_of: Any, officer_denpasar: Any, officer_bangka: Any, cycle: Any, bangka_business: Any
) -> None:
    nomination = actions.nominate(officer_bangka, cycle, bangka_business, 1_000_000)
    actions.disburse(
        officer_bangka, program=cycle.program, business=bangka_business, amount_idr=1_000_000
    )
    client = client_of(officer_denpasar)
    listing = client.get("/programs/").content.decode()
    assert "Hibah UMKM Bangka" not in listing
    assert client.get(f"/programs/{cycle.program_id}/").status_code == 404
    assert client.get(f"/programs/cycles/{cycle.pk}/").status_code == 404
    assert client.get(f"/programs/cycles/{cycle.pk}/report.csv").status_code == 404
    assert client.post(f"/programs/cycles/{cycle.pk}/submit/").status_code == 404
    assert (
        client.post(f"/programs/nominations/{nomination.pk}/remove/", {"reason": "x"}).status_code
        == 404
    )
    assert Disbursement.objects.count() == 1


def test_an_auditor_reads_but_cannot_act(client_of: Any, auditor: Any, cycle: Any) -> None:
    client = client_of(auditor)
    assert client.get(f"/programs/cycles/{cycle.pk}/").status_code == 200
    assert client.post(f"/programs/cycles/{cycle.pk}/submit/").status_code == 403
    assert client.get("/programs/new/").status_code == 403


def test_a_user_without_a_role_gets_403(client_of: Any, make_member: Any) -> None:
    nobody = make_member("nobody", None, None)
    assert client_of(nobody).get("/programs/").status_code == 403


def test_a_reference_list_is_uploaded_and_a_bad_file_named(
    client_of: Any, officer_bangka: Any, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.tasks import run_worker

    from sinergi.programs.models import ReferenceList

    client = client_of(officer_bangka)
    good = SimpleUploadedFile("asn.csv", b"NAMA,NIK\nBudi,1901011202750002\n", "text/csv")
    response = client.post(
        "/programs/references/", {"category": "asn", "name": "ASN 2020", "file": good}
    )
    assert response.status_code == 302
    bad = SimpleUploadedFile("kosong.csv", b"NAMA,NIK\n", "text/csv")
    response = client.post(
        "/programs/references/", {"category": "asn", "name": "Kosong", "file": bad}
    )
    # The requests only stored the files; nothing is read until the worker runs.
    assert response.status_code == 302
    assert set(ReferenceList.objects.values_list("status", "rows_count")) == {("reading", 0)}
    page = client.get("/programs/references/").content.decode()
    assert 'id="lists-reading"' in page
    run_worker()
    good_list = ReferenceList.objects.get(name="ASN 2020")
    assert good_list.status == "ready" and good_list.rows.count() == 1
    bad_list = ReferenceList.objects.get(name="Kosong")
    assert bad_list.status == "unreadable" and "kosong.csv" in bad_list.error
    page = client.get("/programs/references/").content.decode()
    assert 'data-status="unreadable"' in page and "kosong.csv" in page


def test_the_registry_search_on_the_cycle_page_returns_only_rows_to_htmx(
    client_of: Any, officer_bangka: Any, cycle: Any, bangka_business: Any, make_business: Any
) -> None:
    other = make_business(name="Kedai Kopi Menumbing")
    response = client_of(officer_bangka).get(
        f"/programs/cycles/{cycle.pk}/?q=Siti", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith("<tr>")
    assert f'value="{bangka_business.pk}"' in body and f'value="{other.pk}"' not in body
