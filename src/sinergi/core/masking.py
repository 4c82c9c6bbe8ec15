"""Masking of personal identifiers for lists and for roles without need to know.

Invariants: the mask keeps the length of the value, so a masked NIK still reads as 16
characters; nothing of the hidden middle leaks (not even its length when it is short).
"""

from __future__ import annotations

import re


def mask_nik(nik: str | None) -> str:
    """'3201234567890001' -> '3201********0001' (region and serial stay readable)."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_phone(phone: str | None) -> str:
    """'+6281234567890' -> '+62812*****890' (operator prefix and last three digits)."""
    if not phone:
        return ""
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 9) + phone[-3:]


def mask_email(email: str | None) -> str:
    """'siti.aminah@example.id' -> 's*********h@example.id'."""
    if not email:
        return ""
    local, at, domain = email.partition("@")
    if not at:
        return "*" * len(email)
    hidden = local[0] + "*" * max(len(local) - 2, 1) + (local[-1] if len(local) > 1 else "")
    return f"{hidden}@{domain}"


_SEPARATORS = re.compile(r"[\s.\-'()/+]")
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d{1,2}")  # a NIK Excel turned into 1.90101E+15
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")  # 120.000.000: an amount, not an identifier


def looks_like_identifier(value: object) -> bool:
    """True for what may be a NIK, KK, phone, NPWP or e-mail in a column nobody mapped.

    Nine or more digits once spaces, dots, dashes, brackets, plus signs and apostrophes
    are dropped; a number in scientific notation; or an e-mail address. Rupiah amounts
    written with thousands separators and dates are not identifiers.
    """
    if value is None or isinstance(value, bool):
        return False
    text = str(value).strip()
    if "@" in text:
        local, _, domain = text.partition("@")
        return bool(local) and "." in domain
    if _SCIENTIFIC.fullmatch(text):
        return True
    if _THOUSANDS.fullmatch(text):
        return False
    digits = _SEPARATORS.sub("", text)
    return digits.isdigit() and len(digits) >= 9


def mask_identifier(value: object) -> str:
    """Mask any identifier-like value: e-mails by `mask_email`, the rest like a NIK."""
    text = str(value)
    if "@" in text:
        return mask_email(text)
    return mask_nik(text)
