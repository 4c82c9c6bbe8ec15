"""The Splink model: settings built from `model/settings.json`, trained unsupervised, scored.

The comparisons and blocking rules are data (`model/settings.json`); this module turns
them into Splink 5 settings for the chosen engine, trains the m/u parameters without
labels, and scores the blocked candidate pairs.

Invariants:
- Training cost does not grow with the data: u is estimated on a fixed number of
  random pairs, EM on a bounded sample of blocked pairs, both with a fixed seed, so the
  same input gives the same model and the same scores.
- A saved model is a plain Splink model JSON. Loading it for a run rebuilds the
  settings from the spec for the run's engine and copies the trained m/u values by
  position, so a model trained on DuckDB scores on Spark too.
- Blocking on a single identifier (NIK, phone, NIB, email) uses a capped copy of it:
  a value shared by more than `blocking_key_max_rows` rows (a field assistant's phone
  typed for every business they registered, a placeholder NIK) is not a blocking key,
  because one such value alone would create millions of pairs.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage.disk_cache import digest, load_bytes, store_bytes
from sinergi.linkage.model.engines import make_db_api, register_frame
from sinergi.linkage.model.frame import INPUT_TABLE, MODEL_COLUMNS, load_spec, model_frame
from sinergi.linkage.model.levels import level_parameters
from sinergi.linkage.model.settings import (  # re-exported: the model's public surface
    blocking_rules,
    build_settings,
    builtin_model,
    regularise,
    starting_m,
    suffix_after_form_sql,
)
from sinergi.linkage.schema import ROW_ID

Progress = Callable[[str], None]

__all__ = [
    "MODEL_COLUMNS",
    "Scored",
    "blocking_rules",
    "build_settings",
    "builtin_model",
    "count_blocked_pairs",
    "count_training_pairs",
    "estimate_prior",
    "keep_pairs_sql",
    "load_model",
    "load_spec",
    "model_frame",
    "regularise",
    "save_model",
    "score",
    "starting_m",
    "suffix_after_form_sql",
    "train",
]


@dataclass
class Scored:
    """What one scoring run produced.

    `pairs` holds unique_id_l < unique_id_r, match_weight, match_probability, and per
    comparison `gamma_<name>` (level index, -1 = unknown, 0 = the 'different' level)
    and `mw_<name>` (its weight, term-frequency adjustment included).
    """

    pairs: pl.DataFrame
    model: dict[str, Any]
    trained: bool
    blocking: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # True when the input was too small to train and the spec's built-in m/u were used.
    builtin: bool = False


_EXACT_CACHE = "splink-exact-levels"


def _exact_answers_key() -> str:
    import splink
    import sqlglot

    return digest(
        "exact-levels/1",
        str(getattr(splink, "__version__", "?")),
        str(getattr(sqlglot, "__version__", "?")),
    )


def _load_exact_answers() -> dict[str, list[Any]]:
    raw = load_bytes(_EXACT_CACHE, _exact_answers_key())
    try:
        answers = json.loads(raw) if raw else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return answers if isinstance(answers, dict) else {}


def _memoise_exact_match() -> None:
    """Remember Splink's answers to "is this level an exact match, on which columns?"
    per (SQL, dialect), in this process and in the per-machine cache (`disk_cache`).

    Each EM session asks them of every level of every comparison, parsing and
    simplifying the level's SQL with sqlglot each time; the answers depend only on the
    SQL and on the Splink and sqlglot versions (the cache key). Only an answer Splink
    gave is stored, so the cached run asks the same questions and gets the same
    answers. If Splink changes the properties, they are left alone.
    """
    try:
        from splink.internals.comparison_level import ComparisonLevel
    except ImportError:  # pragma: no cover - another Splink layout
        return
    is_exact = ComparisonLevel.__dict__.get("_is_exact_match")
    colnames = ComparisonLevel.__dict__.get("_exact_match_colnames")
    if not isinstance(is_exact, property) or not isinstance(colnames, property):
        return
    if getattr(is_exact.fget, "memoised", False):
        return
    answers = _load_exact_answers()

    def key(level: Any) -> str:
        return json.dumps([level._is_else_level, level.sql_condition, str(level.sqlglot_dialect)])

    def remember(k: str, slot: int, value: Any) -> None:
        entry = answers.setdefault(k, [None, None])
        entry[slot] = value
        store_bytes(_EXACT_CACHE, _exact_answers_key(), json.dumps(answers).encode())

    def is_exact_match(level: Any) -> bool:
        k = key(level)
        got = answers.get(k, [None, None])[0]
        if got is None:
            got = bool(is_exact.fget(level))
            remember(k, 0, got)
        return got

    def exact_match_colnames(level: Any) -> list[str]:
        # Splink raises for a level that is not an exact match: not cached, asked again.
        k = key(level)
        got = answers.get(k, [None, None])[1]
        if got is None:
            got = list(colnames.fget(level))
            remember(k, 1, got)
        return list(got)

    is_exact_match.memoised = True  # type: ignore[attr-defined]
    is_exact_match.splink = is_exact.fget  # type: ignore[attr-defined]
    exact_match_colnames.splink = colnames.fget  # type: ignore[attr-defined]
    ComparisonLevel._is_exact_match = property(is_exact_match)  # type: ignore[method-assign]
    ComparisonLevel._exact_match_colnames = property(exact_match_colnames)  # type: ignore[method-assign]


def quiet_splink() -> None:
    _memoise_exact_match()
    logging.getLogger("splink").setLevel(logging.ERROR)
    # Sampled blocking counts warn when a rule finds few pairs (email, NIB): expected
    # here, and --quiet must stay quiet.
    warnings.filterwarnings("ignore", message="The sampled blocking analysis", module="splink")


def count_rule_pairs(sdf: Any, rules: list[list[str]]) -> list[int]:
    """Pairs each exact rule (equal, non-null values in all its columns) finds, for
    several rules in ONE query over the input (one group-by per rule, UNION ALL).

    Two records are a pair of rule `cols` when they agree on every column of it, so a
    group of n rows holds n(n-1)/2 pairs: the same count as Splink's
    `count_comparisons_from_blocking_rules` for one `block_on(*cols)` rule in
    dedupe_only mode, without building a blocking analysis per rule.
    """
    if not rules:
        return []
    parts = []
    for i, cols in enumerate(rules):
        quoted = ", ".join(f'"{c}"' for c in cols)
        not_null = " AND ".join(f'"{c}" IS NOT NULL' for c in cols)
        parts.append(
            f"SELECT {i} AS k, CAST(COALESCE(SUM(n * (n - 1) / 2), 0) AS BIGINT) AS pairs "
            f"FROM (SELECT COUNT(*) AS n FROM {{this}} WHERE {not_null} GROUP BY {quoted}) g{i}"
        )
    rows = sdf.query_sql(" UNION ALL ".join(parts)).as_pyarrow_table()
    got = dict(zip(rows.column("k").to_pylist(), rows.column("pairs").to_pylist(), strict=True))
    return [int(got.get(i) or 0) for i in range(len(rules))]


def _union_rules(rules: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """Inclusion-exclusion terms for the pairs found by any of `rules`: the pairs of
    several exact rules at once are the pairs of the union of their columns. Returns
    (the rules to count, the sign of each)."""
    from itertools import combinations

    terms: list[list[str]] = []
    signs: list[int] = []
    for size in range(1, len(rules) + 1):
        for chosen in combinations(rules, size):
            cols = sorted({c for r in chosen for c in r})
            terms.append(cols)
            signs.append(1 if size % 2 else -1)
    return terms, signs


def count_training_pairs(sdf: Any, spec: dict[str, Any]) -> tuple[int, list[int]]:
    """(pairs found by any of the prior rules, pairs of each EM rule), in one query."""
    training = spec.get("training", {})
    prior_terms, signs = _union_rules([list(c) for c in training.get("prior_rules", [])])
    em_rules = [list(c) for c in training.get("em_rules", [])]
    counts = count_rule_pairs(sdf, prior_terms + em_rules)
    found = sum(s * n for s, n in zip(signs, counts[: len(prior_terms)], strict=True))
    return found, counts[len(prior_terms) :]


def estimate_prior(sdf: Any, spec: dict[str, Any], n_rows: int, found: int | None = None) -> float:
    """Probability that two random records match, from near-certain rules.

    Counts the pairs found by `training.prior_rules` (exact, e.g. the same 16-digit
    NIK) and divides by the number of possible pairs, corrected by the rules' assumed
    recall. Clamped so that a file with no identifiers still gets a usable prior.
    `found`: the prior rules' pairs when already counted (`count_training_pairs`).
    """
    training = spec.get("training", {})
    total = max(n_rows * (n_rows - 1) / 2, 1.0)
    if found is None:
        found = count_training_pairs(sdf, spec)[0]
    recall = float(training.get("prior_recall", 0.8))
    # At least one match per 10 rows' worth of pairs is assumed when nothing is found.
    prior = max(found / recall, n_rows / 10) / total
    return float(min(max(prior, 1e-9), 0.5))


def count_blocked_pairs(sdf: Any, spec: dict[str, Any], n_rows: int) -> list[dict[str, Any]]:
    """Pairs each prediction blocking rule adds (estimated on a sample for big inputs)."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    proportion = 1.0 if n_rows <= 200_000 else 0.1
    records = count_comparisons_from_blocking_rules(
        sdf,
        blocking_rules=blocking_rules(spec),
        link_type="dedupe_only",
        unique_id_column_name=ROW_ID,
        record_sample_proportion=proportion,
    )
    return [
        {
            "rule": r["blocking_rule"],
            "pairs": int(r["marginal_comparison_count"]),
            "cumulative": int(r["cumulative_comparison_count"]),
            "estimate": bool(r["is_estimate"]),
        }
        for r in records
    ]


