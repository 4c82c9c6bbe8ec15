"""What every browser test shares: Debian's chromium, one timeout, and steps that wait.

A browser step that starts something (a navigation, an htmx swap) must wait for *that*
result before the next step, or the next step lands on the page being left or on rows
about to be replaced. The helpers below do this, so a new test gets it right by using
them instead of `page.click`:

- `click_and_wait(page, target)`: a click that loads a new page (link, form button).
- `press_and_wait(page, selector, key)`: a key press that loads a new page.
- `swap_and_wait(page, target, action)`: an action that makes htmx replace `target`;
  returns once the old content is gone and htmx is idle.
- `search_and_wait(page, field, text, target)`: type into an htmx search box and wait
  for its results.
- `wait_until_idle(page)`: htmx has no request in flight and nothing is settling.

Waits are on events and the DOM, never on time. The one timeout (`TIMEOUT_MS`) is set
for a loaded 2-core machine: a step that works takes far less; only a broken step waits
it out.

Without the background-networking flags chromium keeps trying to reach Google's hosts,
which a closed agency network (and this machine) refuses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PASSWORD = "correct-horse-battery-staple-7"

# One timeout for every action, navigation and expectation, suited to a 2-core machine
# running the suite next to other work. A passing step never waits for it.
TIMEOUT_MS = 60_000
# For waiting on background work the page watches (an import run by the task worker).
JOB_TIMEOUT_MS = 300_000

# `pytestmark = MARKS` in a browser test module.
MARKS = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"
    ),
]

# htmx marks the requesting element and the swapped target with these classes while it
# works; none present means no request is in flight and no swap is settling.
_HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
_STALE = "data-e2e-stale"


def launch(playwright: Any) -> Any:
    """Headless Debian chromium (never a downloaded browser: none can be fetched here)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)


class _ServerRequests:
    """Requests the live server is still answering (its request threads, not the test's).

    The browser drops an htmx call when the page navigates away (a field's `change`
    fires the duplicate warning as the form is submitted), but the server finishes it.
    Under load that can outlive the test: the test's database is flushed, then the
    request saves a session that is gone ("SessionInterrupted"), into the next test.
    Counted through Django's request signals, so the wait is for an event, not a time.
    """

    def __init__(self) -> None:
        self.busy = 0
        self.changed = threading.Condition()

    def started(self, **_: Any) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.changed:
                self.busy += 1

    def finished(self, **_: Any) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.changed:
                self.busy -= 1
                self.changed.notify_all()

    def wait_until_answered(self) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.busy <= 0, TIMEOUT_MS / 1000):
                raise AssertionError(f"the live server still answers {self.busy} request(s)")


SERVER = _ServerRequests()


def _count_server_requests() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(SERVER.started, weak=False, dispatch_uid="e2e-requests-started")
    request_finished.connect(SERVER.finished, weak=False, dispatch_uid="e2e-requests-finished")


@contextmanager
def chromium() -> Iterator[Any]:
    """Playwright with Debian's chromium; on the way out, nothing is left in flight.

    Every page finishes loading, then the browser closes, then the live server finishes
    every request it was still answering (see `_ServerRequests`). Closing the browser
    while the server still answers a request (a favicon, a late htmx call) would break
    that request after the test has ended, against a database the test no longer holds.
    """
    from playwright.sync_api import sync_playwright

    _count_server_requests()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            for context in browser.contexts:
                for page in context.pages:
                    try:
                        page.wait_for_load_state("networkidle")
                    except Exception:  # noqa: BLE001 - a failed test's page; close anyway
                        pass
            browser.close()
            SERVER.wait_until_answered()


def new_page(browser: Any, **options: Any) -> Any:
    """A page with the one timeout for actions and navigations."""
    page = browser.new_page(**options)
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def _locate(page: Any, target: Any) -> Any:
    return page.locator(target) if isinstance(target, str) else target


def click_and_wait(page: Any, target: Any, **expect_navigation: Any) -> None:
    """Click `target` (selector or locator) and wait for the page it loads."""
    with page.expect_navigation(**expect_navigation):
        _locate(page, target).click()
    page.wait_for_load_state("load")


def press_and_wait(page: Any, selector: str | None, key: str) -> None:
    """Press `key` (on `selector`, or on the page) and wait for the page it loads."""
    with page.expect_navigation():
        if selector is None:
            page.keyboard.press(key)
        else:
            page.press(selector, key)
    page.wait_for_load_state("load")


def wait_until_idle(page: Any) -> None:
    """Wait until htmx has nothing in flight and nothing settling."""
    page.wait_for_function(f"() => !document.querySelector({_HTMX_BUSY!r})")


def swap_and_wait(page: Any, target: str, action: Callable[[], Any]) -> None:
    """Run `action`, which makes htmx swap `target`, and wait for the new content.

    A hidden marker is put inside `target` first: an innerHTML swap removes it, an
    outerHTML swap replaces the element that holds it. Waiting for it to be gone and for
    htmx to be idle means the rows on the page are the answer to *this* action, not to an
    earlier request, so the next locator cannot match a node about to be detached.
    """
    wait_until_idle(page)  # a request already in flight would clear the marker early
    page.locator(target).first.evaluate(
        f"""el => {{
            const mark = document.createElement('template');
            mark.setAttribute('{_STALE}', '');
            el.appendChild(mark);
        }}"""
    )
    action()
    page.wait_for_function(
        f"""sel => {{
            const el = document.querySelector(sel);
            return el !== null && !el.querySelector('[{_STALE}]')
                && !document.querySelector({_HTMX_BUSY!r});
        }}""",
        arg=target,
    )


def search_and_wait(page: Any, field: str, text: str, target: str) -> None:
    """Type `text` into the htmx search `field`, submit with Enter, wait for `target`."""

    def search() -> None:
        page.fill(field, text)
        page.press(field, "Enter")

    swap_and_wait(page, target, search)


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in and wait until the login page has been left.

    A `page.goto` right after the click could otherwise cancel the login POST, and the
    test would go on as an anonymous visitor.
    """
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    click_and_wait(page, "button[type=submit].primary")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"login as {username} failed: still on {page.url}")
