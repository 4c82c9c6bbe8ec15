"""The acceptance fixture: a Zoom participant report of 300+ lines written the way Zoom
writes it (tests/training/data, made by `python -m bench.training_data`): reconnects,
device names, phone numbers as names, titles and degrees, namesakes and guests.

Uploaded over HTTP (the background worker reads it) into a session of an event with the
220 registrants registered:
>= 95 % of the registered attendees are matched to the right business, NO line is matched
to a wrong business, everything else is on the review list, and the minutes of every
matched person are their lines summed across reconnects (overlaps once).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.tasks import run_worker

from sinergi.registry.models import Business, Person
from sinergi.training.models import Attendance, AttendanceImport, Registration

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def _registry(villages: dict[str, str]) -> list[Registration]:
    owners = json.loads((DATA / "zoom_registrants.json").read_text(encoding="utf-8"))
    people = Person.objects.bulk_create(
        Person(full_name=o["owner_name"], email=o["email"], phone=o["phone"]) for o in owners
    )
    businesses = Business.objects.bulk_create(
        Business(name=o["business_name"], owner=p, village_id=villages["bangka"], sector_id="56102")
        for o, p in zip(owners, people, strict=True)
    )
    return businesses


def test_a_zoom_report_is_matched_without_a_wrong_match_and_the_rest_goes_to_review(
    event, session, villages, officer_bangka, client_of
):
    businesses = _registry(villages)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(event=event, business=b, status="registered", source="manual", queued_at=now)
        for b in businesses
    )
    registration_of = dict(
        Registration.objects.filter(event=event).values_list("business_id", "pk")
    )
    index_of = {registration_of[b.pk]: i for i, b in enumerate(businesses)}
    text = (DATA / "zoom_participants.csv").read_bytes()
    assert text.count(b"\n") >= 300

    response = client_of(officer_bangka).post(
        f"/training/sessions/{session.pk}/attendance/",
        {"kind": "zoom", "file": SimpleUploadedFile("participants_81234567890.csv", text)},
    )
    assert response.status_code == 302
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]  # the worker reads the file
    done = AttendanceImport.objects.get()
    assert done.lines == text.count(b"\n") - 4  # the meeting block, a blank line, the header

    truth = json.loads((DATA / "zoom_truth.json").read_text(encoding="utf-8"))
    by_key = {(t["email"] or t["name"]).casefold(): t for t in truth}
    attendees = [t for t in truth if t["index"] >= 0]
    right, wrong = set(), []
    for line in done.people_lines.all():
        who = by_key[(line.raw[0]["User Email"] or line.raw[0]["Name (Original Name)"]).casefold()]
        if line.outcome != "matched":
            continue
        if who["index"] >= 0 and index_of[line.registration_id] == who["index"]:
            right.add(who["index"])
        else:
            wrong.append((line.display_name, line.matched_by, who["index"]))
    assert wrong == []
    share = len(right) / len(attendees)
    assert share >= 0.95, f"{len(right)} of {len(attendees)} matched ({share:.1%})"
    # The rest is on the review list: every person is accounted for.
    assert done.matched + done.review == done.people
    minutes = {
        index_of[a.registration_id]: a.minutes for a in Attendance.objects.filter(session=session)
    }
    for t in attendees:
        if t["index"] in right:
            assert minutes[t["index"]] == t["minutes"], t
    # Namesakes (two registrants called the same, both without e-mail) are never matched.
    namesakes = [t for t in truth if t["style"] == "namesake"]
    assert len(namesakes) == 2 and not {t["index"] for t in namesakes} & right
