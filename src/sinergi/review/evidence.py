"""What the pair page shows: both sides' values, which ones agree, and the weights as a
waterfall (the engine's inline-SVG helper, no JavaScript), in the officer's words.

Both sides are normalised the same way, by the engine (`prepare.normalise_frame`), from
the values the page shows: a source row from its cells as received (with the officer's
corrections), a registry business from its stored fields. So "Toko Sembako Lestari" on
both sides agrees, whatever side it comes from. Regions are shown by name
("Kec. Sungailiat"), never by code; labels are plain Bahasa Indonesia (English when
switched), never internal field names or the model's abbreviations ("JW >= 0.80").
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.linkage import (
    CANONICAL_FIELDS,
    ROW_ID,
    SOURCE_FILE,
    SOURCE_ROW,
    level_labels,
    load_region_tables,
    prior_weight,
    waterfall,
)
from sinergi.review.models import ReviewPair

# (canonical field, label, normalised column compared). Region fields compare codes and
# show names.
FIELDS: tuple[tuple[str, Any, str], ...] = (
    ("owner_name", gettext_lazy("Owner's name"), "name_key"),
    ("business_name", gettext_lazy("Business name"), "business_key"),
    ("nik", gettext_lazy("NIK"), "nik_full"),
    ("phone", gettext_lazy("Phone number"), "phone_e164"),
    ("email", gettext_lazy("E-mail"), "email_clean"),
    ("address", gettext_lazy("Address"), "address_clean"),
    ("rt_rw", gettext_lazy("RT/RW"), "rt_rw_key"),
    ("village", gettext_lazy("Village"), "village_code"),
    ("district", gettext_lazy("District"), "district_code"),
    ("regency", gettext_lazy("Regency/city"), "regency_code"),
    ("birth_date", gettext_lazy("Birth date"), "birth_date_clean"),
    ("sector", gettext_lazy("Sector"), "sector_code"),
    ("nib", gettext_lazy("NIB"), "nib_clean"),
)
REGION_CODES = {"village": "village_code", "district": "district_code", "regency": "regency_code"}

# The model's comparisons, in the officer's words.
COMPARISONS: dict[str, Any] = {
    "nik": gettext_lazy("NIK"),
    "owner_name": gettext_lazy("Owner's name"),
    "business_name": gettext_lazy("Business name"),
    "phone": gettext_lazy("Phone number"),
    "address": gettext_lazy("Address"),
    "rt_rw": gettext_lazy("RT/RW"),
    "region": gettext_lazy("Region"),
    "birth_date": gettext_lazy("Birth date"),
    "sector": gettext_lazy("Sector"),
    "nib": gettext_lazy("NIB"),
    "email": gettext_lazy("E-mail"),
    "npwp": gettext_lazy("NPWP"),
}
# The shipped model's level labels (Bahasa Indonesia, technical notes removed) -> the
# message whose Indonesian translation is that label. A label not listed here (a newer
# model) is shown in Indonesian without its technical note.
LEVELS: dict[str, Any] = {
    "NIK sama (16 digit)": gettext_lazy("same NIK (16 digits)"),
    "15 digit pertama sama, satu NIK rusak Excel": gettext_lazy(
        "first 15 digits the same, one NIK damaged by Excel"
    ),
    "NIK beda satu atau dua ketikan": gettext_lazy("NIK differs by one or two typing slips"),
    "NIK berbeda": gettext_lazy("different NIK"),
    "nama pemilik sama": gettext_lazy("same owner's name"),
    "nama pemilik sama bunyinya": gettext_lazy("owner's names sound the same"),
    "nama pemilik mirip": gettext_lazy("owner's names similar"),
    "nama pemilik agak mirip": gettext_lazy("owner's names somewhat similar"),
    "nama pemilik berbeda": gettext_lazy("different owner's name"),
    "nama usaha sama": gettext_lazy("same business name"),
    "nama usaha beda ketikan": gettext_lazy("business names differ by a typing slip"),
    "nama usaha sama setelah bentuk usaha salah ketik": gettext_lazy(
        "same business name once a mistyped form (Toko, CV, ...) is set aside"
    ),
    "nama usaha mirip awalannya": gettext_lazy("business names begin alike"),
    "nama usaha berbeda": gettext_lazy("different business name"),
    "ada nomor HP yang sama": gettext_lazy("a phone number in common"),
    "nomor HP berbeda": gettext_lazy("different phone numbers"),
    "alamat sama": gettext_lazy("same address"),
    "jalan dan nomor rumah sama": gettext_lazy("same street and house number"),
    "alamat mirip": gettext_lazy("similar address"),
    "jalan sama": gettext_lazy("same street"),
    "alamat berbeda": gettext_lazy("different address"),
    "RT dan RW sama": gettext_lazy("same RT and RW"),
    "RT/RW berbeda": gettext_lazy("different RT/RW"),
    "desa/kelurahan sama": gettext_lazy("same village"),
    "kecamatan sama": gettext_lazy("same district"),
    "kabupaten/kota sama": gettext_lazy("same regency/city"),
    "kabupaten/kota berbeda": gettext_lazy("different regency/city"),
    "tanggal lahir sama": gettext_lazy("same birth date"),
    "tanggal lahir beda satu ketikan": gettext_lazy("birth dates differ by one typing slip"),
    "tanggal lahir berbeda": gettext_lazy("different birth date"),
    "kode KBLI sama": gettext_lazy("same KBLI code"),
    "golongan pokok KBLI sama": gettext_lazy("same KBLI main group"),
    "sektor sama": gettext_lazy("same sector"),
    "sektor mirip": gettext_lazy("similar sector"),
    "sektor berbeda": gettext_lazy("different sector"),
    "NIB sama": gettext_lazy("same NIB"),
    "NIB berbeda": gettext_lazy("different NIB"),
    "email sama": gettext_lazy("same e-mail"),
    "email berbeda": gettext_lazy("different e-mail"),
    "NPWP sama": gettext_lazy("same NPWP"),
    "NPWP berbeda": gettext_lazy("different NPWP"),
    "tidak diketahui": gettext_lazy("not known"),
}
# "(JW >= 0.80)", "(DL <= 2)", "(jarak <= 50 m)": the model's technical notes.
_TECHNICAL = re.compile(r"\s*\((?:[^()]*(?:>=|<=|=|<|>)[^()]*)\)")
_REGION_PREFIX = {"village": "Desa/Kel.", "district": "Kec."}


def plain_level(label: str) -> str:
    """A level label in the active language, without the model's technical notes."""
    text = _TECHNICAL.sub("", label or "").strip()
    found = LEVELS.get(text)
    return str(found) if found is not None else text


