"""What a mapping page says under each column: what Sinergi read it as, how sure, and why.

The engine's column recognition (`linkage.column_choice.ColumnChoice.as_dict`) is stored
with an uploaded file; this turns one entry into the words of the active language for
the intake preview and the programs' nomination upload.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from sinergi.linkage import field_words


def column_note(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """{"field", "label", "percent", "reason", "close", "alternative"} or None.

    `label` and `alternative` are the plain words for the fields, not internal names.
    """
    if not entry:
        return None
    english = (get_language() or "id").startswith("en")
    pick = 1 if english else 0
    fld = entry.get("field")
    alt = entry.get("alternative")
    return {
        "field": fld,
        "label": field_words(fld)[pick] if fld else "",
        "percent": round(100 * float(entry.get("confidence") or 0)),
        "reason": entry.get("reason_en" if english else "reason_id") or "",
        "close": bool(entry.get("close")),
        "alternative": field_words(alt)[pick] if alt else "",
        "alternative_field": alt or "",
        "overridden": bool(entry.get("overridden")),
    }


def notes_by_header(recognition: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """{header: note} for a stored recognition list."""
    out: dict[str, dict[str, Any]] = {}
    for entry in recognition or []:
        note = column_note(entry)
        if note is not None:
            out[str(entry.get("header"))] = note
    return out
