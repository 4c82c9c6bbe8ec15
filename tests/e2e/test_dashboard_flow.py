"""The overview in chromium: charts and map drawn (desktop and phone screenshots), a map
click opens the filtered registry, and the registry list downloads as xlsx that openpyxl
opens with the NIK as text. Screenshots under test-results/<test name>/."""

from __future__ import annotations

import pytest
from tests.browser import MARKS, chromium, click_and_wait, log_in, new_page

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_an_officer_sees_the_dashboard_clicks_the_map_and_exports_the_list(
    live_server, officer_bangka, bangka_business, make_business, output_dir, monkeypatch
):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    make_business(name="Kedai Kopi Menumbing", covid_affected=True)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        for label, viewport in (("desktop", (1280, 900)), ("phone", (360, 780))):
            page = new_page(browser, viewport={"width": viewport[0], "height": viewport[1]})
            log_in(page, base, "officer.bangka")
            page.goto(base + "/")
            expect(page.locator("h1")).to_have_text("Ikhtisar")
            expect(page.locator("#chart-by_size svg")).to_be_visible()
            expect(page.locator("#map svg.choropleth")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport[0], f"{label}: page is {width} px wide"
            page.screenshot(path=str(output_dir / f"dashboard-{label}.png"), full_page=True)
            if label == "phone":
                continue
            click_and_wait(page, page.locator('#map a[data-code="190101"]'))
            assert "district=190101" in page.url
            expect(page.locator("#results")).to_contain_text("Warung Makan Bu Siti")
            with page.expect_download() as download:
                page.locator("form.export button[value=xlsx]").click()
            path = output_dir / "registri.xlsx"
            download.value.save_as(path)
            rows = list(load_workbook(path).active.values)
            niks = {row[2] for row in rows[1:]}
            assert "1901015507850001" in niks  # text, all 16 digits
            page.close()