def comparison_label(name: str) -> str:
    found = COMPARISONS.get(name)
    return str(found) if found is not None else name.replace("_", " ").capitalize()


def region_name(code: str | None) -> str | None:
    """190102 -> "Kec. Sungailiat"; regencies and provinces by their official name."""
    if not code:
        return None
    region = load_region_tables().get(str(code))
    if region is None:
        return str(code)
    name = region.name.strip()
    prefix = _REGION_PREFIX.get(region.level)
    return f"{prefix} {name}" if prefix and not name.lower().startswith(prefix.lower()) else name


def _business_source(business: Any) -> dict[str, Any]:
    owner = business.owner
    return {
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
        "province": business.province_code,
        "birth_date": owner.birth_date.isoformat() if owner.birth_date else None,
        "nib": business.nib,
        "sector": business.sector_id,
    }


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def normalise_sides(*sources: dict[str, Any]) -> list[dict[str, Any]]:
    """The engine's normalised values of each side, computed the same way for all."""
    rows = []
    for i, source in enumerate(sources):
        row = {
            f: (None if source.get(f) in (None, "") else str(source.get(f)))
            for f in CANONICAL_FIELDS
        }
        rows.append({ROW_ID: i, SOURCE_FILE: "pair", SOURCE_ROW: i + 1, **row})
    from sinergi.linkage import normalise_frame

    frame = pl.DataFrame(rows, schema_overrides=dict.fromkeys(CANONICAL_FIELDS, pl.Utf8))
    out = normalise_frame(frame)
    out = out.with_columns(
        pl.when(pl.col("rt").is_not_null() | pl.col("rw").is_not_null())
        .then(
            pl.concat_str([pl.col("rt").fill_null(""), pl.col("rw").fill_null("")], separator="/")
        )
        .alias("rt_rw_key")
    )
    return [{k: v for k, v in r.items()} for r in out.iter_rows(named=True)]


