"""What the pair page shows: both sides' source and normalised values, which comparisons
agreed, and the weights as a waterfall (the engine's inline-SVG helper, no JavaScript).
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from sinergi.linkage.model_levels import level_labels, prior_weight
from sinergi.linkage.report import waterfall
from sinergi.review.models import ReviewPair

# (canonical field, label, normalised field)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("owner_name", "Nama pemilik / owner", "name_key"),
    ("business_name", "Nama usaha / business", "business_key"),
    ("nik", "NIK", "nik_full"),
    ("phone", "HP / phone", "phone_e164"),
    ("email", "E-mail", "email_clean"),
    ("address", "Alamat / address", "address_clean"),
    ("rt_rw", "RT/RW", "rt"),
    ("village", "Desa / village", "village_code"),
    ("district", "Kecamatan / district", "district_code"),
    ("regency", "Kab/Kota / regency", "regency_code"),
    ("birth_date", "Tgl lahir / birth date", "birth_date_clean"),
    ("sector", "Sektor / sector", "sector_code"),
    ("nib", "NIB", "nib_clean"),
)


def _business_side(business: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    owner = business.owner
    source = {
        "owner_name": owner.full_name,
        "business_name": business.name,
        "nik": owner.nik,
        "phone": owner.phone,
        "email": owner.email,
        "address": business.address,
        "rt_rw": business.rt_rw,
        "village": business.village_code,
        "district": business.district_code,
        "regency": business.regency_code,
        "nib": business.nib,
        "sector": business.sector_id,
    }
    return source, {}


def _side(record: Any, business: Any) -> dict[str, Any]:
    if record is not None:
        source = {**(record.canonical or {}), **(record.corrected or {})}
        normalised = record.normalised or {}
        where = f"{record.file.name} #{record.row_number}"
    else:
        source, normalised = _business_side(business)
        where = f"registri #{business.pk}"
    return {"source": source, "normalised": normalised, "where": where, "business": business}


def pair_evidence(pair: ReviewPair) -> dict[str, Any]:
    """Rows of the side-by-side table, the comparisons and the waterfall SVG."""
    a = _side(pair.record_a, pair.business_a)
    b = _side(pair.record_b, pair.business_b)
    rows = []
    for field, label, norm in FIELDS:
        va, vb = a["source"].get(field), b["source"].get(field)
        na, nb = a["normalised"].get(norm), b["normalised"].get(norm)
        if va in (None, "") and vb in (None, ""):
            continue
        same = (na == nb and na is not None) if (na or nb) else (va == vb)
        rows.append(
            {"label": label, "a": va, "b": vb, "na": na, "nb": nb, "same": bool(same)}
        )  # fmt: skip
    model = pair.linkage_model.model
    labels = level_labels(model)
    comparisons = []
    steps: list[tuple[str, float]] = [("awal / prior", prior_weight(model))]
    for name, by_gamma in labels.items():
        gamma = pair.gammas.get(name)
        if gamma is None or gamma == -1:
            continue
        weight = float(pair.weights.get(name) or 0.0)
        level = by_gamma.get(int(gamma), str(gamma))
        comparisons.append({"name": name, "level": level, "weight": weight, "agree": weight > 0})
        steps.append((f"{name}: {level}", weight))
    svg: SafeString = mark_safe(  # noqa: S308 - built by report.waterfall, which escapes text
        waterfall(steps, title="Bobot / weights (log2 Bayes factor)")
    )
    return {"a": a, "b": b, "rows": rows, "comparisons": comparisons, "waterfall": svg}
