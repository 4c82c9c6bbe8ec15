"""Splink settings from the spec (`model_settings.json`): comparisons, levels, blocking.

Pure construction, no data: `build_settings` turns the spec into Splink 5 settings for
any engine; `regularise` and `builtin_model` shape trained (or shipped) parameters.
`sinergi.linkage.model.scoring` re-exports what callers need.
"""

from __future__ import annotations

import json
from typing import Any

from sinergi.linkage.schema import ROW_ID


def _null_sql(comp: dict[str, Any]) -> str:
    if "null_sql" in comp:
        return comp["null_sql"]
    cols = comp["null_when_any_null"]
    return " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols)


def _level(level: dict[str, Any]) -> Any:
    import splink.comparison_level_library as cll

    kind = level["kind"]
    if kind == "exact":
        lv = cll.ExactMatchLevel(level["column"], term_frequency_adjustments=level.get("tf", False))
    elif kind == "jaro_winkler":
        lv = cll.JaroWinklerLevel(level["column"], level["threshold"])
    elif kind == "damerau":
        lv = cll.DamerauLevenshteinLevel(level["column"], level["max"])
    elif kind == "levenshtein":
        # ~8x faster than Damerau in DuckDB; at 8M scored pairs that is a minute.
        lv = cll.LevenshteinLevel(level["column"], level["max"])
    elif kind == "array_overlap":
        lv = cll.ArrayIntersectLevel(level["column"], 1)
    elif kind == "all_equal":
        lv = cll.And(*[cll.ExactMatchLevel(c) for c in level["columns"]])
    elif kind == "sql":
        lv = cll.CustomLevel(level["sql"], base_dialect_str="duckdb")
    elif kind == "distance_km":
        # Splink's haversine level: the same SQL on DuckDB and Spark.
        lv = cll.DistanceInKMLevel(level["lat"], level["lng"], level["km"])
    elif kind == "suffix_after_form":
        lv = cll.CustomLevel(suffix_after_form_sql(level["column"]), base_dialect_str="duckdb")
    else:
        raise ValueError(f"unknown comparison level kind {kind!r}")
    return lv.configure(label_for_charts=level["label"])


def suffix_after_form_sql(col: str) -> str:
    """SQL: one key is the other plus a misspelt shop/legal form in front.

    "benngkelrejeki" vs "rejeki": the normaliser strips "bengkel" but not "benngkel".
    Only a prefix within one typo of a known form counts (a slip, or two neighbouring
    letters swapped: "took" for "toko", "deopt" for "depot", which Levenshtein counts as
    two); "wedangeko" vs "eko" (two businesses of Eko) does not, so the hard negative
    still separates them.
    """
    from sinergi.linkage.normalize.business import FORMS

    forms = sorted({f.replace(" ", "") for f in FORMS if len(f.replace(" ", "")) >= 4})
    swapped = sorted(
        {f[:i] + f[i + 1] + f[i] + f[i + 2 :] for f in forms for i in range(len(f) - 1)}
        - set(forms)
    )

    def one_side(a: str, b: str) -> str:
        prefix = f"left({a}, length({a}) - length({b}))"
        near = " OR ".join(f"levenshtein({prefix}, '{f}') <= 1" for f in forms)
        near += f" OR {prefix} IN ({', '.join(repr(s) for s in swapped)})"
        return (
            f"(length({b}) >= 3 AND length({a}) > length({b}) "
            f"AND right({a}, length({b})) = {b} AND ({near}))"
        )

    return f"{one_side(col + '_l', col + '_r')} OR {one_side(col + '_r', col + '_l')}"


def _comparison(comp: dict[str, Any], params: list[dict[str, Any]] | None) -> Any:
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    null = cll.CustomLevel(_null_sql(comp), base_dialect_str="duckdb").configure(
        is_null_level=True, label_for_charts=f"{comp['name']}: tidak diketahui / unknown"
    )
    levels = [_level(lv) for lv in comp["levels"]]
    other = cll.ElseLevel().configure(label_for_charts=comp.get("else_label", "berbeda"))
    if "else_fix_m" in comp:
        # A hard negative: two clearly different business names mean two businesses,
        # even when NIK, name, phone and address all say "same owner". Those agree
        # together (they describe one person), so their weights add up to ~60 bits;
        # the pinned m gives the business name a weight that can outvote them, and the
        # waterfall shows why the pair was refused.
        other.configure(m_probability=comp["else_fix_m"], fix_m_probability=True)
    non_null = [*levels, other]
    for lv, m in zip(non_null, starting_m(comp), strict=True):
        if m is not None:
            lv.configure(m_probability=m)
    if params is not None:
        for lv, p in zip(non_null, params, strict=True):
            kw = {k: p[k] for k in ("m_probability", "u_probability") if p.get(k) is not None}
            if kw:
                lv.configure(**kw)
    return CustomComparison(
        output_column_name=comp["name"],
        comparison_levels=[null, *non_null],
        comparison_description=comp["name"],
    )


def starting_m(comp: dict[str, Any]) -> list[float | None]:
    """Starting m per non-null level (best level first, 'different' last).

    EM refines them; when EM cannot run (no training pairs, e.g. a file without NIKs),
    they are the model. A level may set its own `m`; by default the best level takes
    0.8, the partial levels share 0.15 and 'different' gets 0.05. A pinned level
    (`else_fix_m`) returns None: its m is set elsewhere.
    """
    levels = comp["levels"]
    partial = 0.15 / max(len(levels) - 1, 1)
    out: list[float | None] = [
        float(lv.get("m", 0.8 if i == 0 else partial)) for i, lv in enumerate(levels)
    ]
    out.append(None if "else_fix_m" in comp else float(comp.get("else_m", 0.05)))
    return out


