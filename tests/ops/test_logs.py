"""No NIK, phone number or e-mail address reaches a log line: messages, arguments,
error reports with tracebacks, 404s of URLs that carry one, the worker's own lines.

The lines are read from the handler the settings configure (its stream swapped for a
buffer), so what is checked is what production writes; each line is JSON with the
request id.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import include, path
from tests.conftest import PASSWORD

from sinergi.core.logging import mask_text

pytestmark = pytest.mark.django_db

NIK = "1901015507850001"
PHONES = ["081234567890", "+6281234567890", "0812-1111-2222", "+62 812 3333 4444"]
EMAIL = "siti.aminah@example.go.id"
# Every spelling of a secret a line could carry.
LEAKS = [NIK, EMAIL, *PHONES, *(re.sub(r"\D", "", p) for p in PHONES)]


def _boom(request: Any) -> Any:
    raise ValueError(f"row with NIK {NIK}, phone {PHONES[2]}, e-mail {EMAIL} failed")


urlpatterns = [
    path("boom/", _boom),
    path("", include("sinergi.web.urls")),
]


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """What the configured console handler writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    # Swap the stream without flushing the old one: an earlier test of the session may have
    # configured logging while pytest captured stderr, and that capture is closed by now.
    old, handler.stream = handler.stream, buffer
    try:
        yield buffer
    finally:
        handler.stream = old


def _assert_clean(text: str) -> None:
    for secret in LEAKS:
        assert secret not in text, f"{secret!r} reached the log:\n{text}"


def test_masking_keeps_dates_amounts_and_ids_readable() -> None:
    line = "2026-12-07 13:04:05 batch 4812 Rp 2.500.000 took 812ms"
    assert mask_text(line) == line
    _assert_clean(mask_text(" ".join(LEAKS)))


@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_no_identifier_reaches_any_log_line(written: io.StringIO, officer_bangka: Any) -> None:
    log = logging.getLogger("sinergi.test")
    log.warning("owner %s phone %s mail %s", NIK, PHONES[0], EMAIL)
    log.error("several numbers: %s", ", ".join(PHONES))
    try:
        raise RuntimeError(f"duplicate key (nik)=({NIK}) contact {EMAIL}")
    except RuntimeError:
        log.exception("database refused row with %s", PHONES[3])

    client = Client(raise_request_exception=False)
    client.post("/accounts/login/", {"username": "officer.bangka", "password": PASSWORD})
    assert client.get("/boom/").status_code == 500  # an error report with a traceback
    client.get(f"/registry/{NIK}/")  # a 404 whose URL holds a NIK
    client.get(f"/registry/?q={PHONES[1]}&email={EMAIL}")
    client.post("/registry/", {"q": NIK})
    text = written.getvalue()
    lines = text.splitlines()
    assert len(lines) >= 5, text
    _assert_clean(text)
    # The error report is there, masked, as one JSON line with the request's id.
    reports = [json.loads(line) for line in lines if '"/boom/"' in line or "/boom/" in line]
    (report,) = [r for r in reports if r["level"] == "ERROR"]
    assert report["logger"] == "django.request" and len(report["request_id"]) == 32
    assert "Traceback" in report["exc_info"] and "1901********0001" in report["exc_info"]
