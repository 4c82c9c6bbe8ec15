"""Incremental linking on tiny hand-made rows: the decision rules, then Splink end to end.

`assign` is tested on hand-written scored pairs (no Splink): the thresholds, the graph
and the review pairs are the whole contract. One end-to-end test runs Splink's
link-only prediction with the spec's built-in model on a few registry rows.
"""

from __future__ import annotations

import polars as pl
import pytest

from sinergi.linkage import incremental as inc
from sinergi.linkage.model import scoring as M
from sinergi.linkage.prepare import normalise_frame

T = inc.Thresholds(low=0.5, high=0.95)


def pairs(rows: list[tuple[int, int, float]], business: list[int] | None = None) -> pl.DataFrame:
    """Scored pairs with a weight derived from the probability and one gamma column."""
    import math

    frame = pl.DataFrame(
        {
            "unique_id_l": [r[0] for r in rows],
            "unique_id_r": [r[1] for r in rows],
            "match_probability": [r[2] for r in rows],
            "match_weight": [math.log2(r[2] / (1 - r[2])) for r in rows],
            "gamma_business_name": [2] * len(rows),
            "mw_business_name": [1.0] * len(rows),
        },
        schema_overrides={
            "unique_id_l": pl.Int64,
            "unique_id_r": pl.Int64,
            "gamma_business_name": pl.Int8,
        },
    )
    if business is not None:
        frame = frame.with_columns(pl.Series(inc.BUSINESS_ID, business, dtype=pl.Int64))
    return frame


def by_id(records: pl.DataFrame) -> dict[int, dict]:
    return {r["unique_id"]: r for r in records.iter_rows(named=True)}


def test_a_record_above_the_high_threshold_attaches_to_the_existing_business():
    records, review = inc.assign([0], pairs([(0, 100, 0.99)], [7]), pairs([]), T)
    row = by_id(records)[0]
    assert (row["action"], row["business_id"]) == ("attach", 7)
    assert row["match_probability"] == pytest.approx(0.99)
    assert review.height == 0


def test_a_record_below_the_low_threshold_gets_a_new_business_and_no_review():
    records, review = inc.assign([0], pairs([(0, 100, 0.2)], [7]), pairs([]), T)
    row = by_id(records)[0]
    assert (row["action"], row["business_id"]) == ("new", None)
    assert review.height == 0


def test_a_record_in_the_review_band_gets_a_new_business_and_a_review_pair():
    records, review = inc.assign([0], pairs([(0, 100, 0.8)], [7]), pairs([]), T)
    assert by_id(records)[0]["action"] == "new"
    assert review.select("group_l", "business_id_r", "unique_id_l", "unique_id_r").rows() == [
        (0, 7, 0, 100)
    ]


def test_two_new_records_that_match_each_other_share_one_new_group():
    records, review = inc.assign([0, 1], pairs([], []), pairs([(0, 1, 0.99)]), T)
    rows = by_id(records)
    assert rows[0]["group"] == rows[1]["group"]
    assert rows[0]["action"] == rows[1]["action"] == "new"


def test_a_new_record_follows_its_twin_into_the_business_the_twin_matched():
    records, _ = inc.assign([0, 1], pairs([(0, 100, 0.99)], [7]), pairs([(0, 1, 0.97)]), T)
    rows = by_id(records)
    assert rows[1]["business_id"] == 7 and rows[1]["action"] == "attach"
    assert rows[1]["match_probability"] == pytest.approx(0.97)


def test_two_rows_of_one_business_are_one_candidate_not_two_review_pairs():
    _, review = inc.assign([0], pairs([(0, 100, 0.7), (0, 101, 0.8)], [7, 7]), pairs([]), T)
    assert review.select("business_id_r", "unique_id_r").rows() == [(7, 101)]


def test_a_record_matching_two_businesses_attaches_to_the_stronger_and_flags_the_other():
    records, review = inc.assign(
        [0], pairs([(0, 100, 0.999), (0, 200, 0.96)], [7, 8]), pairs([]), T
    )
    assert by_id(records)[0]["business_id"] == 7
    assert review.select("business_id_r").to_series().to_list() == [8]


