"""A data officer's first session, in a real (headless Debian) chromium.

Log in, search, open a business, reveal the NIK, edit the business, switch to English;
a screenshot of each step is saved under test-results/<test name>/.
"""

from __future__ import annotations

import os

import pytest
from tests.browser import MARKS, launch, log_in

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_in_searches_opens_edits_and_switches_language(
    live_server, officer_bangka, bangka_business, make_business, output_dir, monkeypatch
):
    from playwright.sync_api import expect, sync_playwright

    from sinergi.audit.models import AuditEvent

    make_business(name="Kedai Kopi Menumbing")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # this test (not by the server) are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 412, "height": 915}, locale="en-US")
        page.set_default_timeout(15_000)

        log_in(page, base, "officer.bangka", "correct-horse-battery-staple-7")
        expect(page.locator("h1")).to_have_text("Registri usaha")  # Indonesian by default
        page.screenshot(path=str(output_dir / "1-list.png"), full_page=True)

        page.fill("#id_q", "Siti")
        page.press("#id_q", "Enter")
        expect(page.locator("#results")).not_to_contain_text("Kedai Kopi Menumbing")
        expect(page.locator("#results")).to_contain_text("Warung Makan Bu Siti")
        expect(page.locator("#results")).to_contain_text("1901********0001")

        page.click("text=Warung Makan Bu Siti")
        expect(page.locator("h1")).to_contain_text("Warung Makan Bu Siti")
        page.click("#pii-nik button")
        expect(page.locator("#pii-nik")).to_contain_text("1901015507850001")
        page.screenshot(path=str(output_dir / "2-detail.png"), full_page=True)

        page.click("text=Ubah")
        page.fill("#id_business-name", "Warung Makan Bu Siti Sungailiat")
        page.click("button[type=submit].primary")
        expect(page.locator(".message")).to_contain_text("Perubahan disimpan")
        expect(page.locator("h1")).to_contain_text("Warung Makan Bu Siti Sungailiat")

        page.click("button[data-lang=en]")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main")).to_contain_text("Owner")
        expect(page.locator("a.button.primary")).to_have_text("Edit")
        page.screenshot(path=str(output_dir / "3-english.png"), full_page=True)
        browser.close()

    assert (output_dir / "3-english.png").stat().st_size > 0
    bangka_business.refresh_from_db()
    assert bangka_business.name == "Warung Makan Bu Siti Sungailiat"
    # One audited view from the Show button, one from opening the edit form.
    assert AuditEvent.objects.filter(action="view_pii", actor=officer_bangka).count() == 2
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"
