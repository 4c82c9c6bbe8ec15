"""The one module of the API that imports the linkage engine and the platform's linking
path (kept here so a reorganisation of `sinergi.linkage` is adjusted in one place).

`match_record` scores one record against the registry exactly as nominating from a file
does (`programs.upload_rows.check_rows` + `link_rows`: the engine's incremental path,
`link_new`, against the cached registry frame of the current model, then the exact-NIK
rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage import SOURCE_ROW, ColumnMapping, RawTable, Thresholds, load_spec
from sinergi.programs.upload_rows import MATCHED_BY_NIK, check_rows, link_rows

MATCH_FRAME_SECONDS = 30
FIELDS = ("owner_name", "business_name", "nik", "phone", "nib", "address", "regency")


@dataclass(frozen=True)
class Scored:
    business_id: int
    probability: float | None
    matched_by: str
    chosen: bool  # the engine (or the NIK rule) linked the record to this business


def match_record(record: dict[str, str]) -> tuple[list[Scored], Thresholds, int]:
    """(candidates best first, the model's thresholds, model version) for one record."""
    from sinergi.review import frames
    from sinergi.review.actions import current_model

    fields = {f: (record.get(f) or "").strip() for f in FIELDS}
    used = [f for f in FIELDS if fields[f]]
    frame = pl.DataFrame(
        {SOURCE_ROW: [1], **{f: [fields[f]] for f in used}},
        schema={SOURCE_ROW: pl.Int64, **dict.fromkeys(used, pl.Utf8)},
    )
    table = RawTable(file="api", path=Path("api"), sheet=None, frame=frame, header_row=1)
    mapping = ColumnMapping(fields={f: f for f in used}, unknown=[])
    checked = check_rows(table, mapping, default_amount=1)
    lm = current_model()
    thresholds = Thresholds(lm.low_threshold, lm.high_threshold)
    if checked.good.height == 0:
        return [], thresholds, lm.version
    spec = load_spec()
    # A registry change is seen within MATCH_FRAME_SECONDS even when `quick_key` misses
    # it (a hard delete); candidates are read back through the user's scope anyway.
    registry, _cached = frames.registry_frame(lm.version, spec, max_age=MATCH_FRAME_SECONDS)
    matches = link_rows(checked.good, registry, lm.model, spec, thresholds)
    out: list[Scored] = []
    for match in matches.values():
        if match.business_id is not None:
            out.append(Scored(match.business_id, match.probability, match.matched_by, True))
        for business, p in match.candidates:
            if business != match.business_id:
                by = MATCHED_BY_NIK if match.matched_by == MATCHED_BY_NIK else "model"
                out.append(Scored(business, p, by, False))
    out.sort(key=lambda s: (not s.chosen, -(s.probability or 0.0), s.business_id))
    return out, thresholds, lm.version


def grade(scored: Scored, thresholds: Thresholds) -> str:
    """certain: linked by NIK or at/above the high threshold; probable: at/above low."""
    p = scored.probability or 0.0
    if scored.chosen and (scored.matched_by == MATCHED_BY_NIK or p >= thresholds.high):
        return "certain"
    if p >= thresholds.high:
        return "certain"
    if p >= thresholds.low:
        return "probable"
    return "possible"


def field_weights(record: dict[str, Any], businesses: list[Any]) -> tuple[float, dict]:
    """(prior weight, {business id: [FieldWeight]}): the linkage model's level and match
    weight per compared field of `record` against each business (`review.duplicates`
    scores with the engine's public `PairScorer.explain`)."""
    from sinergi.review.duplicates import explain_pairs

    regency = "".join(ch for ch in str(record.get("regency") or "") if ch.isdigit())
    values = {f: (str(record.get(f) or "").strip() or None) for f in FIELDS if f != "regency"}
    if len(regency) in (2, 4):
        values.update(
            province_code=regency[:2], regency_code=regency if len(regency) == 4 else None
        )
    return explain_pairs(values, businesses)


def field_reasons(weights: list[Any]) -> list[dict[str, Any]]:
    return [
        {"field": w.comparison, "level": w.label, "gamma": w.gamma,
         "match_weight": None if w.weight is None else round(w.weight, 3),
         "bayes_factor": None if w.bayes_factor is None else round(w.bayes_factor, 4)}
        for w in weights
    ]  # fmt: skip


def reasons(
    scored: Scored, record: dict[str, Any], business: Any, weights: list[Any] = ()
) -> list[str]:
    """One line per compared field with its level and the model's weight (`+8.21` for
    evidence of a match, negative against), then exact agreements and the probability."""
    found = [
        f"{w.comparison}: {w.label or w.gamma} ({w.weight:+.2f})"
        for w in weights
        if w.weight is not None
    ]
    owner = business.owner
    nik = "".join(ch for ch in str(record.get("nik") or "") if ch.isdigit())
    if nik and owner.nik == nik:
        found.append("nik: equal")
    if scored.matched_by == MATCHED_BY_NIK:
        found.append("nik: the registry holds this NIK")
    for field, value in (("business_name", business.name), ("owner_name", owner.full_name)):
        given = " ".join(str(record.get(field) or "").lower().split())
        if given and given == " ".join(value.lower().split()):
            found.append(f"{field}: equal")
    found.append(f"model: probability {scored.probability or 0:.3f}")
    return found
