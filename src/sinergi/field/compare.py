"""Side by side: what the assistant typed beside a business the duplicate warning found.

Each row says whether the two agree, on the same normal forms the linkage engine uses
(NIK and phone normalised, names compared case- and space-insensitively, the village by
code), so "sama" here means what it means to the engine. Identifiers are masked on both
sides: the row shows THAT they agree, not the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sinergi.core.masking import mask_nik, mask_phone


@dataclass(frozen=True)
class Row:
    label: str
    typed: str
    existing: str
    agrees: bool


def _name(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _nik(text: str | None) -> str:
    from sinergi.linkage import parse_nik

    info = parse_nik(text or "")
    return info.full if info.status == "valid" else ""


def _phone(text: str | None) -> str:
    from sinergi.linkage import normalize_phones

    phones = normalize_phones(text or "")
    return phones[0] if phones else ""


def side_by_side(values: dict[str, Any], business: Any) -> list[Row]:
    """Rows for the business name, owner, NIK, phone and village."""
    owner = business.owner
    typed_nik, typed_phone = _nik(values.get("nik")), _phone(values.get("phone"))
    village = business.village.name if business.village_id else ""
    return [
        Row(
            str(_("Business")),
            values.get("business_name") or "",
            business.name,
            bool(_name(values.get("business_name")))
            and _name(values.get("business_name")) == _name(business.name),
        ),
        Row(
            str(_("Owner")),
            values.get("owner_name") or "",
            owner.full_name,
            bool(_name(values.get("owner_name")))
            and _name(values.get("owner_name")) == _name(owner.full_name),
        ),
        Row(
            "NIK",
            mask_nik(typed_nik),
            mask_nik(owner.nik),
            bool(typed_nik) and typed_nik == owner.nik,
        ),
        Row(
            str(_("Phone")),
            mask_phone(typed_phone),
            mask_phone(owner.phone),
            bool(typed_phone) and typed_phone == owner.phone,
        ),
        Row(
            str(_("Village")),
            values.get("village_name") or "",
            village,
            bool(values.get("village_code")) and values.get("village_code") == business.village_id,
        ),
    ]
