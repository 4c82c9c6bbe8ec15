"""Masking of personal identifiers for lists and for roles without need to know.

Invariants: the mask keeps the length of the value, so a masked NIK still reads as 16
characters; nothing of the hidden middle leaks (not even its length when it is short).
"""

from __future__ import annotations


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
