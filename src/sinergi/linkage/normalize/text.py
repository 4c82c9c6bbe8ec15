"""Small shared text helpers for the linkage normalisers.

Invariants:
- Every function is pure, total on ``str`` and idempotent: ``f(f(s)) == f(s)``.
- ``fold`` never removes letters or digits; it only unifies case, apostrophes and whitespace.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "collapse_spaces", "strip_punctuation", "letters_digits"]

# Spreadsheets mix the ASCII apostrophe with typographic ones and the backtick
# ("Ma'rang", "Ma’rang", "Ma`rang"); all must compare equal.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def collapse_spaces(s: str) -> str:
    """Replace every run of whitespace by one space and strip both ends."""
    return _SPACES.sub(" ", s).strip()


def fold(s: str) -> str:
    """NFKC-normalise, lower-case, unify apostrophes to ``'`` and collapse whitespace.

    >>> fold("  Kab.\\u00a0BANGKA   Ma\\u2019rang ")
    "kab. bangka ma'rang"
    """
    s = unicodedata.normalize("NFKC", s).lower().translate(_APOSTROPHES)
    return collapse_spaces(s)


def strip_punctuation(s: str) -> str:
    """Replace punctuation (anything not a word character or space) by a space, then collapse.

    Apostrophes are removed without a space, so "ma'rang" becomes "marang", not "ma rang".
    """
    s = s.replace("'", "").replace("\u2019", "")
    return collapse_spaces(_PUNCT.sub(" ", s).replace("_", " "))


def letters_digits(s: str) -> str:
    """Fold and keep only ASCII letters and digits (drop spaces too): a spacing-blind key."""
    return _NON_ALNUM.sub("", fold(s))
