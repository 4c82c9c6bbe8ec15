"""Importing attendance over HTTP: the review list, a person's choice, the signed sheet,
and the session's attendance rule."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.tasks import run_worker

from sinergi.training import actions
from sinergi.training.models import Attendance, AttendanceImport, AttendanceLine

pytestmark = pytest.mark.django_db

HEAD = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


@pytest.fixture
def participants(event: Any, make_business: Any, officer_bangka: Any) -> dict[str, Any]:
    out = {}
    for key, owner, business, phone in (
        ("siti1", "Siti Aminah", "Keripik Siti", "081211110001"),
        ("siti2", "Siti Aminah", "Batik Siti", "081211110002"),
        ("budi", "Budi Santoso", "Kopi Budi", "081211110003"),
    ):
        out[key] = actions.register(
            officer_bangka, event, make_business(name=business, owner_name=owner, phone=phone)
        )
    return out


def _post(client: Any, session: Any, kind: str, name: str, data: bytes) -> Any:
    """Upload over HTTP (the request only stores the file), then let the worker read it."""
    response = client.post(
        f"/training/sessions/{session.pk}/attendance/",
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    return response


def test_namesakes_go_to_review_and_a_person_decides(
    session, participants, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    text = HEAD + (
        "Siti Aminah,,03/01/2024 09:00:00 AM,03/01/2024 09:40:00 AM,40,Yes\n"
        "Budi Santoso,,03/01/2024 09:00:00 AM,03/01/2024 09:30:00 AM,30,Yes\n"
        "Budi Santoso,,03/01/2024 09:35:00 AM,03/01/2024 10:10:00 AM,35,Yes\n"
        "Samsung A12,,03/01/2024 09:00:00 AM,03/01/2024 11:00:00 AM,120,Yes\n"
    )
    response = _post(client, session, "zoom", "peserta.csv", text.encode())
    done = AttendanceImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/attendance/{done.pk}/")
    outcomes = dict(done.people_lines.values_list("display_name", "outcome"))
    assert outcomes == {
        "Siti Aminah": "ambiguous",
        "Budi Santoso": "matched",
        "Samsung A12": "unmatched",
    }
    budi = Attendance.objects.get(registration=participants["budi"])
    assert (budi.minutes, budi.present) == (65, True)  # 30 + 35 across the reconnect; rule 60

    page = client.get(f"/training/attendance/{done.pk}/").content.decode()
    assert "Keripik Siti" in page and "Batik Siti" in page  # both namesakes offered
    line = AttendanceLine.objects.get(display_name="Siti Aminah")
    assert sorted(line.candidates) == sorted([participants["siti1"].pk, participants["siti2"].pk])
    client.post(
        f"/training/attendance/lines/{line.pk}/", {"registration": participants["siti2"].pk}
    )
    siti = Attendance.objects.get(registration=participants["siti2"])
    assert (siti.minutes, siti.present) == (40, False)
    assert not Attendance.objects.filter(registration=participants["siti1"]).exists()


def test_a_choice_outside_the_candidates_is_refused(
    session, participants, officer_bangka, client_of
):
    text = HEAD + "Siti Aminah,,03/01/2024 09:00:00 AM,03/01/2024 09:40:00 AM,40,Yes\n"
    client = client_of(officer_bangka)
    _post(client, session, "zoom", "p.csv", text.encode())
    line = AttendanceLine.objects.get()
    client.post(f"/training/attendance/lines/{line.pk}/", {"registration": participants["budi"].pk})
    line.refresh_from_db()
    assert line.registration_id is None


def test_a_phone_number_as_the_name_matches_by_phone_and_is_masked_on_the_page(
    session, participants, officer_bangka, client_of
):
    from sinergi.training.attendance import import_attendance

    text = HEAD + "0812-1111-0003,,03/01/2024 09:00:00 AM,03/01/2024 10:00:00 AM,60,Yes\n"
    done = import_attendance(officer_bangka, session, "zoom", "p.csv", text.encode())
    line = done.people_lines.get()
    assert (line.outcome, line.matched_by, line.registration_id) == (
        "matched",
        "phone",
        participants["budi"].pk,
    )
    page = client_of(officer_bangka).get(f"/training/attendance/{done.pk}/").content.decode()
    assert "0812-1111-0003" not in page and "0812-1*****003" in page  # fmt: skip


def test_a_signed_sheet_counts_the_whole_session(session, participants, officer_bangka, client_of):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["No", "Nama", "Nama Usaha", "No HP", "Tanda Tangan"])
    sheet.append([1, "Budi Santoso", "Kopi Budi", "081211110003", "ttd"])
    sheet.append([2, "Siti Aminah", "Batik Siti", "", "ttd"])
    buffer = io.BytesIO()
    book.save(buffer)
    _post(client_of(officer_bangka), session, "sheet", "absensi.xlsx", buffer.getvalue())
    done = AttendanceImport.objects.get()
    assert (done.people, done.matched) == (2, 2)  # "Siti Aminah" of "Batik Siti": one only
    assert set(Attendance.objects.values_list("minutes", "present")) == {(120, True)}


def test_a_broken_file_is_read_by_the_worker_and_refused_naming_file_row_and_column(
    session, participants, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    text = HEAD + "Budi,,kemarin,03/01/2024 10:00:00 AM,60,Yes\n"
    response = client.post(
        f"/training/sessions/{session.pk}/attendance/",
        {"kind": "zoom", "file": SimpleUploadedFile("rusak.csv", text.encode())},
    )
    done = AttendanceImport.objects.get()
    assert response["Location"].endswith(f"/training/attendance/{done.pk}/")
    # Nothing was parsed in the request: the page says the file is being read, and polls.
    assert (done.status, done.lines) == ("reading", 0)
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="reading"' in page and "?poll=1" in page
    run_worker()
    done.refresh_from_db()
    assert done.status == "unreadable"
    polled = client.get(response["Location"] + "?poll=1", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert "rusak.csv: baris 2, kolom &#x27;Join Time&#x27;" in page
    assert not done.people_lines.exists() and not Attendance.objects.exists()


def test_a_job_whose_worker_died_is_queued_again_and_finished_once(
    session, participants, officer_bangka
):
    """The one stale rule (core.jobs): a reading job without heartbeat goes back to the
    queue; the next worker claims it and writes its result once."""
    import datetime as dt

    from django.utils import timezone

    from sinergi.core import jobs
    from sinergi.training.attendance import read_attendance, receive_attendance

    text = HEAD + "Budi Santoso,,03/01/2024 09:00:00 AM,03/01/2024 10:10:00 AM,70,Yes\n"
    done = receive_attendance(officer_bangka, session, "zoom", "p.csv", [text.encode()])
    run_worker()
    assert jobs.metrics()["jobs"]["training.attendance_read"]["failed"] == 0
    again = receive_attendance(
        officer_bangka, session, "zoom", "p2.csv", [text.encode()], read_in_worker=False
    )
    dead = timezone.now() - dt.timedelta(seconds=jobs.STALE_SECONDS + 5)
    AttendanceImport.objects.filter(pk=again.pk).update(heartbeat_at=dead)  # a claimed job
    assert jobs.requeue_stale() == {"training.attendance_read": [again.pk]}
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    assert read_attendance(again.pk) == "not-claimed"  # done: nobody takes it again
    again.refresh_from_db()
    assert (again.status, again.matched) == ("done", 1)
    assert again.people_lines.count() == 1
    done.refresh_from_db()
    assert done.status == "done"
    assert Attendance.objects.get(registration=participants["budi"]).minutes == 70
