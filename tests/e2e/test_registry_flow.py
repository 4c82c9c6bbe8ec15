"""A data officer's first session, in a real (headless Debian) chromium.

Log in, search, open a business, reveal the NIK, edit the business, switch to English;
a screenshot of each step is saved under test-results/<test name>/.
"""

from __future__ import annotations

import os

import pytest
from tests.browser import (
    MARKS,
    chromium,
    click_and_wait,
    log_in,
    new_page,
    search_and_wait,
    swap_and_wait,
)

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_in_searches_opens_edits_and_switches_language(
    live_server, officer_bangka, bangka_business, make_business, output_dir, monkeypatch
):
    from playwright.sync_api import expect

    from sinergi.audit.models import AuditEvent

    make_business(name="Kedai Kopi Menumbing")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # this test (not by the server) are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 412, "height": 915}, locale="en-US")

        log_in(page, base, "officer.bangka")
        expect(page.locator("h1")).to_have_text("Registri usaha")  # Indonesian by default
        page.screenshot(path=str(output_dir / "1-list.png"), full_page=True)

        search_and_wait(page, "#id_q", "Siti", "#results")
        expect(page.locator("#results")).not_to_contain_text("Kedai Kopi Menumbing")
        expect(page.locator("#results")).to_contain_text("Warung Makan Bu Siti")
        expect(page.locator("#results")).to_contain_text("1901********0001")

        click_and_wait(page, page.locator("#results a", has_text="Warung Makan Bu Siti"))
        expect(page.locator("h1")).to_contain_text("Warung Makan Bu Siti")
        swap_and_wait(page, "#pii-nik", lambda: page.click("#pii-nik button"))
        expect(page.locator("#pii-nik")).to_contain_text("1901015507850001")
        page.screenshot(path=str(output_dir / "2-detail.png"), full_page=True)

        click_and_wait(page, page.locator("a.button.primary", has_text="Ubah"))
        page.fill("#id_business-name", "Warung Makan Bu Siti Sungailiat")
        click_and_wait(page, "button[type=submit].primary")
        expect(page.locator(".message")).to_contain_text("Perubahan disimpan")
        expect(page.locator("h1")).to_contain_text("Warung Makan Bu Siti Sungailiat")

        click_and_wait(page, "button[data-lang=en]")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main")).to_contain_text("Owner")
        expect(page.locator("a.button.primary")).to_have_text("Edit")
        page.screenshot(path=str(output_dir / "3-english.png"), full_page=True)

    assert (output_dir / "3-english.png").stat().st_size > 0
    bangka_business.refresh_from_db()
    assert bangka_business.name == "Warung Makan Bu Siti Sungailiat"
    # One audited view from the Show button, one from opening the edit form.
    assert AuditEvent.objects.filter(action="view_pii", actor=officer_bangka).count() == 2
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"
