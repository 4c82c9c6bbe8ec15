"""A training from creation to a verified certificate, in a real (headless Debian) chromium.

The Bangka officer creates a webinar, adds a session (shown in WIB), invites a cohort,
imports the Zoom participant report (a reconnect, a device name; read by the worker
while the page says so), marks an outcome, issues certificates, has the worker prepare
the event's ZIP (the page shows it preparing, then the download link) and downloads it,
downloads one certificate, opens its QR target (the public verification page, without
logging in) and sees it valid; revokes it and sees it revoked. The certificate's
first page is rendered to an image and kept as a test artifact.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from tests.browser import MARKS, chromium, click_and_wait, log_in, new_page
from tests.tasks import run_worker

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_an_officer_runs_a_webinar_to_a_certificate_anyone_can_verify(
    live_server, officer_bangka, make_business, output_dir, tmp_path, monkeypatch, settings
):
    import pypdfium2
    from django.db import connection
    from playwright.sync_api import expect

    from sinergi.training import actions
    from sinergi.training.models import Topic

    settings.VAR_DIR = tmp_path / "var"  # the uploaded report is stored here (intake.storage)
    # Seeded by a data migration, but a browser test before this one flushed the tables.
    Topic.objects.get_or_create(name="Pemasaran digital")
    siti = make_business(name="Keripik Siti", owner_name="Siti Aminah", phone="081211110001")
    budi = make_business(name="Kopi Budi", owner_name="Budi Santoso", phone="081211110002")
    cohort = actions.create_cohort(officer_bangka, "Mitra binaan 2020 – Bangka", "1901")
    actions.add_members(officer_bangka, cohort, [siti, budi])
    report = tmp_path / "participants_81234567890.csv"
    report.write_text(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Bu Siti Keripik,,03/01/2024 09:00:00 AM,03/01/2024 09:50:00 AM,50,Yes\n"
        "Samsung A12,,03/01/2024 09:02:00 AM,03/01/2024 10:00:00 AM,58,Yes\n"
        "Bu Siti Keripik,,03/01/2024 09:55:00 AM,03/01/2024 10:40:00 AM,45,Yes\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000})
        log_in(page, base, "officer.bangka")

        page.goto(f"{base}/training/new/")
        page.fill("#id_name", "Webinar Go Digital Bangka")
        page.select_option("#id_topic", label="Pemasaran digital")
        page.select_option("#id_mode", "online")
        page.fill("#id_meeting_url", "https://zoom.example/j/81234567890")
        page.fill("#id_capacity", "50")
        page.fill("#id_region_scope", "1901")
        click_and_wait(page, "button[type=submit].primary")
        expect(page.locator("h1")).to_have_text("Webinar Go Digital Bangka")

        page.fill("#id_title", "Sesi 1")
        page.fill("#id_day", "2024-03-01")
        page.fill("#id_start", "09:00")
        page.fill("#id_end", "11:00")
        page.select_option("#id_timezone", "Asia/Jakarta")
        page.fill("#id_min_minutes", "60")
        click_and_wait(page, "#session-form button[type=submit]")
        expect(page.locator("[data-testid=session-time]")).to_have_text(
            "01-03-2024 09:00–11:00 WIB"
        )

        page.select_option("#id_cohort", label="Mitra binaan 2020 – Bangka")
        click_and_wait(page, "#invite-cohort button")
        expect(page.locator("#participants tbody tr")).to_have_count(2)

        page.select_option(".attendance-form select[name=kind]", "zoom")
        page.set_input_files(".attendance-form input[type=file]", str(report))
        click_and_wait(page, ".attendance-form button")
        # The request only stored the file: "reading the file" until the worker is done,
        # then the page reloads itself (htmx poll) with the matches and the review list.
        expect(page.locator("#file-status [data-status=reading]")).to_be_visible()
        assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
        expect(page.locator("#matched tbody tr")).to_have_count(1)
        expect(page.locator("#matched tbody tr td").last).to_have_text("95")  # 50 + 45
        expect(page.locator("#review tbody tr")).to_have_count(1)  # the device name
        page.screenshot(path=str(output_dir / "1-attendance.png"), full_page=True)

        page.goto(f"{base}/training/")
        click_and_wait(page, "#events a")
        row = page.locator(f"#participants tr[data-business='{siti.pk}']")
        expect(row.locator(".minutes")).to_contain_text("95 ✓")
        row.locator("select[name=outcome]").select_option("passed")
        row.locator("input[name=score]").fill("88")
        click_and_wait(page, row.locator("form.outcome button"))
        click_and_wait(page, "#issue-all")
        row = page.locator(f"#participants tr[data-business='{siti.pk}']")
        link = row.locator(".certificate a")
        expect(link).to_have_count(1)

        # The event's ZIP is prepared by the worker: "preparing" with its progress until
        # it is done, then the section swaps itself (htmx poll) to the download link.
        click_and_wait(page, "#prepare-zip")
        expect(page.locator("#certificate-zip [data-status=building]")).to_be_visible()
        expect(page.locator("#certificate-zip progress")).to_have_attribute("max", "1")
        assert [r.status for r in run_worker()] == ["SUCCESSFUL"]
        with page.expect_download() as bundle:
            page.locator("[data-testid=zip-download]").click()
        bundle.value.save_as(tmp_path / "sertifikat.zip")
        with zipfile.ZipFile(tmp_path / "sertifikat.zip") as archive:
            assert len(archive.namelist()) == 1  # one participant passed

        with page.expect_download() as download:
            link.click()
        pdf_path = tmp_path / "sertifikat.pdf"
        download.value.save_as(pdf_path)
        pdf = pypdfium2.PdfDocument(str(pdf_path))
        first = pdf[0]
        first.render(scale=1.5).to_pil().save(output_dir / "2-certificate.png")
        text = first.get_textpage().get_text_range()
        assert "Siti Aminah" in text
        url = re.search(
            r"https?://\S+/training/verify/\S+/", text.replace("\r", "").replace("\n", "")
        )
        assert url is not None, text
        pdf.close()

        public = new_page(browser)  # another visitor, not logged in
        public.goto(url.group(0))
        expect(public.locator("[data-testid=certificate-status]")).to_have_text(
            re.compile("SAH|VALID")
        )
        expect(public.locator("[data-testid=certificate-name]")).to_have_text("Siti Aminah")
        public.screenshot(path=str(output_dir / "3-valid.png"), full_page=True)

        row.locator(".certificate summary").click()
        row.locator("form.revoke input[name=reason]").fill("nama salah ketik")
        click_and_wait(page, row.locator("form.revoke button"))
        public.goto(url.group(0))
        expect(public.locator("[data-testid=certificate-status]")).to_have_text(
            re.compile("DICABUT|REVOKED")
        )
        public.screenshot(path=str(output_dir / "4-revoked.png"), full_page=True)
    connection.close()
