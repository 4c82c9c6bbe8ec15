"""Scoring one record against a handful of candidates, fast: the model's own comparison SQL.

For the duplicate warning while someone types a business into a form: one DuckDB query
over two tiny Arrow tables, with exactly the gamma CASE statements Splink runs when it
links, and the match weight summed from the stored model's log2(m/u) and prior. This
skips Splink's per-call SQL generation, which costs more than the scoring itself.

Invariants: the weights are those of `model` (regularised against `spec`), so a pair
scores here as it would in a linking run without term-frequency adjustments; one scorer
holds one DuckDB connection and must not be shared across threads without a lock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl

from sinergi.linkage.model.engines import make_db_api, register_frame
from sinergi.linkage.model.frame import model_frame
from sinergi.linkage.model.levels import level_labels, prior_weight
from sinergi.linkage.model.settings import build_settings, regularise
from sinergi.linkage.schema import ROW_ID


def comparison_sql(spec: dict[str, Any], model: dict[str, Any]) -> list[tuple[str, str]]:
    """[(comparison output name, gamma CASE statement)] as Splink builds them from `spec`."""
    from splink import Linker

    seed = model_frame(pl.DataFrame({ROW_ID: [0]}, schema={ROW_ID: pl.Int64}), spec)
    linker = Linker(
        register_frame(make_db_api(threads=1), seed, "seed"), build_settings(spec, trained=model)
    )
    # Splink 5 keeps the parsed comparisons on the settings object; this is the one place
    # the engine reads them, so a Splink upgrade that moves them breaks only this function.
    comparisons = linker._settings_obj.comparisons  # noqa: SLF001
    return [(c.output_column_name, c._case_statement) for c in comparisons]  # noqa: SLF001


@dataclass(frozen=True)
class FieldWeight:
    """One comparison of a scored pair: the level the pair reached and its weight.

    `weight` is the level's match weight log2(m/u) in the stored model (its Bayes factor
    is 2**weight); None when a side has no value (the null level: no evidence either
    way). `gamma` is Splink's level number (-1 = null, 0 = the else level)."""

    comparison: str
    gamma: int
    label: str
    weight: float | None

    @property
    def bayes_factor(self) -> float | None:
        return None if self.weight is None else 2.0**self.weight


class PairScorer:
    """Match weights of one left record against right records, with a stored model."""

    def __init__(self, model: dict[str, Any], spec: dict[str, Any]) -> None:
        import duckdb  # here: importing the engine should not pay for DuckDB

        model = regularise(model, spec)
        sql = comparison_sql(spec, model)
        self.names = [name for name, _ in sql]
        self.case_sql = ",\n".join(case for _, case in sql)
        self.prior = prior_weight(model)
        self.weights: dict[str, dict[int, float]] = {}
        for comp in model["comparisons"]:
            levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
            self.weights[comp["output_column_name"]] = {
                len(levels) - 1 - i: math.log2(lv["m_probability"] / lv["u_probability"])
                for i, lv in enumerate(levels)
            }
        self.labels = level_labels(model)
        self.con = duckdb.connect(":memory:")
        self.con.sql("SET threads = 1")

    def _gammas(self, left: pl.DataFrame, right: pl.DataFrame) -> list[tuple]:
        l_tbl = left.rename({c: f"{c}_l" for c in left.columns}).to_arrow()  # noqa: F841
        r_tbl = right.rename({c: f"{c}_r" for c in right.columns}).to_arrow()  # noqa: F841
        return self.con.sql(
            f"SELECT {ROW_ID}_r, {self.case_sql} FROM l_tbl CROSS JOIN r_tbl"
        ).fetchall()

    def score(self, left: pl.DataFrame, right: pl.DataFrame) -> list[tuple[int, float]]:
        """(right unique_id, match weight) for the one `left` row against every `right` row.

        Both frames are `model_frame` output for the scorer's spec.
        """
        out = []
        for row in self._gammas(left, right):
            w = self.prior
            for name, gamma in zip(self.names, row[1:], strict=True):
                if gamma is not None and gamma >= 0:
                    w += self.weights[name].get(int(gamma), 0.0)
            out.append((int(row[0]), w))
        return out

    def explain(self, left: pl.DataFrame, right: pl.DataFrame) -> dict[int, list[FieldWeight]]:
        """{right unique_id: one `FieldWeight` per comparison} for the one `left` row:
        why a pair scores what `score` says. The pair's match weight is the model's prior
        weight (`self.prior`) plus the sum of the non-null weights."""
        out: dict[int, list[FieldWeight]] = {}
        for row in self._gammas(left, right):
            fields = []
            for name, gamma in zip(self.names, row[1:], strict=True):
                g = -1 if gamma is None else int(gamma)
                weight = self.weights[name].get(g, 0.0) if g >= 0 else None
                fields.append(FieldWeight(name, g, self.labels.get(name, {}).get(g, ""), weight))
            out[int(row[0])] = fields
        return out
