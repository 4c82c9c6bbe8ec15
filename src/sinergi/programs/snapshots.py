"""What a nomination freezes, and a business's aid history, as plain dicts.

`business_snapshot` is the one place deciding which registry facts a cycle keeps; the
eligibility rules and the screening frame read only these keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sinergi.programs.models import Disbursement, ReferenceList, ReferenceRow

# Which reference categories count as "received aid of kind X" for eligibility rules.
REFERENCE_KIND = {"bpum": ("grant", "BPUM"), "prakerja": ("training", "Kartu Prakerja")}


def business_snapshot(business: Any) -> dict[str, Any]:
    """The business and its owner as they are now, JSON-safe."""
    owner = business.owner
    village = business.village
    district = village.parent if village else None
    regency = district.parent if district else None
    return {
        "business_id": business.pk,
        "name": business.name,
        "owner_name": owner.full_name if owner else "",
        "nik": owner.nik if owner else "",
        "phone": owner.phone if owner else "",
        "address": business.address,
        "rt_rw": business.rt_rw,
        "village": village.name if village else "",
        "district": district.name if district else "",
        "regency": regency.name if regency else "",
        "province_code": business.province_code,
        "regency_code": business.regency_code,
        "village_code": business.village_code,
        "sector_code": business.sector_id or "",
        "size_class": business.size_class,
        "nib": business.nib,
        "founded_year": business.founded_year,
        "covid_affected": business.covid_affected,
    }


def histories(
    businesses: Iterable[tuple[int, str]],
    *,
    organisation: Any,
    exclude_program_id: int | None = None,
) -> dict[int, list[dict[str, Any]]]:
    """{business id: [{"kind", "period", "label", "source"}]} for (id, nik) pairs.

    Ledger entries count while not fully reversed (net amount > 0 per program and
    business); reference rows count by exact NIK, in the lists `organisation` may use
    (its own and the shared ones).
    """
    pairs = list(businesses)
    ids = [b for b, _ in pairs]
    out: dict[int, list[dict[str, Any]]] = {b: [] for b in ids}
    net: dict[tuple[int, int], int] = {}
    info: dict[tuple[int, int], tuple[str, str, str]] = {}
    rows = Disbursement.objects.filter(business_id__in=ids).values_list(
        "business_id", "program_id", "program__name", "program_kind", "period_key", "amount_idr"
    )
    for business_id, program_id, name, kind, period, amount in rows:
        if program_id == exclude_program_id:
            continue
        key = (business_id, program_id)
        net[key] = net.get(key, 0) + amount
        info[key] = (kind, period, name)
    for key, amount in net.items():
        if amount > 0:
            kind, period, name = info[key]
            out[key[0]].append({"kind": kind, "period": period, "label": name, "source": "ledger"})
    by_nik: dict[str, list[int]] = {}
    for business_id, nik in pairs:
        if nik:
            by_nik.setdefault(nik, []).append(business_id)
    refs = ReferenceRow.objects.filter(
        nik__in=list(by_nik),
        reference_list__category__in=list(REFERENCE_KIND),
        reference_list__in=ReferenceList.objects.usable_by(organisation),
    ).values_list("nik", "reference_list__category", "reference_list__period_start")
    for nik, category, start in refs:
        kind, label = REFERENCE_KIND[category]
        for business_id in by_nik[nik]:
            out[business_id].append(
                {
                    "kind": kind,
                    "period": str(start.year) if start else "",
                    "label": label,
                    "source": category,
                }
            )
    return out
