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

The test database is a file (SQLite) or PostgreSQL, so the live server's request
threads, the worker thread and this test each have their own connection, as the
production server and worker do.
"""

from __future__ import annotations

import threading

import pytest
from tests.browser import (
    JOB_TIMEOUT_MS,
    MARKS,
    chromium,
    click_and_wait,
    log_in,
    new_page,
    press_and_wait,
    swap_and_wait,
)

SEED = 2026
REGISTRY = 600  # demo businesses in the registry (the files overlap them)

pytestmark = MARKS

# Collects every percentage the progress bar shows, from the first render on.
WATCH_PROGRESS = """() => {
    window.seenPercents = [];
    const note = () => document.querySelectorAll('[data-percent]').forEach(
        el => window.seenPercents.push(Number(el.dataset.percent)));
    note();
    document.body.addEventListener('htmx:afterSettle', note);
}"""


@pytest.fixture
def worker(monkeypatch):
    """A django-tasks database worker in a thread, as `sinergi manage intake_worker` runs."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    from sinergi.intake import pipeline

    stop = threading.Event()
    errors: list[BaseException] = []
    previous = pipeline.after_chunk

    def between_chunks(stored: int) -> None:
        if previous is not None:
            previous(stored)
        stop.wait(0.25)  # a visible step of the progress bar, not a synchronisation

    monkeypatch.setattr(pipeline, "after_chunk", between_chunks)

    def run() -> None:
        try:
            while not stop.is_set():
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
                connections["default"].close()
                stop.wait(0.3)
        except BaseException as exc:  # surfaced by the test, with where it happened
            import traceback

            errors.append(RuntimeError(f"{exc!r}\n{traceback.format_exc()}"))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield errors
    stop.set()
    thread.join(timeout=60)


@pytest.mark.django_db(transaction=True)
def test_upload_three_regency_files_review_merge_undo_and_trace_the_rows(
    live_server, officer_babel, output_dir, tmp_path, settings, monkeypatch, worker
):
    from playwright.sync_api import expect

    from sinergi.intake import pipeline, tasks
    from sinergi.intake.demo_files import write_demo_files
    from sinergi.intake.models import SourceRecord
    from sinergi.regions.loading import load_regions
    from sinergi.registry import demo
    from sinergi.review.models import Decision, MergeOperation, ReviewPair

    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    # Small chunks: the progress bar visibly moves (the worker pauses between chunks).
    monkeypatch.setattr(
        tasks, "run_import", lambda batch_id: pipeline.run_import(batch_id, chunk_rows_count=20)
    )
    load_regions(("51",))  # the demo registry also has businesses all over Bali
    demo.ensure_businesses(SEED, REGISTRY)
    files = write_demo_files(tmp_path / "demo-files", SEED, REGISTRY)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000}, locale="en-US")
        log_in(page, base, "officer.babel")

        # 1. Upload the three regency files.
        page.goto(f"{base}/intake/upload/")
        page.fill("input[name=source]", "Dinas KUKM kabupaten/kota, pendataan UMKM terdampak")
        page.set_input_files("input[type=file]", [str(p) for p in files])
        click_and_wait(page, "button[type=submit].primary")
        # The request only stores the files; the page reloads once the worker has read them.
        expect(page.locator("form[action$='/start/']")).to_be_visible(timeout=JOB_TIMEOUT_MS)
        expect(page.locator("section[id^=file-]")).to_have_count(3)
        page.screenshot(path=str(output_dir / "1-preview.png"), full_page=True)

        # 2. Correct one column mapping: "Usaha" in the Pangkal Pinang file is the business.
        section = page.locator("section[id^=file-]", has_text="pangkalpinang")
        section_id = "#" + section.get_attribute("id")
        header = section.locator("thead tr").first.locator("th")
        usaha = [i for i, t in enumerate(header.all_inner_texts()) if t.strip() == "Usaha"][0]
        section.locator(f"select[name=map-{usaha}]").select_option("business_name")
        mapping = page.locator(f"{section_id} form[action$='/mapping/'] button[type=submit]")
        swap_and_wait(page, section_id, mapping.click)
        expect(page.locator(section_id)).to_contain_text("Pemetaan disimpan")

        # 3. Start and watch the progress reach 100%.
        click_and_wait(page, "form[action$='/start/'] button[type=submit]")
        expect(page.locator("#progress")).to_be_visible()
        page.evaluate(WATCH_PROGRESS)
        page.locator("#progress [data-status=done]").wait_for(timeout=JOB_TIMEOUT_MS)
        assert not worker, "\n".join(str(e) for e in worker)
        expect(page.locator("[data-percent]").first).to_have_attribute("data-percent", "100")
        seen = set(page.evaluate("() => window.seenPercents"))
        assert 100 in seen and len(seen) >= 2, seen  # it moved, and it finished
        page.screenshot(path=str(output_dir / "2-done.png"), full_page=True)
        assert SourceRecord.objects.filter(business__isnull=False).exists()

        # 4. Review a few pairs with the keyboard: same, different, skip.
        assert ReviewPair.objects.filter(status="pending").count() >= 3
        page.goto(f"{base}/review/")
        page.screenshot(path=str(output_dir / "3-queue.png"), full_page=True)
        click_and_wait(page, page.locator("#pairs tbody a").first)
        for key in ("k", "d", "s"):
            expect(page.locator("#side-by-side")).to_be_visible()
            expect(page.locator("svg.chart")).to_be_visible()
            # Each decision loads the next pair: wait for that page before the next key,
            # or the key lands on the page being left.
            press_and_wait(page, None, key)
        page.screenshot(path=str(output_dir / "4-reviewed.png"), full_page=True)
        verdicts = list(Decision.objects.values_list("verdict", flat=True))
        assert sorted(verdicts) == ["different", "same", "skip"]

        # 5. Merge two businesses from a business page, choosing a field's source, then undo.
        linked = SourceRecord.objects.filter(business__status="active").order_by("pk")
        a = linked.first().business
        b = linked.exclude(business=a).last().business
        page.goto(f"{base}/registry/{a.pk}/")
        swap_and_wait(page, "#panel-merges", lambda: page.click("#panel-merges a"))
        page.fill("#merge-with", str(b.pk))
        click_and_wait(page, "#review-actions button[type=submit]")
        page.locator("input[name='choice-business.name']").last.check()
        click_and_wait(page, "#merge-form button[type=submit].primary")
        expect(page.locator("#undo")).to_be_visible()
        page.screenshot(path=str(output_dir / "5-merged.png"), full_page=True)
        b.refresh_from_db()
        assert b.status == "inactive"
        click_and_wait(page, "#undo")
        expect(page.locator("#undone")).to_be_visible()
        b.refresh_from_db()
        assert b.status == "active"
        assert MergeOperation.objects.filter(undone_at__isnull=False).exists()

        # 6. The business page lists the source rows it came from.
        page.goto(f"{base}/registry/{a.pk}/")
        swap_and_wait(page, "#panel-sources", lambda: page.click("#panel-sources a"))
        expect(page.locator("#source-records li").first).to_be_visible()
        first = SourceRecord.objects.filter(business=a).select_related("file").first()
        expect(page.locator("#source-records")).to_contain_text(first.file.name)
        page.screenshot(path=str(output_dir / "6-business-sources.png"), full_page=True)
    # ORM calls inside Playwright's sync API run in another context, with their own
    # connection: close it here, or the test database cannot be dropped.
    from django.db import connections

    connections.close_all()
