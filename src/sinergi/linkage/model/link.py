"""Linking two collections of records without linking either to itself (link-only).

`sinergi screen` needs "which rows of a proposed aid list are the same person as a row
of that other list" (aid already paid, civil servants, the deceased, ...), never the
pairs inside the other list. This module does that with the same Splink model as
`dedupe` (comparisons, blocking rules and a trained model from `model.py`), through
Splink 5's `predict_between`, and adds the two polars steps that keep it fast at a
million reference rows:

- `exact_pairs`: the same 16-digit NIK on both sides is a join, not a Splink job;
- `prefilter`: a reference row can only become a Splink candidate when it shares the
  exact values of some blocking rule with a left row, so rows that share none are
  dropped before the expensive normalisation and scoring (a semi-join per rule).

Invariants:
- `unique_id` values of the two sides must not overlap (the caller offsets them); pairs
  always have the left row in `unique_id_l` and the right row in `unique_id_r`.
- Nothing here reads or writes files; the same inputs give the same pairs, ordered by
  (unique_id_l, unique_id_r).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import polars as pl

from sinergi.linkage.model.engines import make_db_api, register_frame
from sinergi.linkage.model.scoring import (
    blocking_rules,
    build_settings,
    count_training_pairs,
    estimate_prior,
    regularise,
    train,
)
from sinergi.linkage.schema import ROW_ID

# Comparison columns whose exact level uses term-frequency adjustment (model_settings.json
# "tf": true). predict_between needs their frequency tables registered up front.
TF_COLUMNS: tuple[str, ...] = ("name_key", "business_key")


def exact_pairs(left: pl.DataFrame, right: pl.DataFrame, key: str = "nik_full") -> pl.DataFrame:
    """(unique_id_l, unique_id_r) of rows with the same non-null `key`, in id order."""
    lk = left.select(pl.col(ROW_ID).alias("unique_id_l"), pl.col(key)).drop_nulls(key)
    rk = right.select(pl.col(ROW_ID).alias("unique_id_r"), pl.col(key)).drop_nulls(key)
    return (
        lk.join(rk, on=key, how="inner")
        .select("unique_id_l", "unique_id_r")
        .sort(["unique_id_l", "unique_id_r"])
    )


def rule_columns(spec: dict[str, Any]) -> list[list[str]]:
    """The prediction blocking rules of the spec as lists of model-frame columns."""
    return [list(cols) for cols in spec["blocking_rules"]]


def prefilter(
    left_model: pl.DataFrame, right_model: pl.DataFrame, spec: dict[str, Any]
) -> pl.Series:
    """Boolean mask over `right_model`: rows that share some blocking rule's values.

    Both frames are `model.model_frame` outputs (or have the rule columns). Blocking on
    rule R pairs two rows exactly when every column of R is equal and non-null, so a
    right row outside every per-rule semi-join can never be paired: dropping it loses
    nothing that these columns could find.
    """
    mask = pl.Series("keep", [False] * right_model.height, dtype=pl.Boolean)
    for cols in rule_columns(spec):
        present = [c for c in cols if c in left_model.columns and c in right_model.columns]
        if len(present) != len(cols):
            continue
        keys = left_model.select(cols).drop_nulls().unique()
        if keys.height == 0:
            continue
        hit = (
            right_model.select(cols)
            .with_row_index("_i")
            .drop_nulls(cols)
            .join(keys, on=cols, how="semi")["_i"]
        )
        if hit.len():
            mask = mask.scatter(hit, True)
    return mask


# Below this many rows, random-pair u estimates and EM are noise (a 40-row list has 780
# pairs); `default_model` is used instead.
MIN_TRAINING_ROWS = 1_000
# Chance that two different people agree on the best level of each comparison, as seen
# in Indonesian lists; each further (weaker) level is 3x more common. Used only by
# `default_model`.
DEFAULT_U: dict[str, float] = {
    "nik": 1e-6,
    "owner_name": 1e-3,
    "business_name": 1e-3,
    "phone": 1e-5,
    "address": 1e-4,
    "rt_rw": 1e-2,
    "region": 1e-3,
    "birth_date": 1e-4,
    "sector": 1e-2,
    "nib": 1e-6,
    "email": 1e-6,
    "npwp": 1e-6,
}
DEFAULT_PRIOR = 1e-4


def default_model(spec: dict[str, Any]) -> dict[str, Any]:
    """A model for inputs too small to train on: the spec's starting m values and u
    values from DEFAULT_U (best level u, each weaker level 3x u, 'different' takes the
    rest). Deterministic; regularised like a trained model.

    Not `model.builtin_model`: its values were learnt on lists whose rows almost always
    name their village, so "same regency, village unknown" weighs against a match
    there, while small aid lists often give only a street and a regency."""
    settings = build_settings(spec, probability_two_random_records_match=DEFAULT_PRIOR)
    model = settings.get_settings("duckdb").as_dict()
    for comp in model["comparisons"]:
        base = DEFAULT_U.get(comp["output_column_name"], 1e-3)
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        used = 0.0
        for i, lv in enumerate(levels[:-1]):
            lv["u_probability"] = min(base * 3**i, 0.2)
            used += lv["u_probability"]
        levels[-1]["u_probability"] = max(1.0 - used, 0.5)
    return regularise(model, spec)


def train_model(
    frame: pl.DataFrame,
    spec: dict[str, Any],
    *,
    engine: str = "duckdb",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train the model on `frame` (a model frame) exactly as `model.score` does, without
    scoring: prior from near-certain rules, u by random sampling, m by EM. Returns the
    regularised model dict (a saved-model JSON). Frames under MIN_TRAINING_ROWS get
    `default_model(spec)`."""
    from splink import Linker

    from sinergi.linkage.model.scoring import quiet_splink

    if frame.height < MIN_TRAINING_ROWS:
        return default_model(spec)
    quiet_splink()
    db_api = make_db_api(engine)
    sdf = register_frame(db_api, frame, f"sinergi_train_{uuid.uuid4().hex[:8]}")
    prior_pairs, em_pairs = count_training_pairs(sdf, spec)
    prior = estimate_prior(sdf, spec, frame.height, found=prior_pairs)
    settings = build_settings(spec, probability_two_random_records_match=prior)
    linker = Linker(sdf, settings, log_level=None, validate_settings=False)
    train(linker, spec, progress, sdf=sdf, n_rows=frame.height, em_pairs=em_pairs)
    return regularise(linker.misc.save_model_to_json(), spec)


