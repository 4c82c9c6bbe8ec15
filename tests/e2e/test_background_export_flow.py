"""A long registry list in chromium: the export button leads to the export's page, whose
progress the htmx poll follows while a real django-tasks database worker (a thread)
writes the file; the download link then gives an xlsx that openpyxl opens with the NIK
as text. Screenshot under test-results/<test name>/."""

from __future__ import annotations

import threading

import pytest
from tests.browser import JOB_TIMEOUT_MS, MARKS, chromium, click_and_wait, log_in, new_page

pytestmark = MARKS


@pytest.fixture
def worker():
    """A django-tasks database worker in a thread, as `sinergi worker` runs."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    stop = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            while not stop.is_set():
                Worker(
                    queue_names=["default"], interval=0.2, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="e2e-export-worker",
                    excluded_queue_names=[],
                ).run()  # fmt: skip
                connections["default"].close()
                stop.wait(0.3)
        except BaseException as exc:  # surfaced by the test
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield errors
    stop.set()
    thread.join(timeout=60)


@pytest.mark.django_db(transaction=True)
def test_a_long_list_is_exported_in_the_background_and_downloaded(
    live_server, officer_bangka, bangka_business, make_business, output_dir, tmp_path,
    settings, monkeypatch, worker,
):  # fmt: skip
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_EXPORT_BACKGROUND_ROWS = 2  # three rows make a "long" list here
    make_business(name="Kedai Kopi Menumbing")
    make_business(name="Toko Timah")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 900})
        log_in(page, base, "officer.bangka")
        page.goto(base + "/registry/")
        expect(page.locator("#results")).to_contain_text("Warung Makan Bu Siti")
        click_and_wait(page, page.locator("form.export button[value=xlsx]"))
        assert "/insights/exports/" in page.url
        expect(page.locator("#export-progress")).to_be_visible()
        page.locator("#export-download").wait_for(timeout=JOB_TIMEOUT_MS)  # the poll swapped it in
        assert not worker, worker
        expect(page.locator("#export-progress [data-status=done]")).to_be_visible()
        page.screenshot(path=str(output_dir / "export-ready.png"), full_page=True)
        with page.expect_download() as download:
            page.locator("#export-download").click()
        path = output_dir / "registri-latar.xlsx"
        download.value.save_as(path)
        rows = list(load_workbook(path).active.values)
        assert len(rows) == 4
        assert "1901015507850001" in {row[2] for row in rows[1:]}  # text, all 16 digits
        page.close()
