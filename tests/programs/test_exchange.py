"""The platform's side of issue 17, through HTTP and the worker.

An officer makes an encoded copy of a cycle (audited, key not stored), another agency
encodes its list with `sinergi pprl encode` and the same key, the officer uploads that
encoding; the django-tasks worker matches and the overlap becomes open findings
"received from another agency" naming the agency. The other agency's names and NIKs
are stored nowhere.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sinergi.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominated(cycle: Any, officer_bangka: Any, make_business: Any) -> dict[str, Any]:
    from sinergi.programs import actions

    siti = make_business(
        name="Warung Siti", owner_name="Siti Aminah", nik="1901015507850101",
        address="Jl. Merdeka 5",
    )  # fmt: skip
    budi = make_business(
        name="Bengkel Budi", owner_name="Budi Santoso", nik="1901011202750102",
        address="Jl. Sudirman 9",
    )  # fmt: skip
    noms = [actions.nominate(officer_bangka, cycle, b, 1_000_000) for b in (siti, budi)]
    return {"cycle": cycle, "noms": noms}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_overlap_with_another_agency_becomes_findings(
    nominated, officer_bangka, tmp_path: Path, django_capture_on_commit_callbacks, settings
):
    from sinergi.audit.models import AuditEvent
    from sinergi.exchange.models import AgencyList, EncodedExport
    from sinergi.programs.models import Finding

    cycle = nominated["cycle"]
    key = tmp_path / "shared.key"
    assert main(["pprl", "keygen", str(key)]) == 0
    c = _client(officer_bangka)
    fields = ["owner_name", "business_name"]
    r = c.post(
        f"/exchange/cycles/{cycle.pk}/export/",
        {"key_file": SimpleUploadedFile("k.key", key.read_bytes()), "fields": fields,
         "block_level": "regency"},
    )  # fmt: skip
    assert r.status_code == 302
    made = EncodedExport.objects.get(cycle=cycle)
    assert made.records == 2
    assert AuditEvent.objects.filter(kind="encoded_exported", object_id=str(made.pk)).exists()
    download = c.get(f"/exchange/exports/{made.pk}/download/")
    assert download.status_code == 200
    blob = b"".join(zipfile.ZipFile(io.BytesIO(download.content)).read(n) for n in
                    ("encoded.parquet", "manifest.json"))  # fmt: skip
    assert b"1901015507850101" not in blob and b"SITI" not in blob.upper()
    assert key.read_text().splitlines()[-1].encode() not in blob

    # The other agency (Dinas Sosial) encodes its own list with the same key and fields.
    theirs = tmp_path / "dinsos.csv"
    with theirs.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([
            ["NAMA", "NIK", "NAMA USAHA", "KAB/KOTA"],
            ["SITI AMINAH", "1901015507850101", "WARUNG SITI", "KABUPATEN BANGKA"],
            ["AHMAD YANI", "1901010303800003", "TOKO AHMAD", "KABUPATEN BANGKA"],
        ])  # fmt: skip
    out = tmp_path / "enc"
    assert main(["pprl", "encode", str(theirs), "--key-file", str(key), "--out", str(out),
                 "--fields", ",".join(fields), "--quiet"]) == 0  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("encoded.parquet", "manifest.json"):
            z.write(out / name, name)
    # The match is a django-tasks job queued on commit; the immediate backend (as with
    # TASKS_BACKEND=immediate) runs the same task function the database worker runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
        f"/exchange/cycles/{cycle.pk}/receive/",
        {"agency": "Dinas Sosial Kab. Bangka",
         "file": SimpleUploadedFile("dinsos.zip", buf.getvalue())},
    )  # fmt: skip
    assert r.status_code == 302
    received = AgencyList.objects.get()
    assert (received.status, received.findings) == ("done", 1)
    finding = Finding.objects.get(reason="RECEIVED_FROM_AGENCY")
    assert finding.nomination == nominated["noms"][0]
    assert finding.status == "open"
    assert "Dinas Sosial Kab. Bangka" in finding.message_en
    assert "Received from another agency" in finding.message_en
    assert "nik" in finding.evidence.split(";")
    page = c.get(f"/programs/cycles/{cycle.pk}/")
    assert "Dinas Sosial Kab. Bangka" in page.content.decode()
    # Nothing of the other agency's list is kept in clear (its names, NIKs).
    stored = bytes(received.encoded)
    for value in (b"AHMAD YANI", b"1901010303800003", b"TOKO AHMAD"):
        assert value not in stored and value.lower() not in stored
    assert AuditEvent.objects.filter(kind="encoded_received").count() == 1
    # A second run of the same job adds no second finding.
    from sinergi.exchange.actions import run_match

    assert run_match(received.pk) == "skipped"
    assert Finding.objects.filter(reason="RECEIVED_FROM_AGENCY").count() == 1


def test_a_list_encoded_with_another_key_or_not_encoded_is_refused(
    nominated, officer_bangka, tmp_path: Path
):
    from sinergi.exchange.models import AgencyList

    cycle = nominated["cycle"]
    c = _client(officer_bangka)
    r = c.post(
        f"/exchange/cycles/{cycle.pk}/receive/",
        {"agency": "Bank", "file": SimpleUploadedFile("x.zip", b"not a zip")},
        follow=True,
    )
    assert "not an encoded list" in r.content.decode()
    bad_key = c.post(
        f"/exchange/cycles/{cycle.pk}/export/",
        {"key_file": SimpleUploadedFile("k.key", b"1234"), "fields": ["owner_name", "address"],
         "block_level": "regency"},
        follow=True,
    )  # fmt: skip
    assert "not a pprl key file" in bad_key.content.decode()
    assert not AgencyList.objects.exists()
