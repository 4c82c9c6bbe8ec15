"""No NIK or phone in a log line, even when a URL carries one (an old bookmark)."""

from __future__ import annotations

import io
import logging


def test_request_lines_are_written_with_identifiers_masked() -> None:
    handler = logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        logging.getLogger("django.server").info(
            '"GET /registry/?q=%s HTTP/1.1" 200 %s', "1901015507850001", 5120
        )
        logging.getLogger("sinergi").warning("phone 081234567890 not found")
    finally:
        handler.setStream(old)
    text = stream.getvalue()
    assert "1901015507850001" not in text and "081234567890" not in text
    assert "1901********0001" in text and "0812****7890" in text
    assert " 200 5120" in text  # short numbers stay
