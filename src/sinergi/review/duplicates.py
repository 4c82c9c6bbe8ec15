"""Likely duplicates of a business being typed into the create form.

Candidates come from `BusinessKey` index lookups (review.keys), at most PER_KEY per key
and MAX_CANDIDATES in all, strongest keys first (NIK, phone, NIB, then names within the
regency, then names anywhere), restricted to businesses the user may see. They are
scored with the stored model's m/u parameters by the engine's `PairScorer` (the same
comparison SQL as linking, on a small in-process DuckDB), without term-frequency
adjustments: a form is one record, there is no batch to count name frequencies in.

Invariants: the cost does not grow with the registry (a fixed number of index lookups
and at most MAX_CANDIDATES scored pairs); the linker is built once per process and
model version and guarded by a lock (DuckDB connections are not shared across threads).
"""

from __future__ import annotations

import copy
import functools
import threading
from dataclasses import dataclass
from typing import Any

import polars as pl

from sinergi.linkage import PairScorer
from sinergi.review.keys import typed_keys

PER_KEY = 20
MAX_CANDIDATES = 30
SHOW = 5
MIN_PROBABILITY = 0.2

_lock = threading.Lock()
_linkers: dict[tuple[int, str], Any] = {}


@dataclass(frozen=True)
class Candidate:
    business: Any
    probability: float
    weight: float


def _no_tf(spec: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(spec)
    for comp in out["comparisons"]:
        for level in comp["levels"]:
            level.pop("tf", None)
    return out


@functools.cache
def _spec() -> tuple[dict[str, Any], str]:
    """The packaged spec without term-frequency adjustments, and its comparisons as text
    (the scorer's cache key): read once per process, not on every keystroke or call."""
    import json

    from sinergi.linkage import load_spec

    spec = _no_tf(load_spec())
    return spec, json.dumps(spec["comparisons"], sort_keys=True)


def _scorer(version: int, model: dict[str, Any], spec: dict[str, Any]) -> PairScorer:
    key = (version, _spec()[1])
    if key not in _linkers:
        _linkers.clear()  # one model at a time
        _linkers[key] = PairScorer(model, spec)
    return _linkers[key]


def probability(weight: float) -> float:
    """A match weight (log2 of the odds, prior included) as a probability."""
    return 1.0 / (1.0 + 2.0 ** (-weight)) if weight > -60 else 0.0


def candidate_ids(values: dict[str, Any], within: Any = None) -> list[int]:
    """Business ids sharing a key with the typed values, strongest keys first.

    `within`: a Business queryset the ids must belong to (the caller's visible, active
    businesses), applied in each key's lookup so that businesses outside it do not use up
    a key's PER_KEY places."""
    from sinergi.review.models import BusinessKey

    ids: list[int] = []
    for kind, value in typed_keys(values):
        keys = BusinessKey.objects.filter(kind=kind, value=value)
        if within is not None:
            keys = keys.filter(business__in=within.values("pk"))
        for b in keys.values_list("business_id", flat=True)[:PER_KEY]:
            if b not in ids:
                ids.append(b)
        if len(ids) >= MAX_CANDIDATES:
            break
    return ids[:MAX_CANDIDATES]


def _frame(rows: list[dict[str, Any]], spec: dict[str, Any]) -> pl.DataFrame:
    from sinergi.linkage import model_frame, normalise_frame

    text = ["owner_name", "business_name", "nik", "phone", "email", "nib", "address", "rt_rw"]
    codes = ["province_code", "regency_code", "district_code", "village_code"]
    raw = pl.DataFrame(
        [{c: (r.get(c) or None) for c in ["unique_id", *text, *codes]} for r in rows],
        schema={"unique_id": pl.Int64} | {c: pl.Utf8 for c in [*text, *codes]},
    ).with_columns(pl.lit("form").alias("source_file"), pl.col("unique_id").alias("source_row"))
    return model_frame(normalise_frame(raw, region_codes_given=True), spec)


def find_duplicates(
    user: Any, values: dict[str, Any], *, exclude: int | None = None, show: int = SHOW
) -> list[Candidate]:
    """The `show` most likely duplicates of the typed values among visible businesses."""
    from sinergi.registry.models import Business
    from sinergi.review.actions import current_model

    ids = candidate_ids(values)
    if not ids:
        return []
    qs = Business.objects.visible_to(user).filter(pk__in=ids, status="active")
    if exclude:
        qs = qs.exclude(pk=exclude)
    businesses = {b.pk: b for b in qs.select_related("owner")}
    if not businesses:
        return []
    rows = [{"unique_id": 0, **values}] + [business_values(b) for b in businesses.values()]
    lm = current_model()
    spec = _spec()[0]
    frame = _frame(rows, spec)
    with _lock:
        scored = _scorer(lm.version, lm.model, spec).score(frame.head(1), frame.slice(1))
    out = []
    for business_id, weight in scored:
        if (p := probability(weight)) >= MIN_PROBABILITY:
            out.append(Candidate(businesses[business_id], p, weight))
    out.sort(key=lambda c: (-c.weight, c.business.pk))
    return out[:show]


def business_values(b: Any) -> dict[str, Any]:
    """A registry business (with its owner) as a row for the scorer."""
    return {
        "unique_id": b.pk,
        "owner_name": b.owner.full_name,
        "business_name": b.name,
        "nik": b.owner.nik,
        "phone": b.owner.phone,
        "email": b.owner.email,
        "nib": b.nib,
        "address": b.address,
        "rt_rw": b.rt_rw,
        "province_code": b.province_code,
        "regency_code": b.regency_code,
        "district_code": b.district_code,
        "village_code": b.village_code,
    }


def explain_pairs(values: dict[str, Any], businesses: list[Any]) -> tuple[float, dict]:
    """(the model's prior weight, {business id: [FieldWeight per comparison]}): the
    current model's level and match weight for each field of `values` against each
    business (loaded with its owner). Same scorer and spec (no term-frequency
    adjustment) as the duplicate warning; the caller has checked who may see them."""
    from sinergi.review.actions import current_model

    if not businesses:
        return 0.0, {}
    rows = [{"unique_id": 0, **values}] + [business_values(b) for b in businesses]
    lm = current_model()
    spec = _spec()[0]
    frame = _frame(rows, spec)
    with _lock:
        scorer = _scorer(lm.version, lm.model, spec)
        return scorer.prior, scorer.explain(frame.head(1), frame.slice(1))


def values_from_form(data: Any) -> dict[str, Any]:
    """The typed values from the registry form's fields (prefixes owner- / business-)."""
    regency = data.get("business-regency") or ""
    district = data.get("business-district") or ""
    village = data.get("business-village") or ""
    return {
        "owner_name": data.get("owner-full_name", ""),
        "nik": data.get("owner-nik", ""),
        "phone": data.get("owner-phone", ""),
        "email": data.get("owner-email", ""),
        "business_name": data.get("business-name", ""),
        "nib": data.get("business-nib", ""),
        "address": data.get("business-address", ""),
        "rt_rw": data.get("business-rt_rw", ""),
        "province_code": (village or district or regency)[:2],
        "regency_code": regency or (district or village)[:4],
        "district_code": district or village[:6],
        "village_code": village,
    }
