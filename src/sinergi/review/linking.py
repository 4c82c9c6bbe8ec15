"""Turning link results into registry rows: new businesses from groups of records.

Used by `actions.link_records`. Bulk writes with the same audit semantics as
`registry.actions.create_business`: one CREATE event per new person and per new
business, with the full field values as the change.

Survivorship when a business is made from several records: per field, the first
non-empty value in record order (oldest row first); the choice can be changed later on
the merge page, which shows every record's value with its provenance.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from sinergi.audit.actions import diff, json_safe
from sinergi.audit.models import Action, AuditEvent
from sinergi.registry.actions import snapshot
from sinergi.registry.models import Business, Origin, Person

# Business fields whose "unknown" is NULL, not "".
_NULLABLE = frozenset({"village_id", "sector_id", "latitude", "longitude"})


def _first(values: list[Any]) -> Any:
    for v in values:
        if v not in (None, "", []):
            return v
    return None


def _text(value: Any, limit: int) -> str:
    return ("" if value is None else str(value)).strip()[:limit]


def record_values(record: Any) -> dict[str, Any]:
    """Registry field values one source record offers (owner fields and business fields).

    Keys are `owner.<field>` and `business.<field>`; values are what the registry would
    store (NIK only when valid, phone in E.164, region and sector codes only when known).
    """
    canonical = {**(record.canonical or {}), **(record.corrected or {})}
    n = record.normalised or {}
    nik = n.get("nik_full") if n.get("nik_status") == "valid" else None
    return {
        "owner.full_name": _text(canonical.get("owner_name"), 200),
        "owner.nik": nik or "",
        "owner.phone": n.get("phone_e164") or "",
        "owner.email": n.get("email_clean") or "",
        "owner.sex": (n.get("nik_sex") or "") if nik else "",
        "owner.birth_date": (n.get("nik_birth_date") or None) if nik else None,
        "business.name": _text(canonical.get("business_name"), 200),
        "business.address": _text(canonical.get("address"), 255),
        "business.rt_rw": _text(canonical.get("rt_rw"), 15),
        "business.nib": n.get("nib_clean") or "",
        "business.sector_id": n.get("sector_code") or None,
        "business.village_id": n.get("village_code") or None,
        "business.province_code": n.get("province_code") or "",
        "business.regency_code": n.get("regency_code") or "",
        "business.district_code": n.get("district_code") or "",
        # A point only when the engine read one inside Indonesia (coord_status ok/swapped).
        "business.latitude": n.get("lat"),
        "business.longitude": n.get("lng"),
    }


def group_values(records: list[Any], valid_villages: set[str], valid_sectors: set[str]) -> dict:
    """Survivorship over a group of records (see module doc)."""
    offered = [record_values(r) for r in records]
    out = {k: _first([o[k] for o in offered]) for k in offered[0]}
    if out["business.village_id"] not in valid_villages:
        out["business.village_id"] = None
    if out["business.sector_id"] not in valid_sectors:
        out["business.sector_id"] = None
    if not out["owner.full_name"]:
        out["owner.full_name"] = "(tanpa nama / no name)"
    if not out["business.name"]:
        out["business.name"] = f"Usaha {out['owner.full_name']}"[:200]
    return out


def create_businesses(actor: Any, groups: list[dict[str, Any]]) -> list[Business]:
    """Create one owner + business per group of values, in bulk, audited."""
    if not groups:
        return []
    people = []
    for g in groups:
        owner = {k.split(".", 1)[1]: v for k, v in g.items() if k.startswith("owner.")}
        owner = {k: ("" if v is None and k != "birth_date" else v) for k, v in owner.items()}
        people.append(Person(**owner))
    Person.objects.bulk_create(people, batch_size=2000)
    user = actor if getattr(actor, "is_authenticated", False) else None
    items = []
    for g, person in zip(groups, people, strict=True):
        fields = {k.split(".", 1)[1]: v for k, v in g.items() if k.startswith("business.")}
        fields = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in fields.items()}
        item = Business(owner=person, origin=Origin.IMPORT, created_by=user, **fields)
        item.refresh_derived()
        items.append(item)
    Business.objects.bulk_create(items, batch_size=2000)
    _audit_creates(user, people + items)
    return items


def _audit_creates(user: Any, objects: list[Any]) -> None:
    events = []
    for obj in objects:
        events.append(
            AuditEvent(
                actor=user,
                actor_username=user.get_username() if user else "sinergi",
                action=Action.CREATE,
                object_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes=json_safe(diff({}, snapshot(obj))),
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=2000)