def sample_size(training: dict[str, Any], kind: str, n_rows: int) -> float:
    """Pairs to sample for `kind` ("u": random pairs; "em": blocked pairs of one EM rule).

    `<kind>_pairs_per_row` pairs per input row, at least `u_min_pairs` / `em_min_sample`
    and at most `<kind>_max_pairs`: the sample, and so the training's cost, grows with
    the data up to a bound, and a small input does not pay for the big inputs' sample.
    Without a per-row figure (or the row count) the maximum is used.
    """
    most = float(training.get(f"{kind}_max_pairs", 2e6 if kind == "u" else 3e5))
    per_row = training.get(f"{kind}_pairs_per_row")
    if not n_rows or per_row is None:
        return most
    least = float(training.get("u_min_pairs" if kind == "u" else "em_min_sample", 1e5))
    return min(most, max(least, float(per_row) * n_rows))


def train(
    linker: Any,
    spec: dict[str, Any],
    progress: Progress | None = None,
    *,
    sdf: Any = None,
    n_rows: int = 0,
    em_pairs: list[int] | None = None,
) -> None:
    """Unsupervised training: u by random sampling, m by EM on bounded samples.

    `sdf` is the registered input (for counting each EM rule's pairs first), unless
    `em_pairs` gives those counts (`count_training_pairs`).
    """
    tr = spec.get("training", {})
    step = progress or (lambda _msg: None)
    step("estimasi u / estimating u")
    # One pass over the sampled pairs per comparison (num_chunks=1, no early stop):
    # Splink's default runs up to 10 chunked queries per comparison waiting for 100
    # observations of levels as rare as "same NIK", which never come. Same pairs,
    # same u (to the 3rd digit), 40 % less time.
    # Bounded by the data's size: u_pairs_per_row random pairs per row (at least
    # u_min_pairs, at most u_max_pairs); a 30k-row run samples 100k pairs, not 500k.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=sample_size(tr, "u", n_rows),
        seed=int(tr.get("seed", 42)),
        num_chunks=1,
        min_count_per_level=None,
    )
    from splink import block_on

    min_pairs = int(tr.get("em_min_pairs", 50))
    rules = [list(c) for c in tr.get("em_rules", [])]
    if em_pairs is None:
        em_pairs = count_rule_pairs(sdf, rules)
    for cols, found in zip(rules, em_pairs, strict=True):
        rule = block_on(*cols)
        # EM needs pairs to learn from; a file without NIKs has none for a NIK rule
        # (Splink raises on an empty rule): counted first.
        if found < min_pairs:
            step(f"EM dilewati / skipped: {'+'.join(cols)}")
            continue
        step(f"EM: {'+'.join(cols)}")
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            estimate_without_term_frequencies=True,
            max_pairs=sample_size(tr, "em", n_rows),
        )