_CODE_COLUMNS = ("province_code", "regency_code", "district_code", "village_code")


def _side(record: Any, business: Any) -> dict[str, Any]:
    if record is not None:
        source = {**(record.canonical or {}), **(record.corrected or {})}
        where = f"{record.file.name} #{record.row_number}"
        # The import placed the row with the whole file as context (a regency column, the
        # file's own region): its codes are kept, not re-guessed from one row.
        codes = {c: (record.normalised or {}).get(c) for c in _CODE_COLUMNS}
    else:
        source = _business_source(business)
        where = _("registry #%(pk)s") % {"pk": business.pk}
        codes = {c: getattr(business, c, None) or None for c in _CODE_COLUMNS}
    return {"source": source, "where": where, "business": business, "codes": codes}


def _shown(field: str, value: Any, normalised: dict[str, Any]) -> Any:
    """What the page shows for a raw value: region codes become names."""
    if field in REGION_CODES and value not in (None, "") and str(value).isdigit():
        return region_name(str(value))
    return value


def _shown_normalised(field: str, norm: str, normalised: dict[str, Any]) -> Any:
    value = normalised.get(norm)
    if field in REGION_CODES:
        return region_name(value)
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value


def pair_evidence(pair: ReviewPair) -> dict[str, Any]:
    """Rows of the side-by-side table, the comparisons and the waterfall SVG."""
    a = _side(pair.record_a, pair.business_a)
    b = _side(pair.record_b, pair.business_b)
    a["normalised"], b["normalised"] = normalise_sides(a["source"], b["source"])
    for side in (a, b):
        side["normalised"].update({c: v for c, v in side["codes"].items() if v})
    rows = []
    for field, label, norm in FIELDS:
        va, vb = a["source"].get(field), b["source"].get(field)
        if va in (None, "") and vb in (None, ""):
            continue
        na, nb = a["normalised"].get(norm), b["normalised"].get(norm)
        same = (
            (na == nb)
            if (na is not None and nb is not None)
            else (str(va or "").strip() == str(vb or "").strip())
        )
        rows.append(
            {
                "field": field,
                "label": str(label),
                "a": _shown(field, va, a["normalised"]),
                "b": _shown(field, vb, b["normalised"]),
                "na": _shown_normalised(field, norm, a["normalised"]),
                "nb": _shown_normalised(field, norm, b["normalised"]),
                "same": bool(same),
            }
        )
    model = pair.linkage_model.model
    labels = level_labels(model)
    comparisons = []
    steps: list[tuple[str, float]] = [(_("starting weight"), prior_weight(model))]
    for name, by_gamma in labels.items():
        gamma = pair.gammas.get(name)
        if gamma is None or gamma == -1:
            continue
        weight = float(pair.weights.get(name) or 0.0)
        level = plain_level(by_gamma.get(int(gamma), str(gamma)))
        label = comparison_label(name)
        comparisons.append({"name": label, "level": level, "weight": weight, "agree": weight > 0})
        steps.append((f"{label}: {level}", weight))
    svg: SafeString = mark_safe(  # noqa: S308 - built by report.waterfall, which escapes text
        waterfall(
            steps,
            title=_("Weights (log2 Bayes factor): above zero for, below zero against"),
            total_label=_("total"),
        )
    )
    return {"a": a, "b": b, "rows": rows, "comparisons": comparisons, "waterfall": svg}
