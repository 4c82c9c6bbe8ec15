"""The business page's panels in a real (headless Debian) chromium: opened in place with
htmx, and still reachable without JavaScript (the link is a page of its own)."""

from __future__ import annotations

import pytest
from tests.browser import MARKS, chromium, click_and_wait, log_in, new_page, swap_and_wait

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_a_panel_opens_in_place_and_without_javascript_as_its_own_page(
    live_server, officer_bangka, bangka_business, monkeypatch
):
    from django.db import connection
    from playwright.sync_api import expect

    from sinergi.registry import actions

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    actions.set_business_status(officer_bangka, bangka_business, "inactive")
    base = live_server.url
    detail = f"{base}/registry/{bangka_business.pk}/"
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000})
        log_in(page, base, "officer.bangka")
        page.goto(detail)
        expect(page.locator("#history")).to_have_count(0)
        swap_and_wait(page, "#panel-history", lambda: page.click("#panel-history a"))
        expect(page.locator("#panel-history #history li")).to_contain_text("officer.bangka")
        assert page.url == detail  # swapped in place, no navigation

        plain = browser.new_context(java_script_enabled=False)
        page = plain.new_page()
        log_in(page, base, "officer.bangka")
        page.goto(detail)
        click_and_wait(page, "#panel-history a")
        assert page.url == f"{detail}history/"
        expect(page.locator("#history li")).to_contain_text("officer.bangka")
        plain.close()
    connection.close()