def keep_pairs_sql(spec: dict[str, Any], min_probability: float) -> str:
    """Which scored pairs leave the engine.

    Pairs at or above `min_probability`, plus hard negatives: pairs that a
    hard-negative comparison (business name) pulled below it although the rest of the
    evidence says "same owner". Clustering needs those to keep businesses apart.
    """
    cond = [f"match_probability >= {min_probability!r}"]
    for c in spec["comparisons"]:
        if c.get("hard_negative"):
            # Half the pinned weight: no other level can fall this low (m is floored).
            limit = math.log2(c["else_fix_m"]) / 2
            h = c["name"]
            cond.append(f"(mw_{h} < {limit:.3f} AND match_weight - mw_{h} > 0)")
    return " OR ".join(cond)


def score(
    frame: pl.DataFrame,
    *,
    engine: str = "duckdb",
    model: dict[str, Any] | None = None,
    spec: dict[str, Any] | None = None,
    min_probability: float = 0.01,
    progress: Progress | None = None,
    db_api: Any = None,
) -> Scored:
    """Train (unless `model` is given) and score all blocked pairs of `frame`.

    `frame` is the output of `model_frame`. Returns pairs ordered by (unique_id_l,
    unique_id_r) so that every later step is deterministic.
    """
    import time

    from splink import Linker

    quiet_splink()
    spec = spec or load_spec()
    step = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    db_api = db_api or make_db_api(engine)
    # A fresh name per run: a Spark session outlives runs and keeps its tables.
    sdf = register_frame(db_api, frame, f"{INPUT_TABLE}_{uuid.uuid4().hex[:8]}")
    n = frame.height

    trained = model is None
    builtin = trained and n < int(spec.get("training", {}).get("min_rows", 200))
    if builtin:
        # Too few rows to learn from: random pairs would be full of true matches and EM
        # would have nothing to work on. Use the parameters shipped in the spec
        # (trained on the synthetic benchmark lists) with a prior for this data.
        model = builtin_model(spec, estimate_prior(sdf, spec, n))
        trained = False
    elif trained:
        t = time.perf_counter()
        # The prior's and the EM rules' pairs, counted in one query.
        prior_pairs, em_pairs = count_training_pairs(sdf, spec)
        prior = estimate_prior(sdf, spec, n, found=prior_pairs)
        settings = build_settings(spec, probability_two_random_records_match=prior)
        # validate_settings=False: the settings are built from our spec (tested); Splink's
        # check only logs unknown columns and costs most of a second per Linker.
        linker = Linker(sdf, settings, log_level=None, validate_settings=False)
        train(linker, spec, step, sdf=sdf, n_rows=n, em_pairs=em_pairs)
        # The training Linker scores too: its levels take the regularised m and u
        # (the same settings a second Linker built from the model would hold).
        _set_parameters(linker, regularise(linker.misc.save_model_to_json(), spec))
        timings["training"] = time.perf_counter() - t
    if not trained:
        # A saved or built-in model: the one Linker is built from it.
        model = regularise(model, spec)  # type: ignore[arg-type]
        linker = Linker(
            sdf, build_settings(spec, trained=model), log_level=None, validate_settings=False
        )
    # Re-read from Splink: a full model file (labels, SQL) whatever the source was.
    model = linker.misc.save_model_to_json()

    t = time.perf_counter()
    step("menilai pasangan / scoring pairs")
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    blocking = _blocking_counts(linker, blocked)
    timings["blocking"] = time.perf_counter() - t
    kept = _predict_kept(linker, blocked, spec, keep_pairs_sql(spec, min_probability))
    pairs = pl.from_arrow(kept.as_pyarrow_table())
    kept.drop_table_from_database_and_remove_from_cache()
    blocked.drop_table_from_database_and_remove_from_cache()
    timings["predict"] = time.perf_counter() - t
    pairs = tidy_pairs(pairs, spec, model)
    return Scored(
        pairs=pairs,
        model=model,
        trained=trained,
        blocking=blocking,
        timings=timings,
        builtin=builtin,
    )


