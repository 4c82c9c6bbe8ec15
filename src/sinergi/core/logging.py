"""Log lines never carry a NIK, KK or phone number in full.

URLs should hold none (searches by identifier are POSTed), but a log line can still get
one from an old bookmark, an error message or a third-party library. Every run of nine
or more digits is masked like a NIK before the line is written.
"""

from __future__ import annotations

import logging
import re

from sinergi.core.masking import mask_nik

_DIGIT_RUN = re.compile(r"(?<!\d)\d{9,}(?!\d)")


class MaskIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _DIGIT_RUN.sub(lambda m: mask_nik(m.group(0)), message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
