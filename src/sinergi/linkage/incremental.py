"""Incremental linking: new records against the registry and against each other.

The registry is already resolved: every registry row (a source record, or a business
entered by hand) carries the `business_id` it belongs to. A new batch is linked without
re-running the registry against itself:

1. new x registry: Splink 5 link-only prediction (`link.link_between`, i.e.
   `predict_between`) with the stored model, pairs at or above `low`;
2. new x new: the same model in dedupe mode (`model.score` with a given model);
3. `assign`: a graph whose nodes are the new records and the registry *businesses*
   (not rows: two rows of one business are one node), edges at or above `high`,
   clustered with the engine's cannot-link guard (`clusters.cluster`). A component
   with no business becomes a new business; with businesses, it attaches to the one
   with the strongest edge; every pair in [low, high) between different targets
   becomes a review pair.

Exact copies (copies.py): a new record whose `copy_key` equals a registry row's is
linked to that row's business, and new records sharing a key are linked together,
whatever the model says (probability 1, a weight above any scored pair).

Invariants:
- Pure: no Django, no files; the same inputs give the same output (sorted frames).
- Every new record appears exactly once in `IncrementalResult.records`, with either an
  existing `business_id` (action "attach") or a `group` that the caller turns into one
  new business (action "new"). Records of one group always get one business.
- Review pairs always have a group of new records on the left; the right side is a
  different group or an existing business that is not the left group's target.
- `unique_id` values of `new` are the caller's; they are shifted internally so they
  never collide with registry ids.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sinergi.linkage.clusters import CLUSTER_ID, cluster
from sinergi.linkage.copies import COPY_KEY, COPY_WEIGHT, copy_links
from sinergi.linkage.schema import ROW_ID

BUSINESS_ID = "business_id"
RECORD_ID = "record_id"
ACTION_ATTACH = "attach"
ACTION_NEW = "new"


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: >= high links automatically, < low never, between: review."""

    low: float = 0.5
    high: float = 0.95

    def __post_init__(self) -> None:
        if not (0 < self.low <= self.high < 1):
            raise ValueError("thresholds must satisfy 0 < low <= high < 1")


@dataclass
class IncrementalResult:
    """What linking a batch produced.

    `records`: unique_id, group (Int64), business_id (Int64, null for a new business),
    action ("attach" | "new"), match_probability (the best evidence for the decision:
    the edge that attached it, or the best candidate below `high`; null when none).
    `review`: group_l, unique_id_l (the new record that carried the evidence),
    group_r (Int64 or null), business_id_r (Int64 or null), unique_id_r (the registry
    row or new record on the right), match_probability, match_weight, gamma_*, mw_*.
    `to_registry`/`within`: the scored pairs (registry side with business_id).
    """

    records: pl.DataFrame
    review: pl.DataFrame
    to_registry: pl.DataFrame
    within: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)


