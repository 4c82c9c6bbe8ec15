"""Reading a model's levels: prior weight, level labels and per-level parameters.

Used by the reports, pairs.csv, screening evidence and the review pages. A model saved in
the database keeps only m and u per level, not Splink's chart labels: the shipped spec's
labels fill them in.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from sinergi.linkage.model.frame import load_spec


def prior_weight(model: dict[str, Any]) -> float:
    """The starting weight of every pair: log2 of the prior odds of a match."""
    p = float(model["probability_two_random_records_match"])
    return math.log2(p / (1 - p))


@cache
def spec_level_labels() -> dict[tuple[str, int], str]:
    """{(comparison, gamma): label} from the shipped spec. A model saved in the database keeps
    only m and u per level, not Splink's chart labels: these fill them in."""
    out: dict[tuple[str, int], str] = {}
    for comp in load_spec()["comparisons"]:
        labels = [lv.get("label", "") for lv in comp["levels"]] + [comp.get("else_label", "")]
        for i, label in enumerate(labels):
            out[(comp["name"], len(labels) - 1 - i)] = label
    return out


def _label(lv: dict[str, Any], name: str, gamma: int) -> str:
    return lv.get("label_for_charts") or spec_level_labels().get((name, gamma), "")


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison -> gamma value -> label, for reports, pairs.csv and the review page."""
    out: dict[str, dict[int, str]] = {}
    for comp in model["comparisons"]:
        name = comp["output_column_name"]
        levels = comp["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        labels = {-1: "tidak diketahui"}
        for i, lv in enumerate(non_null):
            gamma = len(non_null) - 1 - i
            labels[gamma] = _label(lv, name, gamma)
        out[name] = labels
    return out


def level_parameters(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per comparison level: m, u and the Bayes-factor weight log2(m/u)."""
    rows: list[dict[str, Any]] = []
    for comp in model["comparisons"]:
        name = comp["output_column_name"]
        non_null = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for i, lv in enumerate(non_null):
            m, u = lv.get("m_probability"), lv.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            gamma = len(non_null) - 1 - i
            rows.append(
                {
                    "comparison": name,
                    "gamma": gamma,
                    "label": _label(lv, name, gamma),
                    "m": m,
                    "u": u,
                    "weight": weight,
                }
            )
    return rows
