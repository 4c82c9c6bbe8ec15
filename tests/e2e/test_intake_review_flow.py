"""The whole path in a real (headless Debian) chromium, with the demo's messy files.

A province officer of Kep. Bangka Belitung uploads the three regency files of the demo,
corrects the column Sinergi did not recognise, starts the import and watches the
progress bar (driven by a real django-tasks database worker running in a thread) reach
100%; then reviews a few doubtful pairs with the keyboard, merges two businesses, undoes
the merge, and opens a business whose page lists the source rows it came from.
Screenshots of each step go to test-results/<test name>/.

The review queue is filled with the default thresholds: each demo file ends with a few
registry businesses written as field notes (owner "A. Hasibuan", no NIK, no village),
which the model scores between "review from" and "link automatically from".
"""

from __future__ import annotations

import threading

import pytest
from tests.browser import MARKS, launch, log_in

SEED = 2026
REGISTRY = 600  # demo businesses in the registry (the files overlap them)

pytestmark = MARKS


# One in-memory SQLite connection cannot serve two threads at once. With SQLite the live
# server's requests, the worker's steps and this test's own queries take turns on this
# lock (the worker releases it between chunks, so the progress bar still moves); with
# PostgreSQL every thread has its own connection and the lock is never taken.
TURNS = threading.RLock()


def _sqlite_in_memory() -> bool:
    from django.db import connections

    conn = connections["default"]
    return conn.vendor == "sqlite" and conn.is_in_memory_db()