def link_new(
    new: pl.DataFrame,
    registry: pl.DataFrame,
    model: dict[str, Any],
    spec: dict[str, Any],
    thresholds: Thresholds,
    *,
    engine: str = "duckdb",
    registry_prior: float | None = None,
) -> IncrementalResult:
    """Link `new` (a `model.model_frame`) against `registry` and within itself.

    `registry_prior` replaces the model's prior for the new x registry step: there, a
    new record matches at most one registry business, so the chance that a random
    (new, registry) pair matches is about (share of new records already registered) /
    (registry size) — far smaller than inside one list at a million rows, and larger
    for a small registry. `registry_prior_for` gives the value used by the web app.

    `registry` holds the model-frame columns plus `business_id` (and optionally
    `record_id`); its blocking keys must have been capped over the registry itself
    (`model.model_frame` on the whole registry), which is what the cached frame holds.
    """
    from sinergi.linkage.model.link import link_between
    from sinergi.linkage.model.scoring import score

    columns = model_columns(spec)
    registry, new = (
        f if COPY_KEY in f.columns else f.with_columns(pl.lit(None, pl.Utf8).alias(COPY_KEY))
        for f in (registry, new)
    )

    timings: dict[str, float] = {}
    t = time.perf_counter()
    offset = (int(registry[ROW_ID].max()) + 1) if registry.height else 0  # type: ignore[arg-type]
    shifted = new.with_columns(pl.col(ROW_ID) + offset)
    registry_model = model
    if registry_prior is not None:
        registry_model = {**model, "probability_two_random_records_match": registry_prior}
    to_registry = link_between(
        shifted,
        registry.select(columns),
        registry_model,
        spec,
        engine=engine,
        min_probability=thresholds.low,
    )
    side = registry.select(pl.col(ROW_ID).alias("unique_id_r"), pl.col(BUSINESS_ID).cast(pl.Int64))
    to_registry = to_registry.with_columns(pl.col("unique_id_l") - offset).join(
        side, on="unique_id_r", how="left"
    )
    to_registry = pl.concat(
        [_registry_copies(new, registry), to_registry], how="diagonal_relaxed"
    ).unique(["unique_id_l", "unique_id_r"], keep="first", maintain_order=True)
    timings["registry"] = time.perf_counter() - t

    t = time.perf_counter()
    if new.height >= 2:
        within = score(
            new.select(columns),
            engine=engine,
            model=model,
            spec=spec,
            min_probability=thresholds.low,
        ).pairs
        within = within.filter(pl.col("match_probability") >= thresholds.low)
        within = pl.concat(
            [copy_links(new[ROW_ID], new[COPY_KEY]), within], how="diagonal_relaxed"
        ).unique(["unique_id_l", "unique_id_r"], keep="first", maintain_order=True)
    else:
        within = to_registry.drop(BUSINESS_ID).head(0)
    timings["within"] = time.perf_counter() - t

    t = time.perf_counter()
    records, review = assign(new[ROW_ID], to_registry, within, thresholds)
    timings["assign"] = time.perf_counter() - t
    return IncrementalResult(records, review, to_registry, within, timings)


# Share of a new batch's records assumed to be in the registry already (see link_new).
REGISTERED_SHARE = 0.5
PRIOR_CEILING = 1e-4


def registry_prior_for(
    registry_rows: int, share: float = REGISTERED_SHARE, ceiling: float = PRIOR_CEILING
) -> float:
    """The new x registry prior for a registry of `registry_rows` rows (see link_new).

    Never above `ceiling` (the built-in model's prior): in a registry of a few rows the
    formula would make every pair look likely and linking eager.
    """
    return float(min(ceiling, max(1e-9, share / max(registry_rows, 1))))


def _registry_copies(new: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """Pairs (new record, registry row) with the same copy key, as certain links."""
    left = new.select(pl.col(ROW_ID).alias("unique_id_l"), COPY_KEY).drop_nulls(COPY_KEY)
    right = registry.select(
        pl.col(ROW_ID).alias("unique_id_r"), pl.col(BUSINESS_ID).cast(pl.Int64), COPY_KEY
    ).drop_nulls(COPY_KEY)
    return (
        left.join(right, on=COPY_KEY)
        .select(
            pl.col("unique_id_l").cast(pl.Int64),
            pl.col("unique_id_r").cast(pl.Int64),
            BUSINESS_ID,
            pl.lit(COPY_WEIGHT).alias("match_weight"),
            pl.lit(1.0).alias("match_probability"),
        )
        .sort("unique_id_l", "unique_id_r")
    )


def model_columns(spec: dict[str, Any]) -> list[str]:
    """The columns `model.model_frame` produces for `spec` (the fixed ones + capped keys)."""
    from sinergi.linkage.model.scoring import MODEL_COLUMNS

    return [*MODEL_COLUMNS, *spec.get("capped_keys", {})]


def _business_node(business_id: int) -> int:
    # Businesses are negative nodes so they never collide with new records' ids.
    return -business_id - 1


def _pair_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.startswith(("gamma_", "mw_"))]


