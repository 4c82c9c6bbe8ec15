"""`PairScorer.explain`: the level and match weight of every comparison of a pair, which
add up (with the prior) to the weight `score` gives the pair."""

from __future__ import annotations

import polars as pl
import pytest

from sinergi.linkage import FieldWeight, PairScorer, load_spec, model_frame, normalise_frame
from sinergi.linkage.model.scoring import builtin_model

TEXT = ["owner_name", "business_name", "nik", "phone", "email", "nib", "address", "rt_rw"]


def _frame(rows: list[dict], spec: dict) -> pl.DataFrame:
    raw = pl.DataFrame(
        [{c: r.get(c) for c in ["unique_id", *TEXT]} for r in rows],
        schema={"unique_id": pl.Int64} | dict.fromkeys(TEXT, pl.Utf8),
    ).with_columns(pl.lit("t").alias("source_file"), pl.col("unique_id").alias("source_row"))
    return model_frame(normalise_frame(raw), spec)


def test_the_fields_weights_add_up_to_the_pairs_score() -> None:
    spec = load_spec()
    scorer = PairScorer(builtin_model(spec, 1e-4), spec)
    siti = {"owner_name": "Siti Aminah", "nik": "1901015507850001",
            "business_name": "Warung Makan Bu Siti"}  # fmt: skip
    frame = _frame(
        [
            {"unique_id": 0, **siti},
            {"unique_id": 1, **siti},
            {
                "unique_id": 2,
                "owner_name": "Budi Santoso",
                "nik": "1971010101800003",
                "business_name": "Bengkel Budi",
            },
        ],  # fmt: skip
        spec,
    )
    left, right = frame.head(1), frame.slice(1)
    scores = dict(scorer.score(left, right))
    explained = scorer.explain(left, right)
    for business, fields in explained.items():
        total = scorer.prior + sum(f.weight for f in fields if f.weight is not None)
        assert total == pytest.approx(scores[business])
        assert all(isinstance(f, FieldWeight) for f in fields)
    same = {f.comparison: f for f in explained[1]}
    other = {f.comparison: f for f in explained[2]}
    assert same["nik"].weight > 0 and same["nik"].label
    assert same["nik"].bayes_factor == pytest.approx(2 ** same["nik"].weight)
    assert other["nik"].weight < 0 and other["owner_name"].weight < 0
    assert same["phone"].gamma == -1 and same["phone"].weight is None  # no phone: no evidence
