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
