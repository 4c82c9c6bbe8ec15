"""Number and money formatting the Indonesian way.

Invariants: pure functions of their arguments plus the active language; `None` and ""
give "" (templates show nothing rather than "None").
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

_SEPARATORS = {"id": (".", ","), "en": (",", ".")}


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return sep.join(reversed(out))


def number(value: int | float | Decimal | str | None, decimals: int = 0) -> str:
    """12345.5 -> '12.345,5' in Indonesian, '12,345.5' in English (`decimals` places)."""
    if value is None or value == "":
        return ""
    thousands, point = _SEPARATORS.get(translation.get_language() or "id", _SEPARATORS["id"])
    quantised = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if quantised < 0 else ""
    text = f"{abs(quantised):.{decimals}f}"
    whole, _, frac = text.partition(".")
    grouped = _group(whole, thousands)
    return f"{sign}{grouped}{point}{frac}" if decimals else f"{sign}{grouped}"


def rupiah(value: int | float | Decimal | str | None) -> str:
    """1250000 -> 'Rp1.250.000' (no space, no decimals: how Indonesian offices write it)."""
    if value is None or value == "":
        return ""
    text = number(value)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"
