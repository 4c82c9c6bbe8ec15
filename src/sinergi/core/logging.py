"""Log lines never carry a NIK, KK, phone number or e-mail address in full.

URLs should hold none (searches by identifier are POSTed), but a log line can still get
one from an old bookmark, an error message, a database error's detail ("Key (nik)=(…)"),
a traceback or a third-party library. `mask_text` is applied to the WHOLE formatted line
(message, exception and stack text included) by the formatters below, and to the
message by the `MaskIdentifiers` filter for handlers configured elsewhere:

- every run of nine or more digits is masked like a NIK;
- a phone written in groups (`0812-1111-2222`, `+62 812 1111 2222`, `(0361) 222-333`)
  starting with 0, 62 or +62, nine or more digits in all, is masked;
- an e-mail address keeps its first and last letter and its domain.

Dates, times, amounts and ids (fewer than nine digits per run) stay readable.
"""

from __future__ import annotations

import logging
import re

from sinergi.core.masking import mask_email, mask_nik

_DIGIT_RUN = re.compile(r"(?<![\dA-Za-z])\d{9,}(?![\dA-Za-z])")
_GROUPED_PHONE = re.compile(
    r"(?<![\w+])(?:\+62|62|\(?0)[ .\-]?\d{1,4}\)?(?:[ .\-]\d{2,5}){1,4}(?![\w])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    if digits < 9:
        return text
    # Keep the first three and last two digits; the rest becomes '*', separators stay.
    seen, out = 0, []
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= 3 or seen > digits - 2 else "*")
        else:
            out.append(c)
    return "".join(out)


def mask_text(text: str) -> str:
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = _DIGIT_RUN.sub(lambda m: mask_nik(m.group(0)), text)
    return _GROUPED_PHONE.sub(_phone, text)


class MaskIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class MaskingFormatter(logging.Formatter):
    """A plain-text formatter whose whole output (tracebacks too) is masked."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))