def test_doubtful_pairs_between_two_new_groups_are_reviewed_once():
    records, review = inc.assign([0, 1], pairs([], []), pairs([(0, 1, 0.7)]), T)
    rows = by_id(records)
    assert rows[0]["group"] != rows[1]["group"]
    assert review.select("group_l", "group_r").rows() == [(rows[0]["group"], rows[1]["group"])]


def test_a_cannot_link_pair_is_neither_merged_nor_sent_to_review():
    hard = pairs([(0, 100, 0.99)], [7]).with_columns(
        pl.lit(0, pl.Int8).alias("gamma_business_name")
    )
    records, review = inc.assign([0], hard, pairs([]), T)
    assert by_id(records)[0]["action"] == "new"
    assert review.height == 0


def test_thresholds_refuse_a_band_upside_down():
    with pytest.raises(ValueError):
        inc.Thresholds(low=0.9, high=0.5)


def test_labels_move_m_towards_what_reviewers_decided_and_leave_pinned_levels():
    spec = M.load_spec()
    model = M.builtin_model(spec, 1e-4)
    labels = pl.DataFrame(
        {"gamma_phone": [0] * 200, "gamma_business_name": [0] * 200, "is_match": [True] * 200},
        schema_overrides={"gamma_phone": pl.Int8, "gamma_business_name": pl.Int8},
    )
    out = inc.apply_labels(model, labels, pseudo_count=50)

    def levels(m, name):
        comp = next(c for c in m["comparisons"] if c["output_column_name"] == name)
        return [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]

    before, after = levels(model, "phone")[-1], levels(out, "phone")[-1]
    assert after["m_probability"] == pytest.approx((200 * 1.0 + 50 * before["m_probability"]) / 250)
    assert levels(out, "business_name")[-1]["m_probability"] == 1e-18
    assert inc.apply_labels(model, labels.with_columns(is_match=False)) == model


# ------------------------------------------------------------------------ with Splink

REGISTRY = [
    ("Siti Aminah", "Warung Makan Bu Siti", "1901015507850001", "081234567890", "Jl. Merdeka 5"),
    ("Budi Santoso", "Bengkel Budi Jaya", "1901010101800002", "081311112222", "Jl. Sudirman 9"),
    ("Made Wirawan", "Toko Kelontong Made", "1901012203790003", "081977778888", "Gg. Mawar 2"),
]


def frame(rows: list[tuple[str, ...]], start: int) -> pl.DataFrame:
    raw = pl.DataFrame(
        {
            "unique_id": list(range(start, start + len(rows))),
            "owner_name": [r[0] for r in rows],
            "business_name": [r[1] for r in rows],
            "nik": [r[2] for r in rows],
            "phone": [r[3] for r in rows],
            "address": [r[4] for r in rows],
            "regency": ["Kab. Bangka"] * len(rows),
            "source_file": ["t.csv"] * len(rows),
            "source_row": list(range(1, len(rows) + 1)),
        },
        schema_overrides={"unique_id": pl.Int64},
    )
    return M.model_frame(normalise_frame(raw))


def test_new_rows_are_attached_created_or_reviewed_through_splink_link_only():
    spec = M.load_spec()
    model = M.regularise(M.builtin_model(spec, 1e-3), spec)
    registry = frame(REGISTRY, 0).with_columns(pl.Series(inc.BUSINESS_ID, [10, 11, 12]))
    new = frame(
        [
            (
                "SITI AMINAH",
                "WARUNG MAKAN BU SITI",
                "1901015507850001",
                "0812-3456-7890",
                "Jl Merdeka No. 5",
            ),
            ("Agus Salim", "Laundry Kilat", "1901017007900004", "085200001111", "Jl. Kenanga 1"),
            ("Agus Salim", "Laundry Kilat", "1901017007900004", "085200001111", "Jl. Kenanga 1"),
        ],
        0,
    )
    result = inc.link_new(new, registry, model, spec, T)
    rows = by_id(result.records)
    assert (rows[0]["action"], rows[0]["business_id"]) == ("attach", 10)
    assert rows[1]["action"] == rows[2]["action"] == "new"
    assert rows[1]["group"] == rows[2]["group"] != rows[0]["group"]
    assert set(result.to_registry["business_id"].to_list()) == {10}
