"""No NIK or phone in a log line, even when a URL carries one (an old bookmark)."""

from __future__ import annotations

import io
import logging


def test_request_lines_are_written_with_identifiers_masked() -> None:
    # The development server's request lines and every other log line share one handler.
    console = logging.getLogger("django.server").handlers[0]
    assert console in logging.getLogger().handlers
    # The same filters on a handler writing to a buffer (pytest owns the real stream).
    stream = io.StringIO()
    probe = logging.StreamHandler(stream)
    for log_filter in console.filters:
        probe.addFilter(log_filter)
    logger = logging.getLogger("tests.log_masking")
    logger.addHandler(probe)
    logger.propagate = False
    try:
        logger.warning('"GET /registry/?q=%s HTTP/1.1" 200 %s', "1901015507850001", 5120)
        logger.warning("phone 081234567890 not found")
    finally:
        logger.removeHandler(probe)
    text = stream.getvalue()
    assert "1901015507850001" not in text and "081234567890" not in text
    assert "1901********0001" in text and "0812****7890" in text
    assert " 200 5120" in text  # short numbers stay