def _set_parameters(linker: Any, model: dict[str, Any]) -> None:
    """Give a Linker's comparison levels the m and u of `model` (a saved model of the
    same settings), level by level, null levels excepted."""
    saved = {c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]}
    for comp in linker._settings_obj.comparisons:
        levels = [lv for lv in saved[comp.output_column_name] if not lv.get("is_null_level")]
        own = [lv for lv in comp.comparison_levels if not lv.is_null_level]
        for level, params in zip(own, levels, strict=True):
            level.m_probability = params["m_probability"]
            level.u_probability = params["u_probability"]


def _pair_columns(spec: dict[str, Any]) -> list[str]:
    """The prediction columns kept: ids, score, and each comparison's weight parts."""
    cols = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for c in spec["comparisons"]:
        name = c["name"]
        cols.append(f"mw_{name}")
        # Splink adds a term-frequency weight column only for comparisons with a TF level.
        if any(level.get("tf") for level in c["levels"]):
            cols.append(f"mw_tf_adj_{name}")
    return cols


def _blocking_counts(linker: Any, blocked: Any) -> list[dict[str, Any]]:
    """Pairs each prediction blocking rule adds, counted exactly on the blocked pairs.

    Splink tags every blocked pair with the first rule that found it (`match_key`), so
    one GROUP BY over the (id, id, key) table replaces a separate blocking analysis.
    """
    rows = blocked.query_sql(
        "SELECT CAST(match_key AS INTEGER) AS k, count(*) AS n FROM {this} GROUP BY 1"
    ).as_pyarrow_table()
    by_key = dict(zip(rows.column("k").to_pylist(), rows.column("n").to_pylist(), strict=True))
    rules = linker._settings_obj._blocking_rules_to_generate_predictions
    out: list[dict[str, Any]] = []
    cumulative = 0
    for i, rule in enumerate(rules):
        pairs = int(by_key.get(i, 0))
        cumulative += pairs
        out.append(
            {
                "rule": rule.blocking_rule_sql,
                "pairs": pairs,
                "cumulative": cumulative,
                "estimate": False,
            }
        )
    return out