def _tf_table(sources: list[pl.DataFrame], col: str, every: list[pl.DataFrame]) -> pl.DataFrame:
    """Relative frequency of each value of `col` in `sources`, for every value that occurs
    in `every` too (a value unseen in the sources counts as seen once)."""
    values = pl.concat([f.select(pl.col(col).cast(pl.Utf8)) for f in sources]).drop_nulls()
    total = max(values.height, 1)
    counts = values.group_by(col).len()
    universe = (
        pl.concat([f.select(pl.col(col).cast(pl.Utf8)) for f in (*every, *sources)])
        .drop_nulls()
        .unique()
    )
    return universe.join(counts, on=col, how="left").select(
        pl.col(col), (pl.col("len").fill_null(1) / total).alias(f"tf_{col}")
    )


def _pair_columns(present: set[str], spec: dict[str, Any]) -> list[str]:
    cols = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for c in spec["comparisons"]:
        name = c["name"]
        cols += [x for x in (f"mw_{name}", f"mw_tf_adj_{name}") if x in present]
    return cols


def link_between(
    left: pl.DataFrame,
    right: pl.DataFrame,
    model: dict[str, Any],
    spec: dict[str, Any],
    *,
    engine: str = "duckdb",
    min_probability: float = 0.5,
    tf_frames: list[pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Score the blocked pairs between `left` and `right` (model frames) with `model`.

    Term frequencies come from `tf_frames` (default: both sides). Pass an unbiased
    sample when `right` was pre-filtered to rows sharing names with `left`, or common
    names would look rarer than they are.

    Returns unique_id_l (a left row), unique_id_r (a right row), match_weight,
    match_probability and per comparison gamma_<name> / mw_<name>, for pairs at or
    above `min_probability`. An empty side gives an empty frame with those columns.
    """
    from splink import Linker

    from sinergi.linkage.model.scoring import quiet_splink

    quiet_splink()
    if left.height == 0 or right.height == 0:
        return _empty_pairs(spec)
    overlap = left.select(ROW_ID).join(right.select(ROW_ID), on=ROW_ID, how="semi").height
    if overlap:
        raise ValueError("link_between: unique_id values of the two sides overlap")
    db_api = make_db_api(engine)
    tag = uuid.uuid4().hex[:8]
    sdf_l = register_frame(db_api, left, f"sinergi_left_{tag}")
    sdf_r = register_frame(db_api, right, f"sinergi_right_{tag}")
    model = regularise(model, spec)
    settings = build_settings(spec, trained=model)
    linker = Linker(sdf_l, settings, log_level=None, validate_settings=False)
    sources = tf_frames if tf_frames is not None else [left, right]
    for col in TF_COLUMNS:
        if col in left.columns and col in right.columns:
            usable = [f for f in sources if col in f.columns]
            table = _tf_table(usable, col, [left, right])
            tf = register_frame(db_api, table, f"tf_{col}_{tag}")
            linker.table_management.register_term_frequency_lookup(tf, col)
    predictions = linker.inference.predict_between(
        sdf_l,
        sdf_r,
        blocking_rules_to_generate_predictions=blocking_rules(spec),
        threshold_match_probability=min_probability,
        warning_mode="never",
    )
    present = {c.unquote().name for c in predictions.columns}
    kept = predictions.query_sql(f"SELECT {', '.join(_pair_columns(present, spec))} FROM {{this}}")
    pairs = pl.from_arrow(kept.as_pyarrow_table())
    assert isinstance(pairs, pl.DataFrame)
    if pairs.height == 0:
        return _empty_pairs(spec)
    # Levels are read back from the weights, as `score` does (Splink emits gamma columns
    # only with copies of every compared column).
    from sinergi.linkage.model.scoring import tidy_pairs

    return tidy_pairs(pairs, spec, model)


def _empty_pairs(spec: dict[str, Any]) -> pl.DataFrame:
    schema: dict[str, Any] = {
        "unique_id_l": pl.Int64,
        "unique_id_r": pl.Int64,
        "match_weight": pl.Float64,
        "match_probability": pl.Float64,
    }
    for c in spec["comparisons"]:
        schema[f"gamma_{c['name']}"] = pl.Int8
        schema[f"mw_{c['name']}"] = pl.Float64
    return pl.DataFrame(schema=schema)