def assign(
    new_ids: pl.Series | list[int],
    to_registry: pl.DataFrame,
    within: pl.DataFrame,
    thresholds: Thresholds,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decide each new record's business and the pairs a person must review.

    `to_registry`: unique_id_l (new), unique_id_r (registry row), business_id,
    match_probability, match_weight, gamma_*/mw_*. `within`: the same columns between
    new records (unique_id_l < unique_id_r), without business_id. See the module doc.
    """
    ids = [int(i) for i in new_ids]
    high = thresholds.high
    # One edge per (new record, business): the strongest row of that business.
    by_business = (
        to_registry.sort(["match_weight", "unique_id_r"], descending=[True, False])
        .unique(["unique_id_l", BUSINESS_ID], keep="first", maintain_order=True)
        .with_columns(
            (-pl.col(BUSINESS_ID) - 1).alias("_node")  # see _business_node
        )
    )
    base = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    edges = pl.concat(
        [
            by_business.select(
                "unique_id_l",
                pl.col("_node").alias("unique_id_r"),
                "match_weight",
                "match_probability",
                *_pair_columns(to_registry),
            ),
            within.select(*base, *_pair_columns(within)),
        ],
        how="diagonal_relaxed",
    ).with_columns(pl.col("unique_id_l").cast(pl.Int64), pl.col("unique_id_r").cast(pl.Int64))
    nodes = sorted(set(ids) | set(by_business["_node"].to_list()))
    comps = cluster(nodes, edges, high).clusters
    component = dict(zip(comps[ROW_ID].to_list(), comps[CLUSTER_ID].to_list(), strict=True))

    # Per component: its target business = the one with the strongest edge >= high.
    strong = edges.filter((pl.col("match_probability") >= high) & (pl.col("unique_id_r") < 0))
    target: dict[str, int] = {}
    best_w: dict[str, float] = {}
    for ul, node, w in strong.select("unique_id_l", "unique_id_r", "match_weight").iter_rows():
        comp = component[ul]
        if component.get(node) != comp:
            continue  # refused by the cannot-link guard
        if comp not in best_w or w > best_w[comp]:
            best_w[comp], target[comp] = w, -node - 1

    groups: dict[str, int] = {}
    for uid in ids:  # ids in input order -> group numbers stable for the same input
        groups.setdefault(component[uid], len(groups))

    best = _best_evidence(ids, edges, component, target, high)
    records = pl.DataFrame(
        {
            ROW_ID: pl.Series(ids, dtype=pl.Int64),
            "group": pl.Series([groups[component[u]] for u in ids], dtype=pl.Int64),
            BUSINESS_ID: pl.Series([target.get(component[u]) for u in ids], dtype=pl.Int64),
            "action": [ACTION_ATTACH if component[u] in target else ACTION_NEW for u in ids],
            "match_probability": pl.Series([best.get(u) for u in ids], dtype=pl.Float64),
        }
    ).sort(ROW_ID)
    review = _review_pairs(edges, to_registry, component, groups, target, thresholds)
    return records, review


def _best_evidence(
    ids: list[int],
    edges: pl.DataFrame,
    component: dict[int, str],
    target: dict[str, int],
    high: float,
) -> dict[int, float]:
    """Per record: its strongest edge to its own target (attach) or to any business."""
    out: dict[int, float] = {}
    rows = edges.select("unique_id_l", "unique_id_r", "match_probability").iter_rows()
    for ul, ur, p in rows:
        for uid, other in ((ul, ur), (ur, ul)):
            if uid < 0 or uid not in component:
                continue
            comp = component[uid]
            if comp in target:
                ok = other == _business_node(target[comp]) or (
                    other >= 0 and component.get(other) == comp and p >= high
                )
            else:
                ok = other < 0
            if ok and p > out.get(uid, -1.0):
                out[uid] = p
    return {k: v for k, v in out.items() if not math.isnan(v)}


def _review_pairs(
    edges: pl.DataFrame,
    to_registry: pl.DataFrame,
    component: dict[int, str],
    groups: dict[str, int],
    target: dict[str, int],
    thresholds: Thresholds,
) -> pl.DataFrame:
    """Pairs in [low, high) (and >= high pairs the clustering left apart, except
    cannot-link refusals) between different targets, strongest per target pair."""
    pair_cols = _pair_columns(edges)
    rows: list[dict[str, Any]] = []
    # The registry row behind each (record, business) edge, for the evidence shown.
    row_of = {
        (ul, _business_node(b)): ur
        for ul, ur, b in to_registry.sort("match_weight", descending=True)
        .unique(["unique_id_l", BUSINESS_ID], keep="first")
        .select("unique_id_l", "unique_id_r", BUSINESS_ID)
        .iter_rows()
    }
    for e in edges.filter(pl.col("match_probability") >= thresholds.low).iter_rows(named=True):
        ul, ur = e["unique_id_l"], e["unique_id_r"]
        comp_l = component[ul]
        left_target = target.get(comp_l)
        if ur < 0:
            business = -ur - 1
            if business == left_target:
                continue
            if e["match_probability"] >= thresholds.high and component.get(ur) != comp_l:
                continue  # a cannot-link refusal: the engine's guard already said "two"
            right = {"group_r": None, BUSINESS_ID + "_r": business, "unique_id_r": row_of[(ul, ur)]}
        else:
            comp_r = component[ur]
            if comp_r == comp_l:
                continue
            if target.get(comp_r) is not None and target.get(comp_r) == left_target:
                continue
            if e["match_probability"] >= thresholds.high:
                continue  # refused by the cannot-link guard
            right = {"group_r": groups[comp_r], BUSINESS_ID + "_r": None, "unique_id_r": ur}
        rows.append(
            {
                "group_l": groups[comp_l],
                "unique_id_l": ul,
                **right,
                "match_probability": e["match_probability"],
                "match_weight": e["match_weight"],
                **{c: e[c] for c in pair_cols},
            }
        )
    schema: dict[str, Any] = {
        "group_l": pl.Int64,
        "unique_id_l": pl.Int64,
        "group_r": pl.Int64,
        BUSINESS_ID + "_r": pl.Int64,
        "unique_id_r": pl.Int64,
        "match_probability": pl.Float64,
        "match_weight": pl.Float64,
        **{c: edges.schema[c] for c in pair_cols},
    }
    frame = pl.DataFrame(rows, schema=schema)
    # One pair per (left group, right target), the strongest; symmetric duplicates of
    # two new groups collapse to the lower group on the left.
    key_r = pl.coalesce(
        pl.lit("g") + pl.col("group_r").cast(pl.Utf8),
        pl.lit("b") + pl.col(BUSINESS_ID + "_r").cast(pl.Utf8),
    )
    return (
        frame.with_columns(key_r.alias("_key"))
        .sort(["match_weight", "unique_id_l", "unique_id_r"], descending=[True, False, False])
        .unique(["group_l", "_key"], keep="first", maintain_order=True)
        .drop("_key")
        .sort(["group_l", "match_probability"], descending=[False, True])
    )


def apply_labels(
    model: dict[str, Any],
    labels: pl.DataFrame,
    *,
    pseudo_count: float = 50.0,
) -> dict[str, Any]:
    """Blend m probabilities with what people decided in review.

    `labels` holds gamma_<comparison> columns (the levels stored with each reviewed
    pair) and a boolean `is_match`. For every comparison, the share of "same business"
    pairs at each level is an estimate of m from labels; it is mixed with the model's
    m as if the model's value were backed by `pseudo_count` pairs, so a handful of
    decisions nudge the model and hundreds dominate it. "Different business" labels do
    not estimate m (u is already learnt from random pairs); they stay cannot-link pairs.
    Pinned levels (`fix_m_probability`, the hard negatives) are left alone. Returns a
    new model; the input is not changed.
    """
    import json

    out = json.loads(json.dumps(model))
    matches = labels.filter(pl.col("is_match")) if labels.height else labels
    if matches.height == 0:
        return out
    for comp in out["comparisons"]:
        col = f"gamma_{comp['output_column_name']}"
        if col not in matches.columns:
            continue
        seen = matches[col].drop_nulls()
        seen = seen.filter(seen >= 0)
        n = seen.len()
        if n == 0:
            continue
        counts = seen.value_counts()
        by_gamma = dict(zip(counts[col].to_list(), counts["count"].to_list(), strict=True))
        non_null = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for i, lv in enumerate(non_null):
            if lv.get("fix_m_probability"):
                continue
            gamma = len(non_null) - 1 - i
            m_label = by_gamma.get(gamma, 0) / n
            m_model = float(lv.get("m_probability") or 0.0)
            lv["m_probability"] = (n * m_label + pseudo_count * m_model) / (n + pseudo_count)
    return out


def weights_of(pair: dict[str, Any], comparisons: list[str]) -> dict[str, dict[str, float]]:
    """{comparison: {"gamma": g, "weight": w}} for the comparisons a pair has values for."""
    out: dict[str, dict[str, float]] = {}
    for name in comparisons:
        g = pair.get(f"gamma_{name}")
        if g is None:
            continue
        w = pair.get(f"mw_{name}")
        out[name] = {"gamma": int(g), "weight": float(w or 0.0)}
    return out