def _predict_kept(linker: Any, blocked: Any, spec: dict[str, Any], where: str) -> Any:
    """Score the blocked pairs and keep only those matching `where`, inside the engine.

    `linker.inference.predict()` materialises every scored pair with ~30 columns (at
    1M rows: 8M pairs, gigabytes); here the filter and the column selection are the last
    step of the same SQL pipeline, so only kept pairs are ever stored. Built from the
    same Splink 5.0 functions `predict()` uses (splink is pinned to 5.0.*).
    """
    from splink.internals.comparison_vector_values import (
        compute_comparison_vector_values_from_id_pairs_sqls,
    )
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.predict import predict_from_comparison_vectors_sqls_using_settings
    from splink.internals.vertically_concatenate import enqueue_df_concat_with_tf

    settings = linker._settings_obj
    pipeline = CTEPipeline([blocked])
    enqueue_df_concat_with_tf(linker, pipeline)
    pipeline.enqueue_list_of_sqls(
        compute_comparison_vector_values_from_id_pairs_sqls(
            settings._columns_to_select_for_blocking,
            settings._columns_to_select_for_comparison_vector_values,
            input_tablename_l="__splink__df_concat_with_tf",
            input_tablename_r="__splink__df_concat_with_tf",
            source_dataset_input_column=settings.column_info_settings.source_dataset_input_column,
            unique_id_input_column=settings.column_info_settings.unique_id_input_column,
            link_type=settings._link_type,
            sql_dialect_str=linker._sql_dialect_str,
        )
    )
    pipeline.enqueue_list_of_sqls(predict_from_comparison_vectors_sqls_using_settings(settings))
    pipeline.enqueue_sql(
        f"SELECT {', '.join(_pair_columns(spec))} FROM __splink__df_predict WHERE {where}",
        "__sinergi_kept_pairs",
    )
    return linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)