@pytest.fixture
def worker(monkeypatch):
    """A django-tasks database worker in a thread, as `sinergi manage intake_worker` runs."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    from sinergi.intake import pipeline

    shared = connections["default"]
    in_memory = _sqlite_in_memory()
    stop = threading.Event()
    errors: list[BaseException] = []
    if in_memory:
        serve = WSGIHandler.__call__

        def serve_in_turn(self, environ, start_response):
            with TURNS:
                return serve(self, environ, start_response)

        monkeypatch.setattr(WSGIHandler, "__call__", serve_in_turn)
    previous = pipeline.after_chunk

    def between_chunks(stored: int) -> None:
        if previous is not None:
            previous(stored)
        if in_memory:
            TURNS.release()
        stop.wait(0.25)  # a visible step of the progress bar
        if in_memory:
            TURNS.acquire()

    monkeypatch.setattr(pipeline, "after_chunk", between_chunks)

    def run() -> None:
        if in_memory:
            connections["default"] = shared
        try:
            while not stop.is_set():
                with TURNS if in_memory else _nothing():
                    Worker(
                        queue_names=["default"],
                        interval=0.2,
                        batch=True,
                        backend_name="default",
                        startup_delay=False,
                        max_tasks=None,
                        worker_id="e2e-worker",
                        excluded_queue_names=[],
                    ).run()
                if not in_memory:
                    connections["default"].close()
                stop.wait(0.3)
        except BaseException as exc:  # surfaced by the test, with where it happened
            import traceback

            errors.append(RuntimeError(f"{exc!r}\n{traceback.format_exc()}"))
        finally:
            if not in_memory:
                connections.close_all()

    if in_memory:
        shared.inc_thread_sharing()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield errors
    stop.set()
    thread.join(timeout=30)
    if in_memory:
        shared.dec_thread_sharing()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.django_db(transaction=True)
def test_upload_three_regency_files_review_merge_undo_and_trace_the_rows(
    live_server, officer_babel, output_dir, tmp_path, settings, monkeypatch, worker
):
    from playwright.sync_api import expect, sync_playwright

    from sinergi.intake import pipeline  # noqa: I001
    from sinergi.intake.demo_files import write_demo_files
    from sinergi.intake.models import SourceRecord
    from sinergi.registry import demo
    from sinergi.review.models import Decision, MergeOperation

    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    # Small chunks: the progress bar visibly moves (the worker pauses between chunks).
    from sinergi.intake import tasks

    monkeypatch.setattr(
        tasks, "run_import", lambda batch_id: pipeline.run_import(batch_id, chunk_rows_count=20)
    )
    with TURNS:  # the worker thread is already polling
        from sinergi.regions.loading import load_regions

        load_regions(("51",))  # the demo registry also has businesses all over Bali
        demo.ensure_businesses(SEED, REGISTRY)
        files = write_demo_files(tmp_path / "demo-files", SEED, REGISTRY)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="en-US")
        page.set_default_timeout(30_000)

        log_in(page, base, "officer.babel", "correct-horse-battery-staple-7")

        # 1. Upload the three regency files.
        page.goto(f"{base}/intake/upload/")
        page.fill("input[name=source]", "Dinas KUKM kabupaten/kota, pendataan UMKM terdampak")
        page.set_input_files("input[type=file]", [str(p) for p in files])
        page.click("button[type=submit].primary")
        expect(page.locator("section[id^=file-]")).to_have_count(3)
        page.screenshot(path=str(output_dir / "1-preview.png"), full_page=True)

        # 2. Correct one column mapping: "Usaha" in the Pangkal Pinang file is the business.
        section = page.locator("section[id^=file-]", has_text="pangkalpinang")
        header = section.locator("thead tr").first.locator("th")
        usaha = [i for i, t in enumerate(header.all_inner_texts()) if t.strip() == "Usaha"][0]
        section.locator(f"select[name=map-{usaha}]").select_option("business_name")
        section.locator("form[action$='/mapping/'] button[type=submit]").click()
        expect(page.locator("section[id^=file-]", has_text="pangkalpinang")).to_contain_text(
            "Pemetaan disimpan"
        )

        # 3. Start and watch the progress reach 100%.
        page.click("form[action$='/start/'] button[type=submit]")
        expect(page.locator("#progress")).to_be_visible()
        seen = set()
        for _ in range(240):
            text = page.locator("[data-percent]").first.get_attribute("data-percent") or "0"
            seen.add(int(text))
            if text == "100" and page.locator("[data-status=done]").count():
                break
            page.wait_for_timeout(500)
        assert not worker, "\n".join(str(e) for e in worker)
        expect(page.locator("[data-status=done]")).to_be_visible()
        assert 100 in seen and len(seen) >= 2, seen  # it moved, and it finished
        page.screenshot(path=str(output_dir / "2-done.png"), full_page=True)
        with TURNS:
            assert SourceRecord.objects.filter(business__isnull=False).exists()

        # 4. Review a few pairs with the keyboard: same, different, skip.
        with TURNS:
            from sinergi.review.models import ReviewPair

            assert ReviewPair.objects.filter(status="pending").count() >= 3
        page.goto(f"{base}/review/")
        page.screenshot(path=str(output_dir / "3-queue.png"), full_page=True)
        page.locator("#pairs tbody a").first.click()
        for key in ("k", "d", "s"):
            expect(page.locator("#side-by-side")).to_be_visible()
            expect(page.locator("svg.chart")).to_be_visible()
            # Each decision loads the next pair: wait for that page before the next key,
            # or the key lands on the page being left.
            with page.expect_navigation():
                page.keyboard.press(key)
        page.screenshot(path=str(output_dir / "4-reviewed.png"), full_page=True)
        with TURNS:
            verdicts = list(Decision.objects.values_list("verdict", flat=True))
        assert sorted(verdicts) == ["different", "same", "skip"]

        # 5. Merge two businesses from a business page, choosing a field's source, then undo.
        with TURNS:
            linked = SourceRecord.objects.filter(business__status="active").order_by("pk")
            a = linked.first().business
            b = linked.exclude(business=a).last().business
        page.goto(f"{base}/registry/{a.pk}/")
        page.fill("#merge-with", str(b.pk))
        page.click("#review-actions button[type=submit]")
        page.locator("input[name='choice-business.name']").last.check()
        page.click("#merge-form button[type=submit].primary")
        expect(page.locator("#undo")).to_be_visible()
        page.screenshot(path=str(output_dir / "5-merged.png"), full_page=True)
        with TURNS:
            b.refresh_from_db()
        assert b.status == "inactive"
        page.click("#undo")
        expect(page.locator("#undone")).to_be_visible()
        with TURNS:
            b.refresh_from_db()
            assert b.status == "active"
            assert MergeOperation.objects.filter(undone_at__isnull=False).exists()

        # 6. The business page lists the source rows it came from.
        page.goto(f"{base}/registry/{a.pk}/")
        rows = page.locator("#source-records li")
        expect(rows.first).to_be_visible()
        with TURNS:
            first = SourceRecord.objects.filter(business=a).select_related("file").first()
        expect(page.locator("#source-records")).to_contain_text(first.file.name)
        page.screenshot(path=str(output_dir / "6-business-sources.png"), full_page=True)
        browser.close()
        # ORM calls inside Playwright's sync API run in another context, with their own
        # connection: close it here, or PostgreSQL refuses to drop the test database.
        if not _sqlite_in_memory():
            from django.db import connections

            connections.close_all()