def blocking_rules(spec: dict[str, Any], key: str = "blocking_rules") -> list[Any]:
    from splink import block_on

    return [block_on(*cols) for cols in spec[key]]


def build_settings(
    spec: dict[str, Any],
    trained: dict[str, Any] | None = None,
    probability_two_random_records_match: float = 1e-4,
) -> Any:
    """Splink settings from the spec; with `trained` (a saved model) its m/u values.

    Raises ValueError when `trained` was made from a different spec (other comparisons
    or levels), because copying parameters by position would then be wrong.
    """
    from splink import SettingsCreator

    params_by_comp: dict[str, list[dict[str, Any]]] = {}
    if trained is not None:
        trained = with_added_comparisons(spec, trained)
        _check_compatible(spec, trained)
        for comp in trained["comparisons"]:
            params_by_comp[comp["output_column_name"]] = [
                lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")
            ]
        probability_two_random_records_match = trained["probability_two_random_records_match"]
    comparisons = [_comparison(c, params_by_comp.get(c["name"])) for c in spec["comparisons"]]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=ROW_ID,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules(spec),
        probability_two_random_records_match=probability_two_random_records_match,
        # Keeping the matching columns would copy ~25 text columns per side into every
        # scored pair (15 GB at 1M rows); levels are recovered from the weights instead.
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=int(spec.get("training", {}).get("max_iterations", 20)),
    )


def with_added_comparisons(spec: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """A model saved before the spec gained a comparison (e.g. `distance`), with that
    comparison's built-in parameters put in its place; the model unchanged otherwise.

    A comparison the spec added weighs nothing on rows that lack its columns, so a stored
    model (the platform's, a `--model` file) keeps working after an upgrade instead of
    being refused as made from another spec.
    """
    have = {c["output_column_name"] for c in trained.get("comparisons", [])}
    missing = [c["name"] for c in spec["comparisons"] if c["name"] not in have]
    if not missing:
        return trained
    builtin = {
        c["output_column_name"]: c
        for c in builtin_model(spec, trained["probability_two_random_records_match"])["comparisons"]
    }
    stored = {c["output_column_name"]: c for c in trained.get("comparisons", [])}
    order = [c["name"] for c in spec["comparisons"]] + [n for n in stored if n not in builtin]
    return {**trained, "comparisons": [stored.get(n) or builtin[n] for n in order]}


def _check_compatible(spec: dict[str, Any], trained: dict[str, Any]) -> None:
    want = [(c["name"], len(c["levels"]) + 1) for c in spec["comparisons"]]
    got = [
        (
            c["output_column_name"],
            sum(1 for lv in c["comparison_levels"] if not lv.get("is_null_level")),
        )
        for c in trained.get("comparisons", [])
    ]
    if want != got:
        raise ValueError(
            "model tidak cocok dengan pengaturan model ini / the model was trained with "
            f"different comparisons: expected {want}, got {got}"
        )


def builtin_model(spec: dict[str, Any], prior: float) -> dict[str, Any]:
    """A Splink-model-shaped dict from the spec's `builtin_parameters` (m, u per level).

    Levels without shipped values fall back to their starting m and a u of 0.01
    ('different' levels: 0.9), which `regularise` then bounds like any model.
    """
    shipped = spec.get("builtin_parameters", {})
    comparisons = []
    for comp in spec["comparisons"]:
        params = shipped.get(comp["name"], [])
        levels: list[dict[str, Any]] = [{"is_null_level": True}]
        ms = starting_m(comp)
        for i, m in enumerate(ms):
            is_else = i == len(ms) - 1
            m_u = params[i] if i < len(params) else [m, 0.9 if is_else else 0.01]
            level: dict[str, Any] = {"m_probability": m_u[0], "u_probability": m_u[1]}
            if is_else and "else_fix_m" in comp:
                level.update(m_probability=comp["else_fix_m"], fix_m_probability=True)
            levels.append(level)
        comparisons.append({"output_column_name": comp["name"], "comparison_levels": levels})
    return {"probability_two_random_records_match": prior, "comparisons": comparisons}


def regularise(model: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Bound every level's m and u from below; fill levels training never saw.

    Unsupervised EM drives m of a 'different' level towards 0 when the training sample
    happens to hold no matching pair there, which would make one typo in a phone number
    veto a match with a weight of -60. Flooring m (and u) caps any single piece of
    evidence at log2(1 / floor) bits. Levels with a pinned m (hard negatives) keep it.
    Idempotent: regularising a regularised model changes nothing.
    """
    tr = spec.get("training", {})
    m_floor = float(tr.get("m_floor", 1e-3))
    u_floor = float(tr.get("u_floor", 1e-5))
    out = json.loads(json.dumps(model))
    for comp in out["comparisons"]:
        for lv in comp["comparison_levels"]:
            if lv.get("is_null_level"):
                continue
            if not lv.get("fix_m_probability"):
                m = lv.get("m_probability")
                lv["m_probability"] = max(m if isinstance(m, (int, float)) else 0.0, m_floor)
            u = lv.get("u_probability")
            lv["u_probability"] = max(u if isinstance(u, (int, float)) else 0.0, u_floor)
    return out
