"""What every browser test shares: Debian's chromium and the flags this closed network needs.

Without the background-networking flags chromium keeps trying to reach Google's hosts,
which a closed agency network (and this machine) refuses.
"""

from __future__ import annotations

from pathlib import Path

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
]

# `pytestmark = MARKS` in a browser test module.
MARKS = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"
    ),
]


def launch(playwright):
    """Headless Debian chromium (never a downloaded browser: none can be fetched here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)


def log_in(page, base: str, username: str, password: str) -> None:
    """Log in and wait until the login page has been left.

    A `page.goto` right after the click could otherwise cancel the login POST, and the
    test would go on as an anonymous visitor.
    """
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"login as {username} failed: still on {page.url}")
