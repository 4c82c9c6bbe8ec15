"""What intake pages may show of personal identifiers: masked unless revealed (audited).

The preview of an uploaded file, the problem list and a source record's page mask the
values of columns mapped to an identifier (NIK, KK, phone, e-mail, NPWP) and any value
in any other column that looks like one (an unmapped "No KTP Pasangan" column, an
`extra:<header>` field). Pure functions: the views decide whether the reader asked to
reveal (and write the `view_pii` event) before calling them with `full=True`.
"""

from __future__ import annotations

import json
from typing import Any

from sinergi.core.masking import looks_like_identifier, mask_identifier, mask_nik
from sinergi.linkage import CANONICAL_FIELDS

SECRET_FIELDS = {"nik", "kk", "phone", "email", "npwp", "birth_date"}
SECRET_NORMALISED = {
    "nik_digits",
    "nik_full",
    "nik15",
    "nik_birth_date",
    "birth_date_clean",
    "phone_e164",
    "phones",
    "phone_derived",  # a phone read out of a name cell
    "email_clean",
    "npwp_clean",
    # a hash of every field, NIK and phone included: with the other fields in view, a NIK
    # could be recovered from it by trying the few thousand serials of one birth date
    "copy_key",
}


def mask(value: Any) -> Any:
    """A secret value masked whatever it looks like (a mapped NIK column may hold junk)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [mask(v) for v in value]
    text = str(value)
    if "@" in text:
        return mask_identifier(text)
    return mask_nik(text) if len(text) > 8 else "*" * len(text)


def guard(value: Any, secret: bool, full: bool) -> Any:
    """The value to show: as is when revealed, masked when secret or identifier-like."""
    if full or value is None:
        return value
    if secret:
        return mask(value)
    if isinstance(value, list):
        return [guard(v, False, full) for v in value]
    return mask_identifier(value) if looks_like_identifier(value) else value


def preview_rows(source_file: Any, full: bool) -> list[list[Any]]:
    secret = {
        i for i, h in enumerate(source_file.headers) if source_file.mapping.get(h) in SECRET_FIELDS
    }
    return [
        [guard(cell, i in secret, full) for i, cell in enumerate(row)]
        for row in source_file.preview or []
    ]


def problem_value(problem: Any, full: bool = False) -> Any:
    return guard(problem.value, problem.column in SECRET_FIELDS, full)


def record_values(item: Any, full: bool) -> dict[str, list[tuple[Any, ...]]]:
    """The record page's three columns: raw cells, recognised fields, normalised values."""
    secret_headers = {h for h, f in item.file.mapping.items() if f in SECRET_FIELDS}
    raw = [(h, guard(v, h in secret_headers, full)) for h, v in json.loads(item.raw).items()]
    fields = [f for f in CANONICAL_FIELDS if item.canonical.get(f) is not None]
    fields += [f for f in item.canonical if f not in CANONICAL_FIELDS]  # extra:<header>
    fields += [f for f in item.corrected if f not in fields]
    canonical = [
        (
            f,
            guard(item.canonical.get(f), f in SECRET_FIELDS, full),
            guard(item.corrected.get(f), f in SECRET_FIELDS, full),
        )
        for f in fields
        if item.canonical.get(f) is not None or f in item.corrected
    ]
    normalised = [
        (k, guard(v, k in SECRET_NORMALISED, full))
        for k, v in item.normalised.items()
        if v not in (None, [])
    ]
    return {"raw": raw, "canonical": canonical, "normalised": normalised}