def tidy_pairs(pairs: pl.DataFrame, spec: dict[str, Any], model: dict[str, Any]) -> pl.DataFrame:
    """Add each comparison's level (gamma), fold TF adjustments into its weight, sort.

    Splink only emits gamma columns together with copies of every compared column, so
    the level is read back from the weight: each level has its own constant weight
    log2(m/u), and the unknown level weighs 0.
    """
    weights = {name: sorted(levels.items()) for name, levels in _level_weights(model).items()}
    cols: list[pl.Expr] = [
        pl.col("unique_id_l").cast(pl.Int64),
        pl.col("unique_id_r").cast(pl.Int64),
        pl.col("match_weight").cast(pl.Float64),
        pl.col("match_probability").cast(pl.Float64),
    ]
    for comp in spec["comparisons"]:
        name = comp["name"]
        base = pl.col(f"mw_{name}").cast(pl.Float64).fill_null(0.0)
        gamma = pl.lit(-1, dtype=pl.Int8)
        for g, w in weights.get(name, []):
            gamma = pl.when((base - w).abs() < 1e-9).then(pl.lit(g, dtype=pl.Int8)).otherwise(gamma)
        total = base
        if f"mw_tf_adj_{name}" in pairs.columns:
            total = total + pl.col(f"mw_tf_adj_{name}").cast(pl.Float64).fill_null(0.0)
        cols += [gamma.alias(f"gamma_{name}"), total.alias(f"mw_{name}")]
    if pairs.height == 0:
        pairs = pairs.with_columns(pl.col(c).cast(pl.Float64) for c in pairs.columns)
    return pairs.select(cols).sort(["unique_id_l", "unique_id_r"])


def _level_weights(model: dict[str, Any]) -> dict[str, dict[int, float]]:
    """comparison -> gamma -> log2(m/u), the constant weight Splink gives the level."""
    out: dict[str, dict[int, float]] = {}
    for row in level_parameters(model):
        if row["weight"] is not None:
            out.setdefault(row["comparison"], {})[row["gamma"]] = row["weight"]
    return out


def save_model(model: dict[str, Any], path: str | Path) -> None:
    Path(path).write_text(json.dumps(model, indent=2, ensure_ascii=False), "utf-8")


def load_model(path: str | Path) -> dict[str, Any]:
    """Read a model written by `save_model`. Raises ValueError when it is not one."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{Path(path).name}: bukan model / not a model file ({exc})") from exc
    if not isinstance(data, dict) or "comparisons" not in data:
        raise ValueError(f"{Path(path).name}: bukan model Splink / not a Splink model file")
    return data
