"""Issue 17 for the registry, through HTTP and the worker.

An officer makes an encoded copy of the active registry in their region (audited; the
download holds no raw value; a large copy is made by the worker and the key it waited
with is erased), another agency encodes its list with `sinergi pprl encode` and the same
key, the officer uploads it and sees the overlap: counts, and the matched businesses
that lie in the reader's own region.
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

FIELDS = ["owner_name", "business_name"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def registry(make_business: Any, villages: dict[str, str]) -> dict[str, Any]:
    return {
        "siti": make_business(villages["bangka"], name="Warung Siti", owner_name="Siti Aminah",
                              nik="1901015507850101", phone="+6281100000001"),
        "rudi": make_business(villages["pangkalpinang"], name="Toko Rudi",
                              owner_name="Rudi Hartono", nik="1971011003800002",
                              phone="+6281100000002"),
        "made": make_business(villages["denpasar"], name="Warung Made", owner_name="Made Sudana",
                              nik="5171011204790003", phone="+6281100000003"),
    }  # fmt: skip


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _key(tmp_path: Path) -> Path:
    key = tmp_path / "shared.key"
    assert main(["pprl", "keygen", str(key)]) == 0
    return key


def _export(c: Client, key: Path) -> Any:
    return c.post(
        "/exchange/registry/export/",
        {"key_file": SimpleUploadedFile("k.key", key.read_bytes()), "fields": FIELDS,
         "block_level": "regency"},
        follow=True,
    )  # fmt: skip


def _their_list(tmp_path: Path, key: Path) -> bytes:
    """Dinas Sosial's own list, encoded by them with the shared key (names in clear here
    only: this file never reaches the platform)."""
    theirs = tmp_path / "dinsos.csv"
    with theirs.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([
            ["NAMA", "NIK", "NAMA USAHA"],
            ["SITI AMINAH", "1901015507850101", "WARUNG SITI"],
            ["RUDI HARTONO", "1971011003800002", "TOKO RUDI"],
            ["MADE SUDANA", "5171011204790003", "WARUNG MADE"],
            ["AHMAD YANI", "1901010303800003", "TOKO AHMAD"],
        ])  # fmt: skip
    out = tmp_path / "enc"
    assert main(["pprl", "encode", str(theirs), "--key-file", str(key), "--out", str(out),
                 "--fields", ",".join(FIELDS), "--quiet"]) == 0  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("encoded.parquet", "manifest.json"):
            z.write(out / name, name)
    return buf.getvalue()


def test_the_registry_overlap_with_another_agency_is_listed_per_region(
    registry, officer_babel, officer_bangka, officer_denpasar, tmp_path: Path,
    django_capture_on_commit_callbacks, settings,
):  # fmt: skip
    from sinergi.audit.models import AuditEvent
    from sinergi.exchange.models import AgencyList, EncodedExport

    key = _key(tmp_path)
    babel = _client(officer_babel)
    r = _export(babel, key)
    assert "Salinan tersandi dibuat: 2 usaha." in r.content.decode()  # Indonesian first
    made = EncodedExport.objects.get(cycle__isnull=True)
    # the province's active registry only: Bangka and Pangkal Pinang, not Denpasar
    assert (made.region, made.records, made.status, made.pending_key) == ("19", 2, "done", "")
    assert sorted(made.businesses) == sorted([registry["siti"].pk, registry["rudi"].pk])
    event = AuditEvent.objects.get(kind="registry_encoded_exported", object_id=str(made.pk))
    assert event.actor == officer_babel
    download = babel.get(f"/exchange/exports/{made.pk}/download/")
    assert download.status_code == 200
    blob = b"".join(zipfile.ZipFile(io.BytesIO(download.content)).read(n) for n in
                    ("encoded.parquet", "manifest.json"))  # fmt: skip
    for raw in (b"1901015507850101", b"SITI", b"RUDI", b"+6281100000001", b"WARUNG"):
        assert raw not in blob.upper()
    assert key.read_text().splitlines()[-1].encode() not in blob
    assert AuditEvent.objects.filter(kind="exported", object_id=str(made.pk)).exists()
    # an officer of another region neither downloads it nor matches against it
    denpasar = _client(officer_denpasar)
    assert denpasar.get(f"/exchange/exports/{made.pk}/download/").status_code == 404

    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        r = babel.post(
            "/exchange/registry/receive/",
            {"agency": "Dinas Sosial Prov. Babel",
             "file": SimpleUploadedFile("dinsos.zip", _their_list(tmp_path, key))},
        )  # fmt: skip
    received = AgencyList.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/exchange/registry/received/{received.pk}/"
    assert (received.status, received.records, received.findings) == ("done", 4, 2)
    assert AuditEvent.objects.filter(kind="encoded_received").count() == 1
    for value in (b"AHMAD YANI", b"1901010303800003", b"TOKO AHMAD"):
        assert value not in bytes(received.encoded) and value.lower() not in bytes(received.encoded)

    page = babel.get(f"/exchange/registry/received/{received.pk}/").content.decode()
    assert 'data-testid="matched">2<' in page and 'data-testid="in-scope">2<' in page
    assert "Warung Siti" in page and "Toko Rudi" in page and "Warung Made" not in page
    # the Bangka officer reads the province's overlap, listed only inside Kab. Bangka
    page = _client(officer_bangka).get(f"/exchange/registry/received/{received.pk}/")
    text = page.content.decode()
    assert 'data-testid="matched">2<' in text and 'data-testid="in-scope">1<' in text
    assert "Warung Siti" in text and "Toko Rudi" not in text
    assert denpasar.get(f"/exchange/registry/received/{received.pk}/").status_code == 404
    # Denpasar has no export made with this key: its upload is refused, nothing stored
    r = denpasar.post(
        "/exchange/registry/receive/",
        {"agency": "Dinas Sosial", "file": SimpleUploadedFile("d.zip", _their_list(tmp_path, key))},
        follow=True,
    )
    assert "no registry export was made with the same key" in r.content.decode()
    assert AgencyList.objects.count() == 1


def test_a_large_registry_copy_is_made_by_the_worker_and_the_key_erased(
    registry, officer_babel, tmp_path: Path, django_capture_on_commit_callbacks, settings
):
    from sinergi.exchange.models import EncodedExport

    settings.EXCHANGE_REGISTRY_INLINE_MAX = 1  # 2 businesses: "large"
    settings.TASKS = IMMEDIATE
    key = _key(tmp_path)
    c = _client(officer_babel)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = _export(c, key)
    assert "sedang dibuat di latar belakang" in r.content.decode()
    made = EncodedExport.objects.get()
    assert (made.status, made.records) == ("queued", 2)
    r = c.get(f"/exchange/exports/{made.pk}/download/", follow=True)
    assert "Salinan tersandi belum siap" in r.content.decode()
    for callback in queued:  # the worker's job (immediate backend: the same task function)
        callback()
    made.refresh_from_db()
    assert (made.status, made.pending_key, made.records) == ("done", "", 2)
    blob = zipfile.ZipFile(io.BytesIO(c.get(f"/exchange/exports/{made.pk}/download/").content))
    assert b"1901015507850101" not in blob.read("encoded.parquet")


def test_only_region_officers_exchange_the_registry_and_bad_input_is_named(
    registry, officer_bangka, assistant_bangka, manager_mitra, auditor, tmp_path: Path
):
    from sinergi.exchange.models import EncodedExport

    key = _key(tmp_path)
    for user in (assistant_bangka, manager_mitra, auditor):
        c = _client(user)
        assert c.get("/exchange/registry/").status_code == 403
        assert _export(c, key).status_code == 403
    c = _client(officer_bangka)
    page = c.get("/exchange/registry/")
    assert page.status_code == 200 and "1901" in page.content.decode()
    assert "/exchange/registry/" in c.get("/registry/").content.decode()
    r = c.post(
        "/exchange/registry/export/",
        {"key_file": SimpleUploadedFile("k.key", b"1234"), "fields": FIELDS,
         "block_level": "regency"},
        follow=True,
    )  # fmt: skip
    assert "not a pprl key file" in r.content.decode()
    r = c.post(
        "/exchange/registry/receive/",
        {"agency": "Bank", "file": SimpleUploadedFile("x.zip", b"not a zip")},
        follow=True,
    )
    assert "not an encoded list" in r.content.decode()
    assert not EncodedExport.objects.exists()


def test_the_registry_page_offers_both_forms_each_to_its_own_address(officer_babel):
    import re

    body = _client(officer_babel).get("/exchange/registry/").content.decode()
    actions = dict(re.findall(r'<section class="card" id="(export|receive)">.*?action="([^"]+)"',
                              body, re.S))  # fmt: skip
    assert actions == {"export": "/exchange/registry/export/",
                       "receive": "/exchange/registry/receive/"}  # fmt: skip
    assert "<h2>Buat salinan tersandi registri di wilayah Anda</h2>" in body
