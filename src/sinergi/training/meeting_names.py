"""Cleaning the names people show in meeting tools, before the engine's name keys.

Pure functions, no ORM, property-tested (tests/training/test_meeting_names.py).

A meeting tool shows whatever the device or the person typed: "Bu Siti Keripik",
"Samsung A12", "iPhone dari Budi", "Budi's iPhone", "081234567890", "Siti (Siti Aminah)"
(Zoom writes a renamed participant as "New name (Original Name)"). `clean_display_name`
keeps the words that can name a person or a business and drops the rest:
- device and app words (Samsung, Galaxy, iPhone, Redmi, OPPO, vivo, laptop, Zoom user, ...),
  model codes (a token mixing letters and digits: A12, S21, Y20s) and bare numbers;
- the glue of device names ("dari", "milik", "punya", "from", "'s");
- punctuation; case is folded (the engine keys are lower case anyway).
Titles (Bu, Pak, Hj., ...) are left to the engine's name normaliser.

Invariants: the result is lower case, single-spaced, without digits, and cleaning it
again changes nothing (idempotent). Phone numbers inside a display name are read by
`phones_in_name` (the engine's phone normaliser), never guessed from short numbers.
"""

from __future__ import annotations

import re
import unicodedata

DEVICE_WORDS = frozenset(
    """
    samsung galaxy iphone ipad apple android oppo vivo xiaomi redmi realme infinix huawei
    nokia poco tecno asus lenovo acer hp laptop pc komputer macbook tablet tab phone
    handphone zoom user users guest tamu meeting webinar redmi note pro max plus mini lite
    ultra
    """.split()
)
GLUE_WORDS = frozenset("dari milik punya from s by".split())

_ORIGINAL = re.compile(r"^(?P<shown>.*?)\s*\((?P<original>[^()]*)\)\s*$")


def split_original(value: str) -> tuple[str, str]:
    """Zoom's "Name (Original Name)" cell as (shown name, original name or '')."""
    found = _ORIGINAL.match(value or "")
    if found and found.group("shown").strip():
        return found.group("shown").strip(), found.group("original").strip()
    return (value or "").strip(), ""


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_display_name(value: str | None) -> str:
    """The person-or-business words of a display name (module doc), '' when none."""
    text = _ascii_fold(value or "").casefold().replace("\u2019", "'")
    text = re.sub(r"'s\b", " ", text)
    words = []
    for token in re.split(r"[^0-9a-z]+", text):
        if not token or token.isdigit():
            continue
        if any(c.isdigit() for c in token):
            continue  # a model code (a12, s21) or a number glued to letters
        if token in DEVICE_WORDS or token in GLUE_WORDS or len(token) == 1:
            continue
        words.append(token)
    return " ".join(words)


def digits_in(value: str | None) -> str:
    """The digits of a display name that holds a phone number ('' when it holds none)."""
    runs = re.findall(r"[+\d][\d\s.\-]{7,}\d", value or "")
    return runs[0] if runs else ""
