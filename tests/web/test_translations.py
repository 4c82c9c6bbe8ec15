"""Every user-facing string has an Indonesian translation, and the compiled catalog is current."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import sinergi

LOCALE = Path(sinergi.__file__).parent / "locale"


def _entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every entry except the header."""
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid, strs, key, fuzzy = [], [], None, "#, fuzzy" in block
        for line in block.splitlines():
            if line.startswith("msgid "):
                key, msgid = "id", [ast.literal_eval(line[6:])]
            elif line.startswith("msgid_plural "):
                key = "plural"
            elif line.startswith("msgstr"):
                key = "str"
                strs.append(ast.literal_eval(line.split(" ", 1)[1]))
            elif line.startswith('"') and key == "id":
                msgid.append(ast.literal_eval(line))
            elif line.startswith('"') and key == "str":
                strs[-1] += ast.literal_eval(line)
        if msgid and "".join(msgid):
            out.append(("".join(msgid), strs, fuzzy))
    return out


def test_every_message_is_translated_to_indonesian():
    entries = _entries(LOCALE / "id" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 200
    untranslated = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert untranslated == []


def test_the_compiled_indonesian_catalog_matches_the_source():
    with (LOCALE / "id" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for msgid, strs, _ in _entries(LOCALE / "id" / "LC_MESSAGES" / "django.po"):
        if len(strs) == 1:
            assert catalog.gettext(msgid) == strs[0], msgid


def test_the_english_catalog_exists_for_the_same_messages():
    english = {m for m, _, _ in _entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    indonesian = {m for m, _, _ in _entries(LOCALE / "id" / "LC_MESSAGES" / "django.po")}
    assert english == indonesian
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").exists()
