"""Registration from an uploaded list (linked with the engine as nomination uploads are),
the event pages, session times in WIB/WITA/WIT, and cohort retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.tasks import run_worker

from sinergi.training import actions
from sinergi.training.models import Event, Registration, RegistrationUpload, Session

pytestmark = pytest.mark.django_db


def test_a_list_is_linked_to_the_registry_and_every_row_accounted_for(
    event, bangka_business, make_business, officer_bangka, client_of
):
    make_business(name="Bengkel Motor Jaya", owner_name="Budi Santoso", nik="1901011202750002")
    listing = (
        "No,Nama Pemilik,NIK,Nama Usaha,No HP\n"
        "1,Hj. Siti Aminah,1901015507850001,Warung Bu Siti,081234567890\n"
        "2,Budi Santoso,1901011202750002,Bengkel Motor Jaya,\n"
        "3,Joko Susilo,1901010101800009,Mebel Jati Makmur,081377778888\n"
        "4,,,,\n"
        "5,Siti Aminah,1901015507850001,Warung Bu Siti,\n"
    )
    client = client_of(officer_bangka)
    response = client.post(
        f"/training/{event.pk}/list/", {"file": SimpleUploadedFile("daftar.csv", listing.encode())}
    )
    upload = RegistrationUpload.objects.get()
    assert response["Location"].endswith(f"/training/lists/{upload.pk}/")
    # The request only stored the file: the page says it is being read, and polls.
    assert (upload.status, upload.rows) == ("reading", [])
    assert not Registration.objects.filter(event=event).exists()
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="reading"' in page and "?poll=1" in page
    polled = client.get(response["Location"] + "?poll=1", HTTP_HX_REQUEST="true")
    assert 'id="file-status"' in polled.content.decode()  # still reading: the fragment
    assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
    polled = client.get(response["Location"] + "?poll=1", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"  # done: the page reloads to show the rows
    upload.refresh_from_db()
    outcomes = [(r["row"], r["outcome"]) for r in upload.rows]
    assert outcomes == [(1, "registered"), (2, "registered"), (3, "not_found"), (4, "bad"),
                        (5, "already")]  # fmt: skip
    assert set(Registration.objects.filter(event=event).values_list("source", flat=True)) == {
        "upload"
    }
    page = client.get(f"/training/lists/{upload.pk}/").content.decode()
    assert "Warung Makan Bu Siti" in page and "daftar.csv" in page


def test_an_unreadable_list_ends_with_a_message_naming_file_row_and_column(
    event, officer_bangka, client_of
):
    client = client_of(officer_bangka)
    response = client.post(
        f"/training/{event.pk}/list/",
        {"file": SimpleUploadedFile("kosong.csv", b"Nama Pemilik,NIK\n")},
    )
    assert response.status_code == 302
    run_worker()
    upload = RegistrationUpload.objects.get()
    assert upload.status == "unreadable" and "kosong.csv" in upload.error
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="unreadable"' in page and "kosong.csv: hanya ada baris judul kolom" in page
    assert "?poll=1" not in page  # nothing more to wait for
    assert not Registration.objects.filter(event=event).exists()


def test_a_list_whose_event_closed_before_the_worker_read_it_is_refused(
    event, bangka_business, officer_bangka, client_of
):
    listing = "Nama Pemilik,NIK,Nama Usaha\nSiti Aminah,1901015507850001,Warung Bu Siti\n"
    client_of(officer_bangka).post(
        f"/training/{event.pk}/list/", {"file": SimpleUploadedFile("daftar.csv", listing.encode())}
    )
    Event.objects.filter(pk=event.pk).update(status="closed")
    run_worker()
    upload = RegistrationUpload.objects.get()
    assert (upload.status, upload.rows) == ("refused", [])
    assert "registration is closed" in upload.error
    assert not Registration.objects.filter(event=event).exists()


def test_an_officer_creates_an_event_and_a_session_shown_in_wita(officer_bangka, client_of):
    from sinergi.training.models import Topic

    client = client_of(officer_bangka)
    response = client.post(
        "/training/new/",
        {
            "name": "Pelatihan Ekspor",
            "topic": Topic.objects.get_or_create(name="Ekspor")[0].pk,
            "mode": "hybrid",
            "meeting_url": "https://zoom.example/j/9",
            "venue": "PLUT Sungailiat",
            "capacity": "30",
            "region_scope": "1901",
            "regency": "1901",
        },
    )
    event = Event.objects.get(name="Pelatihan Ekspor")
    assert response["Location"].endswith(f"/training/{event.pk}/")
    assert event.target_filter == {"regency": "1901"} and event.capacity == 30
    client.post(
        f"/training/{event.pk}/sessions/",
        {
            "title": "Hari 1",
            "day": "2024-03-01",
            "start": "09:00",
            "end": "11:30",
            "timezone": "Asia/Makassar",
            "min_minutes": "90",
        },
    )
    session = Session.objects.get(event=event)
    assert session.starts_at == dt.datetime(2024, 3, 1, 1, 0, tzinfo=dt.UTC)
    page = client.get(f"/training/{event.pk}/").content.decode()
    assert "01-03-2024 09:00–11:30 WITA" in page


def test_an_online_event_without_a_link_is_refused_with_a_message(officer_bangka, client_of):
    from sinergi.training.models import Topic

    response = client_of(officer_bangka).post(
        "/training/new/",
        {
            "name": "Tanpa tautan",
            "topic": Topic.objects.get_or_create(name="Ekspor")[0].pk,
            "mode": "online",
            "region_scope": "1901",
        },
    )
    assert response.status_code == 200 and not Event.objects.exists()


def test_an_owner_registers_from_their_page_and_cancels_which_moves_the_list(
    make_event, make_business, make_member, officer_bangka, client_of
):
    owner = make_member("owner.ani", "business_owner", None, "Pemilik")
    own = make_business(name="Keripik Ani")
    own.owner.user = owner
    own.owner.save()
    event = make_event(capacity=1, self_registration=True)
    client = client_of(owner)
    assert "Keripik Ani" in client.get("/training/mine/").content.decode()
    client.post(f"/training/{event.pk}/register-self/", {"business": own.pk})
    mine = Registration.objects.get(event=event, business=own)
    assert mine.status == "registered" and mine.source == "self"
    other = actions.register(officer_bangka, event, make_business(name="Antre"))
    assert other.status == "waiting"
    client.post(f"/training/registrations/{mine.pk}/cancel/")
    other.refresh_from_db()
    assert other.status == "registered"


def test_retention_counts_attendance_and_profile_updates_per_month(
    event, session, make_business, officer_bangka
):
    from sinergi.training.models import Attendance
    from sinergi.training.retention import cohort_retention

    active, dropped = make_business(name="Aktif"), make_business(name="Berhenti")
    cohort = actions.create_cohort(officer_bangka, "Kohort", "1901")
    actions.add_members(officer_bangka, cohort, [active, dropped])
    for business in (active, dropped):
        registration = actions.register(officer_bangka, event, business)
        Attendance.objects.create(
            session=session, registration=registration, minutes=90, present=True
        )
    from sinergi.audit.actions import record
    from sinergi.audit.models import AuditEvent

    update = record(officer_bangka, "update", active, changes={"workers": (1, 2)})
    AuditEvent.objects.filter(pk=update.pk).update(at=dt.datetime(2024, 6, 10, 3, 0, tzinfo=dt.UTC))
    report = cohort_retention(cohort, today=dt.date(2024, 3, 15))
    assert report.months[-1] == "2024-03" and report.active[-1] == 2 and report.dropped == []
    later = cohort_retention(cohort, today=dt.date(2024, 7, 15))
    assert later.active[-5:] == [2, 0, 0, 1, 0]  # March: both attended; June: a profile update
    assert [b.name for b in later.dropped] == ["Berhenti"]


def test_retention_counts_a_sale_reported_through_a_listed_channel(
    make_business, officer_bangka, client_of
):
    """Criterion 7's third signal: a campaign purchase reported by its buyer, or the first
    online sale of the go-online funnel, makes the member active in the month of the sale;
    a pledge (not yet a sale) does not."""
    from django.utils import timezone

    from sinergi.catalog import funnel
    from sinergi.catalog.campaigns import create_campaign
    from sinergi.catalog.models import Purchase
    from sinergi.training.retention import cohort_retention, months_until

    today = timezone.localdate()
    two_ago = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=10)
    online, bought, pledged = (make_business(name=n) for n in ("Online", "Dibeli", "Janji"))
    cohort = actions.create_cohort(officer_bangka, "Kohort penjualan", "1901")
    actions.add_members(officer_bangka, cohort, [online, bought, pledged])
    funnel.report_first_sale(officer_bangka, online, today, "marketplace")
    campaign = create_campaign(
        officer_bangka,
        {"name": "Belanja lokal", "kind": "buy_local_day",
         "starts_on": two_ago - dt.timedelta(days=5), "ends_on": today},
        "1901",
    )  # fmt: skip
    for business, status in ((bought, "reported"), (pledged, "pledged")):
        Purchase.objects.create(
            campaign=campaign, business=business, buyer=officer_bangka, status=status,
            amount_idr=50_000, on=two_ago, regency_code="1901",
        )  # fmt: skip

    report = cohort_retention(cohort, today=today)
    months = months_until(today)
    sale_month = two_ago.strftime("%Y-%m")
    assert report.by_source["sale"][months.index(sale_month)] == 1  # the pledge is no sale
    assert report.by_source["sale"][-1] == 1 and report.active[-1] == 1
    assert report.by_source["attendance"] == [0] * 12
    cells = {b.name: dict(zip(months, c, strict=True)) for b, c in report.rows}
    assert cells["Online"][months[-1]] == ("sale",)
    assert cells["Dibeli"][sale_month] == ("sale",)
    assert not any(cells["Janji"].values())
    assert report.dropped == []  # the last sale is within the last 3 months

    page = client_of(officer_bangka).get(f"/training/cohorts/{cohort.pk}/").content.decode()
    assert f'<tr data-business="{online.pk}">' in page
    assert page.count('data-sources="sale"') == 2
    assert page.count('class="sales"') == 2  # the chart marks both months with a sale


def test_a_list_read_at_once_ends_its_row_as_the_worker_would_and_says_why(event, officer_bangka):
    """The command line and fixtures read a list in the process: a bad file raises the
    same named message and leaves the upload unreadable, never half-read."""
    from sinergi.linkage import InputError
    from sinergi.training.uploads import register_from_list

    with pytest.raises(InputError, match="kosong.csv"):
        register_from_list(officer_bangka, event, "kosong.csv", b"Nama Pemilik,NIK\n")
    upload = RegistrationUpload.objects.get()
    assert upload.status == "unreadable" and "kosong.csv" in upload.error
    assert not Registration.objects.filter(event=event).exists()
