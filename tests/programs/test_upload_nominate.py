"""Nominating from a file over HTTP: every row is linked to the registry and accounted for.

The registry is a handful of hand-entered Bangka businesses (the registry frame is built
from the database); the list is what a regency would send, with an Excel-damaged NIK, a
typo, a doubtful row, someone not registered, a bad amount and an empty line.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.tasks import run_worker

from sinergi.audit.models import AuditEvent
from sinergi.programs.models import (
    Nomination,
    NominationStatus,
    NominationUpload,
    NominationUploadRow,
)
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db

HEADER = "No,Nama Pemilik,NIK,Nama Usaha,Alamat,Desa,Kecamatan,No HP,Nominal\n"
LIST = HEADER + (
    # 1: the registered NIK, name written with a title, business name shortened
    "1,Hj. Siti Aminah,1901015507850001,Warung Bu Siti,Jl. Merdeka No. 5,Sri Menanti,"
    "Sungailiat,081234567890,\n"
    # 2: a typo in the name and the NIK turned into a number by Excel
    "2,Budi Santosa,1.90101E+15,Bengkel Motor Jaya,Jl. Sudirman No. 12,Sri Menanti,"
    "Sungailiat,081311112222,Rp 3.000.000\n"
    # 3: doubtful: no NIK, no phone, no street, a shortened business name
    "3,Rina Marlina,,Kue Melati,,Sri Menanti,Sungailiat,,\n"
    # 4: nobody the registry knows
    "4,Joko Susilo,1901010101800009,Mebel Jati Makmur,Jl. Pantai No. 9,Sri Menanti,"
    "Sungailiat,081377778888,\n"
    # 5: an empty line in the middle (empty lines at the end are not data)
    ",,,,,,,,\n"
    # 6: an amount that is not whole rupiah
    '6,Ani Lestari,,Salon Ani,,,,,"2.400.000,50"\n'
)


@pytest.fixture(autouse=True)
def _files_in_tmp(tmp_path: Any, settings: Any) -> None:
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def registry(make_business: Any) -> dict[str, Any]:
    found = {
        "siti": make_business(
            name="Warung Makan Bu Siti",
            owner_name="Siti Aminah",
            nik="1901015507850001",
            phone="+6281234567890",
            address="Jl. Merdeka No. 5",
        ),
        "budi": make_business(
            name="Bengkel Motor Jaya",
            owner_name="Budi Santoso",
            nik="1901011202750002",
            phone="+6281311112222",
            address="Jl. Sudirman No. 12",
        ),
        "rina": make_business(
            name="Toko Kue Melati",
            owner_name="Rina Marlina",
            nik="1901014403880003",
            phone="+6285266667777",
            address="Jl. Kenanga No. 3",
        ),
    }
    for i in range(12):
        make_business(name=f"Usaha Lain {i}", owner_name=f"Orang Lain {i}")
    return found


def upload_file(client: Any, cycle: Any, text: str, name: str = "usulan.csv") -> Any:
    """Post the file; the worker reads it (the request only stores it)."""
    response = client.post(
        f"/programs/cycles/{cycle.pk}/uploads/new/",
        {"file": SimpleUploadedFile(name, text.encode("utf-8"))},
    )
    run_worker()
    return response


def run(client: Any, upload: NominationUpload, default: str = "", **mapping: str) -> Any:
    """Post the check page as the officer would: the guessed mapping, changed by `mapping`."""
    chosen = {**upload.mapping, **mapping}
    data = {f"map-{i}": chosen[h] for i, h in enumerate(upload.headers)}
    data["default_amount_idr"] = default
    response = client.post(f"/programs/uploads/{upload.pk}/", data)
    run_worker()  # the run is queued; the worker links and nominates
    return response


def test_every_row_of_a_list_is_linked_and_accounted_for(
    client_of: Any, officer_bangka: Any, cycle: Any, registry: dict[str, Any]
) -> None:
    client = client_of(officer_bangka)
    businesses = Business.objects.count()

    response = upload_file(client, cycle, LIST)
    upload = NominationUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/programs/uploads/{upload.pk}/"
    check = client.get(response["Location"]).content.decode()
    # The recognised columns are shown and can be changed; personal data stays masked.
    assert 'id="recognised"' in check and "Nama Pemilik" in check and "owner_name" in check
    assert '<option value="nik" selected>' in check and "1901********0001" in check
    assert upload.mapping["Nominal"] == "amount" and upload.rows_total == 6

    response = run(client, upload, default="2000000")
    assert response.status_code == 302
    upload.refresh_from_db()
    rows = {r.row_number: r for r in upload.rows.all()}
    assert sorted(rows) == [1, 2, 3, 4, 5, 6]  # nothing dropped
    assert {n: r.outcome for n, r in rows.items()} == {
        1: "nominated",
        2: "nominated",
        3: "doubtful",
        4: "not_found",
        5: "bad",
        6: "bad",
    }
    assert (upload.nominated, upload.doubtful, upload.not_found, upload.bad) == (2, 1, 1, 2)
    assert upload.refused == 0 and upload.status == "done" and upload.run_by == officer_bangka

    # The exact NIK wins; the damaged NIK and typo still link through the model.
    assert rows[1].matched_by == "nik" and rows[1].business == registry["siti"]
    assert rows[2].matched_by == "model" and rows[2].business == registry["budi"]
    assert rows[2].match_probability >= 0.95
    assert any(n["code"] == "NIK_DAMAGED" for n in rows[2].notes)
    # Amounts: the file's own when valid, else the default.
    amounts = dict(cycle.nominations.values_list("business_id", "amount_idr"))
    assert amounts == {registry["siti"].pk: 2_000_000, registry["budi"].pk: 3_000_000}
    assert rows[1].nomination.amount_idr == 2_000_000
    # The doubtful row keeps its candidate, nothing is nominated for it.
    assert [c["business_id"] for c in rows[3].candidates] == [registry["rina"].pk]
    assert 0.5 <= rows[3].candidates[0]["probability"] < 0.95
    assert rows[3].nomination is None
    assert "import it through intake first" in rows[4].message
    assert rows[6].message == (
        "usulan.csv: baris 6, kolom 'Nominal': '2.400.000,50' bukan rupiah bulat > 0 "
        "(contoh: 2.400.000) / row 6, column 'Nominal': '2.400.000,50' is not a whole "
        "rupiah amount > 0 (e.g. 2.400.000)"
    )
    assert "usulan.csv: baris 5" in rows[5].message and "empty row" in rows[5].message
    # The raw row is kept as received.
    assert rows[2].raw["NIK"] == "1.90101E+15" and rows[6].raw["Nominal"] == "2.400.000,50"
    assert rows[5].raw == dict.fromkeys(upload.headers)

    # A nomination list never adds to the registry.
    assert Business.objects.count() == businesses
    from sinergi.intake.models import SourceRecord

    assert not SourceRecord.objects.exists()

    page = client.get(f"/programs/uploads/{upload.pk}/").content.decode()
    assert "Warung Makan Bu Siti" in page and "Toko Kue Melati" in page
    assert "1901********0003" in page  # the candidate's owner NIK, masked
    assert "kolom &#x27;Nominal&#x27;" in page
    assert "NIK: NIK rusak oleh Excel" in page  # the engine's note, in the page's language
    doubtful = client.get(f"/programs/uploads/{upload.pk}/?outcome=doubtful").content.decode()
    assert 'id="row-3"' in doubtful and 'id="row-1"' not in doubtful

    events = AuditEvent.objects.for_object(upload).order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["nominated"]["new"] == 2 and events[1].changes["bad"]["new"] == 2
    assert AuditEvent.objects.for_object(rows[1].nomination).filter(action="create").exists()

    # After submission the cycle page still leads to the list and its outcomes.
    from sinergi.programs import actions

    actions.submit_cycle(officer_bangka, cycle)
    cycle_page = client.get(f"/programs/cycles/{cycle.pk}/").content.decode()
    assert 'id="nominate-from-file"' not in cycle_page
    assert f'href="/programs/uploads/{upload.pk}/"' in cycle_page


def test_a_doubtful_row_is_nominated_by_hand_once(
    client_of: Any, officer_bangka: Any, cycle: Any, registry: dict[str, Any]
) -> None:
    client = client_of(officer_bangka)
    upload_file(client, cycle, HEADER + "1,Rina Marlina,,Kue Melati,,Sri Menanti,Sungailiat,,\n")
    upload = NominationUpload.objects.get()
    run(client, upload, default="1500000")
    row = NominationUploadRow.objects.get(upload=upload)
    assert row.outcome == "doubtful"
    page = client.get(f"/programs/uploads/{upload.pk}/").content.decode()
    assert f'action="/programs/uploads/rows/{row.pk}/nominate/"' in page

    response = client.post(
        f"/programs/uploads/rows/{row.pk}/nominate/", {"business": registry["rina"].pk}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.outcome == "doubtful"  # what the run decided stays visible
    assert row.business == registry["rina"] and row.chosen_by == officer_bangka
    assert row.nomination.amount_idr == 1_500_000 and row.nomination.business == registry["rina"]

    again = client.post(
        f"/programs/uploads/rows/{row.pk}/nominate/", {"business": registry["rina"].pk}
    )
    assert again.status_code == 302
    assert Nomination.objects.filter(business=registry["rina"]).count() == 1
    # Only a candidate of the row can be chosen.
    other = NominationUploadRow.objects.filter(pk=row.pk)
    other.update(nomination=None)
    client.post(f"/programs/uploads/rows/{row.pk}/nominate/", {"business": registry["siti"].pk})
    assert not Nomination.objects.filter(business=registry["siti"]).exists()


def test_matches_refused_by_nominate_are_listed_with_the_reason(
    client_of: Any,
    officer_babel: Any,
    officer_bangka: Any,
    cycle: Any,
    registry: dict[str, Any],
    make_business: Any,
    villages: dict[str, str],
) -> None:
    from sinergi.programs import actions

    pangkalpinang = make_business(
        villages["pangkalpinang"],
        name="Kedai Kopi Semabung",
        owner_name="Hendra Wijaya",
        nik="1971010505800004",
        phone="+6281255556666",
    )
    actions.nominate(officer_bangka, cycle, registry["budi"], 2_000_000)
    text = HEADER + (
        "1,Hendra Wijaya,1971010505800004,Kedai Kopi Semabung,,,,,\n"
        "2,Budi Santoso,1901011202750002,Bengkel Motor Jaya,,,,,\n"
        "3,Siti Aminah,1901015507850001,Warung Makan Bu Siti,,,,,\n"
        "4,Siti Aminah,1901015507850001,Warung Makan Bu Siti,,,,,\n"
    )
    # A province officer sees the Pangkal Pinang business, but the program is Kab. Bangka's
    # (the province office works on it as a partner the owner granted).
    from sinergi.programs.partners import grant_partner

    grant_partner(officer_bangka, cycle.program, officer_babel.membership.organisation)
    client = client_of(officer_babel)
    upload_file(client, cycle, text)
    upload = NominationUpload.objects.get()
    run(client, upload, default="2000000")
    upload.refresh_from_db()
    rows = {r.row_number: r for r in upload.rows.all()}
    assert [rows[n].outcome for n in (1, 2, 3, 4)] == ["refused", "refused", "nominated", "refused"]
    assert rows[1].business == pangkalpinang
    assert "di luar wilayah program" in rows[1].message
    assert "outside the program's region" in rows[1].message
    assert "already nominated" in rows[2].message
    assert "already nominated from row 3 of this file" in rows[4].message
    assert upload.refused == 3 and upload.nominated == 1
    page = client.get(f"/programs/uploads/{upload.pk}/?outcome=refused").content.decode()
    assert "outside the program&#x27;s region" in page and 'id="row-4"' in page

    # The Bangka officer may not see the Pangkal Pinang business: refused, and not named.
    client = client_of(officer_bangka)
    upload_file(client, cycle, HEADER + "1,Hendra Wijaya,1971010505800004,Kedai Kopi,,,,,\n")
    second = NominationUpload.objects.exclude(pk=upload.pk).get()
    run(client, second, default="2000000")
    row = second.rows.get()
    assert row.outcome == "refused" and row.business is None
    assert "outside your region" in row.message and "Semabung" not in row.message
    page = client.get(f"/programs/uploads/{second.pk}/").content.decode()
    assert "Kedai Kopi Semabung" not in page


def test_the_column_mapping_can_be_corrected_before_the_run(
    client_of: Any, officer_bangka: Any, cycle: Any, registry: dict[str, Any]
) -> None:
    client = client_of(officer_bangka)
    text = "Yang Mengajukan,KTP Pemohon,Usaha\nSiti Aminah,1901015507850001,Warung Makan Bu Siti\n"
    upload_file(client, cycle, text, name="usulan-kecamatan.csv")
    upload = NominationUpload.objects.get()
    assert upload.mapping["Yang Mengajukan"] == "-"

    # One field for two columns is refused, naming the file; nothing runs.
    refused = run(
        client, upload, default="1000000", **{"Yang Mengajukan": "nik", "KTP Pemohon": "nik"}
    )
    assert refused.status_code == 400
    assert "usulan-kecamatan.csv: field nik dipilih untuk dua kolom" in refused.content.decode()
    upload.refresh_from_db()
    assert upload.status == "preview" and not upload.rows.exists()

    run(
        client,
        upload,
        default="1000000",
        **{"Yang Mengajukan": "owner_name", "KTP Pemohon": "nik", "Usaha": "business_name"},
    )
    upload.refresh_from_db()
    assert upload.mapping == {
        "Yang Mengajukan": "owner_name",
        "KTP Pemohon": "nik",
        "Usaha": "business_name",
    }
    row = upload.rows.get()
    assert row.outcome == "nominated" and row.matched_by == "nik"


def test_rows_without_any_amount_are_bad_rows_when_no_default_is_given(
    client_of: Any, officer_bangka: Any, cycle: Any, registry: dict[str, Any]
) -> None:
    client = client_of(officer_bangka)
    text = HEADER + (
        "1,Siti Aminah,1901015507850001,Warung Makan Bu Siti,,,,,2400000\n"
        "2,Budi Santoso,1901011202750002,Bengkel Motor Jaya,,,,,\n"
        "3,Rina Marlina,1901014403880003,Toko Kue Melati,,,,,0\n"
    )
    upload_file(client, cycle, text)
    upload = NominationUpload.objects.get()
    run(client, upload)
    rows = {r.row_number: r for r in upload.rows.all()}
    assert rows[1].outcome == "nominated" and rows[1].amount_idr == 2_400_000
    assert rows[2].outcome == "bad"
    assert rows[2].message.startswith("usulan.csv: baris 2, kolom 'Nominal': nominal kosong")
    assert rows[3].outcome == "bad" and "'0' is not a whole rupiah amount" in rows[3].message
    assert cycle.nominations.filter(status=NominationStatus.ACTIVE).count() == 1


def test_an_excel_list_with_nik_stored_as_numbers_is_flagged_and_still_linked(
    client_of: Any, officer_bangka: Any, cycle: Any, registry: dict[str, Any], tmp_path: Any
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nama Pemilik", "NIK", "Nama Usaha", "No HP", "Nominal"])
    # Excel keeps 15 significant digits: the NIK's last digit became 0.
    sheet.append(["Budi Santoso", 1901011202750000, "Bengkel Motor Jaya", "081311112222", 2500000])
    path = tmp_path / "usulan.xlsx"
    book.save(path)
    client = client_of(officer_bangka)
    client.post(
        f"/programs/cycles/{cycle.pk}/uploads/new/",
        {"file": SimpleUploadedFile("usulan.xlsx", path.read_bytes())},
    )
    run_worker()
    upload = NominationUpload.objects.get()
    assert upload.numeric_columns == ["NIK", "Nominal"]
    check = client.get(f"/programs/uploads/{upload.pk}/").content.decode()
    assert "NIK, Nominal" in check  # the Excel-damage warning names the columns
    run(client, upload)
    row = upload.rows.get()
    assert row.outcome == "nominated" and row.business == registry["budi"]
    assert row.matched_by == "model" and row.amount_idr == 2_500_000
    assert any(n["code"] == "NIK_DAMAGED" for n in row.notes)
