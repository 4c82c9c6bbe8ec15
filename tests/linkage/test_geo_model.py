"""Distance as evidence: the model's `distance` comparison and the geo blocking key."""

from __future__ import annotations

import importlib.util
import shutil

import polars as pl
import pytest

from sinergi.linkage.model import scoring as M

# Metres north of a point near Simpang Lima, Semarang, as degrees of latitude.
BASE_LAT, BASE_LNG = -6.9900, 110.4200
METRE = 1 / 111_195


def _row(uid: int, north_m: float | None, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "unique_id": uid,
        "lat": None if north_m is None else BASE_LAT + north_m * METRE,
        "lng": None if north_m is None else BASE_LNG,
        "regency_code": "3374",
    }
    row.update(values)
    phone = row.get("phone_e164")
    row["phones"] = [phone] if phone else []
    return row


def _pairs(rows: list[dict[str, object]], engine: str = "duckdb") -> pl.DataFrame:
    frame = M.model_frame(pl.DataFrame(rows, infer_schema_length=None))
    return M.score(frame, engine=engine, min_probability=0.0).pairs


def _level(pairs: pl.DataFrame, a: int, b: int) -> int:
    row = pairs.filter((pl.col("unique_id_l") == a) & (pl.col("unique_id_r") == b))
    assert row.height == 1, f"pair {a}-{b} was not scored"
    return int(row["gamma_distance"][0])


def _rows() -> list[dict[str, object]]:
    # Pairs share a phone, so they are compared whatever their points say.
    pairs = [(0, 10), (5, 100), (0, 600), (0, 5000), (0, None), (None, None)]
    rows = []
    for i, (a, b) in enumerate(pairs):
        phone = f"+62811000000{i}"
        rows.append(_row(2 * i, a, phone_e164=phone, business_key=f"usaha {i}"))
        rows.append(_row(2 * i + 1, b, phone_e164=phone, business_key=f"usaha {i}"))
    return rows


def test_distance_levels_are_same_spot_block_neighbourhood_far_and_unknown():
    pairs = _pairs(_rows())
    # gamma: 3 = within 25 m, 2 = 150 m, 1 = 1 km, 0 = farther, -1 = a row without a point.
    assert [_level(pairs, 2 * i, 2 * i + 1) for i in range(6)] == [3, 2, 1, 0, -1, -1]
    weights = {
        g: w
        for g, w in zip(
            pairs["gamma_distance"].to_list(), pairs["mw_distance"].to_list(), strict=True
        )
    }
    assert weights[3] > weights[2] > weights[1] > 0 > weights[0]
    assert weights[-1] == 0


def test_rows_at_one_spot_with_similar_names_are_compared_without_any_shared_identifier():
    rows = [
        _row(0, 0, business_key="mas rendy"),
        _row(1, 12, business_key="mas rendi"),
        _row(2, 3000, business_key="mas rendy"),  # same name, another part of town
    ]
    pairs = _pairs(rows)
    assert _level(pairs, 0, 1) == 3
    assert pairs.filter(pl.col("unique_id_r") == 2).height == 0


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark not installed")
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark")
def test_spark_gives_the_same_distance_levels_as_duckdb():
    duck = _pairs(_rows())
    spark = _pairs(_rows(), engine="spark")
    key = ["unique_id_l", "unique_id_r"]
    joined = duck.select(*key, "gamma_distance").join(
        spark.select(*key, "gamma_distance"), on=key, how="full", coalesce=True
    )
    assert joined.height == duck.height
    assert joined["gamma_distance"].to_list() == joined["gamma_distance_right"].to_list()


def test_a_model_saved_before_the_distance_comparison_still_scores():
    spec = M.load_spec()
    model = M.regularise(M.builtin_model(spec, 1e-3), spec)
    old = {
        **model,
        "comparisons": [c for c in model["comparisons"] if c["output_column_name"] != "distance"],
    }
    frame = M.model_frame(pl.DataFrame(_rows(), infer_schema_length=None))
    pairs = M.score(frame, model=old, min_probability=0.0).pairs
    assert _level(pairs, 0, 1) in (-1, 3)  # scored, not refused
    # A model whose comparison has other levels than the spec's is still refused.
    first = old["comparisons"][0]
    fewer = {**first, "comparison_levels": first["comparison_levels"][:-1]}
    other = {**old, "comparisons": [fewer, *old["comparisons"][1:]]}
    with pytest.raises(ValueError, match="different comparisons"):
        M.score(frame, model=other)
