"""The one module of the API that imports the linkage engine and the platform's linking
path (kept here so a reorganisation of `sinergi.linkage` is adjusted in one place).

`match_record` scores one record the way the registry form's duplicate warning does
(`review.duplicates`): candidates are the businesses sharing a blocking key with the
record (`BusinessKey` index: NIK, phone, NIB, then owner and shop names within the
regency, then names anywhere), only active businesses the user may see, at most
`duplicates.PER_KEY` per key and `duplicates.MAX_CANDIDATES` in all; each candidate is
scored with the current model's m/u parameters by the engine's `PairScorer` (no
term-frequency adjustment: one record is no batch to count name frequencies in). An
exact valid NIK then decides as the nomination path's exact-NIK rule does
(`programs.upload_rows.link_rows`): one business with that NIK is the match ("nik");
several are candidates unless the best of them clears the high threshold and no other does.

Invariants: the cost does not grow with the registry (a fixed number of index lookups,
one read of at most MAX_CANDIDATES businesses, one small in-process scoring); the record's
NIK is used only when the caller passes it (the view drops it for roles that may not see
NIKs); nothing outside `Business.objects.visible_to(user)` is read or returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from sinergi.linkage import Thresholds, parse_nik
from sinergi.programs.upload_rows import MATCHED_BY_NIK

MATCHED_BY_MODEL = "model"
FIELDS = ("owner_name", "business_name", "nik", "phone", "nib", "address", "regency")


@dataclass(frozen=True)
class Scored:
    business_id: int
    probability: float | None
    matched_by: str
    chosen: bool  # the model (or the NIK rule) links the record to this business
    business: Any = None  # the Business, with its owner loaded
    fields: list[Any] = dataclass_field(default_factory=list)  # FieldWeight per comparison
    weight: float | None = None  # prior + the fields' weights


@dataclass(frozen=True)
class Matched:
    candidates: list[Scored]  # best first
    thresholds: Thresholds
    model_version: int


def record_values(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the scorer's and the key index's values: the regency as a
    Kemendagri code (2 digits: a province, 4: a regency; anything else is ignored)."""
    regency = "".join(ch for ch in str(record.get("regency") or "") if ch.isdigit())
    values: dict[str, Any] = {
        f: (str(record.get(f) or "").strip() or None) for f in FIELDS if f != "regency"
    }
    if len(regency) in (2, 4):
        values.update(
            province_code=regency[:2], regency_code=regency if len(regency) == 4 else None
        )
    return values


def match_record(user: Any, record: dict[str, Any]) -> Matched:
    """The candidates for one record among the businesses `user` may see (module doc)."""
    from sinergi.registry.models import Business
    from sinergi.review.actions import current_model
    from sinergi.review.duplicates import candidate_ids, explain_pairs, probability

    lm = current_model()
    thresholds = Thresholds(lm.low_threshold, lm.high_threshold)
    values = record_values(record)
    visible = Business.objects.visible_to(user).filter(status="active")
    ids = candidate_ids(values, within=visible)
    businesses = visible.filter(pk__in=ids).select_related("owner").in_bulk(ids)
    prior, weights = explain_pairs(values, list(businesses.values()))
    scored: dict[int, tuple[float, float]] = {}
    for pk in businesses:
        total = prior + sum(w.weight for w in weights.get(pk, []) if w.weight is not None)
        scored[pk] = (total, probability(total))
    ranked = sorted(scored, key=lambda pk: (-scored[pk][0], pk))
    chosen, by = _decide(ranked, scored, businesses, values.get("nik"), thresholds)
    out = [
        Scored(
            pk,
            scored[pk][1],
            by if pk == chosen else MATCHED_BY_MODEL,
            pk == chosen,
            businesses[pk],
            weights.get(pk, []),
            scored[pk][0],
        )  # fmt: skip
        for pk in ranked
    ]
    out.sort(key=lambda s: (not s.chosen, -(s.probability or 0.0), s.business_id))
    return Matched(out, thresholds, lm.version)


def _decide(
    ranked: list[int],
    scored: dict[int, tuple[float, float]],
    businesses: dict[int, Any],
    nik: str | None,
    thresholds: Thresholds,
) -> tuple[int | None, str]:
    """(the business the record is linked to or None, matched_by): the model's best
    candidate when it clears the high threshold, overridden by an exact valid NIK."""
    best = ranked[0] if ranked and scored[ranked[0]][1] >= thresholds.high else None
    full = parse_nik(nik).full if nik else None
    holders = [pk for pk in ranked if full and businesses[pk].owner.nik == full]
    if len(holders) == 1:
        return holders[0], MATCHED_BY_NIK
    if holders:
        # One owner, several businesses: the model's pick stands only when no other
        # business of that NIK also clears the high threshold (else it is a coin toss).
        rivals = [pk for pk in holders if pk != best and scored[pk][1] >= thresholds.high]
        if best not in holders or rivals:
            return None, ""
    return best, MATCHED_BY_MODEL


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
