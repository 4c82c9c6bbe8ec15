"""Parsing rupiah prices as owners and officers type them.

`parse_price("Rp15.000")` -> (15000, 15000); `parse_price("15rb - 25rb")` -> (15000, 25000);
`parse_price("1,5 jt")` -> (1500000, 1500000).

Invariants: pure; the result is a pair of non-negative whole rupiah with min <= max, or
`PriceError` whose message quotes the text it could not read. Indonesian writing is the
default: "." groups thousands and "," is the decimal mark ("1.500.000,00"); a multiplier
word (rb/ribu/k, jt/juta) may follow a number with a decimal part in either mark.
"""

from __future__ import annotations

import re

MAX_PRICE = 10**12  # Rp1 trillion: above any UMKM product; a typo beyond it is refused.

_MULTIPLIERS = {
    "": 1,
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "rbu": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
}
_AMOUNT = re.compile(
    r"^(?:rp\.?)?\s*(?P<number>\d[\d.,\s]*?)\s*(?P<unit>rb|ribu|rbu|k|jt|juta)?\s*(?:,-|\.-|-)?$"
)
_RANGE = re.compile(
    r"\s*(?:–|—|s/d|s\.d\.?|sampai|hingga|to|(?<=\d|[a-z.])\s*-\s*(?=\s*(?:rp|\d)))\s*"
)


class PriceError(ValueError):
    """A price that cannot be read; `text` is what was typed."""

    def __init__(self, text: str) -> None:
        super().__init__(f"cannot read a rupiah price from {text!r}")
        self.text = text


def _number(text: str, has_unit: bool) -> float:
    compact = text.replace(" ", "")
    if has_unit:
        # "1,5 jt" or "1.5jt": one decimal mark, whichever it is.
        if compact.count(",") + compact.count(".") > 1:
            raise ValueError(compact)
        return float(compact.replace(",", "."))
    # Whole rupiah: "." and "," before the last three digits group thousands; ",00" at the
    # end is a cents part (always zero in practice) and is dropped.
    cents = re.search(r"[.,](\d{1,2})$", compact)
    if cents:
        if int(cents.group(1)):
            raise ValueError(compact)  # "15.5" is not whole rupiah: ask, do not guess
        compact = compact[: cents.start()]
    if re.search(r"[.,](?!\d{3}(?:[.,]|$))", compact):
        raise ValueError(compact)
    return float(compact.replace(".", "").replace(",", ""))


def parse_amount(text: str) -> int:
    """One amount in whole rupiah ("Rp15.000", "15rb", "1,5 jt", "15000")."""
    cleaned = text.strip().lower()
    match = _AMOUNT.match(cleaned)
    if not match:
        raise PriceError(text)
    unit = match.group("unit") or ""
    try:
        value = _number(match.group("number").strip(), bool(unit)) * _MULTIPLIERS[unit]
    except ValueError:
        raise PriceError(text) from None
    amount = round(value)
    if amount > MAX_PRICE:
        raise PriceError(text)
    return amount


def parse_price(text: str) -> tuple[int, int]:
    """A price or a range ("Rp10.000 - Rp25.000", "10rb s/d 25rb") as (min, max)."""
    try:
        return _parse_price(text)
    except PriceError:
        raise PriceError(text) from None


def _parse_price(text: str) -> tuple[int, int]:
    cleaned = text.strip()
    if not cleaned:
        raise PriceError(text)
    parts = [p for p in _RANGE.split(cleaned.lower(), maxsplit=1) if p.strip()]
    if len(parts) == 1:
        amount = parse_amount(parts[0])
        return amount, amount
    if len(parts) != 2:
        raise PriceError(text)
    low, high = parse_amount(parts[0]), parse_amount(parts[1])
    # "15-25rb": the unit written once applies to both ends.
    unit = _AMOUNT.match(parts[1].strip())
    if unit and unit.group("unit") and not _AMOUNT.match(parts[0].strip()).group("unit"):
        low = parse_amount(parts[0].strip() + unit.group("unit"))
    return (low, high) if low <= high else (high, low)


def format_price(low: int | None, high: int | None) -> str:
    """'Rp15.000' or 'Rp15.000–Rp25.000' (language-aware grouping); '' when unknown."""
    from sinergi.core.formatting import rupiah

    if low is None:
        return ""
    if high is None or high == low:
        return rupiah(low)
    return f"{rupiah(low)}–{rupiah(high)}"
