"""Clustering scored pairs: connected components, guarded against chaining."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.clusters import cluster, connected_components, pairwise_scores


def _pairs(rows: list[tuple[int, int, float, int]]) -> pl.DataFrame:
    """(left, right, probability, business gamma) -> a scored-pairs frame."""
    return pl.DataFrame(
        {
            "unique_id_l": [min(a, b) for a, b, _, _ in rows],
            "unique_id_r": [max(a, b) for a, b, _, _ in rows],
            "match_probability": [p for _, _, p, _ in rows],
            # Weight grows with probability, as in Splink.
            "match_weight": [p * 10 for _, _, p, _ in rows],
            "gamma_business_name": [g for _, _, _, g in rows],
            "gamma_nik": [-1 for _ in rows],
        },
        schema_overrides={"gamma_business_name": pl.Int8, "gamma_nik": pl.Int8},
    )


def _labels(ids: list[int], pairs: pl.DataFrame, threshold: float = 0.9) -> list[str]:
    return cluster(ids, pairs, threshold).clusters["cluster_id"].to_list()


def test_rows_linked_above_the_threshold_share_a_cluster_named_after_the_smallest_id():
    labels = _labels([0, 1, 2, 3], _pairs([(1, 2, 0.95, -1), (2, 3, 0.99, -1)]))
    assert labels == ["C00000000", "C00000001", "C00000001", "C00000001"]


def test_a_link_below_the_threshold_does_not_join_clusters():
    labels = _labels([0, 1], _pairs([(0, 1, 0.89, -1)]))
    assert labels[0] != labels[1]


def test_every_row_appears_once_with_its_cluster_size():
    result = cluster([5, 6, 7], _pairs([(5, 7, 0.99, -1)]), 0.9).clusters
    assert result["unique_id"].to_list() == [5, 6, 7]
    assert result["cluster_size"].to_list() == [2, 1, 2]


def test_an_aid_row_without_business_name_does_not_chain_two_businesses_of_one_owner():
    # 0 = "Warung Bu Siti", 1 = "Laundry Siti Bersih" (cannot-link: business differs),
    # 2 = an aid-list row for Siti with no business name, matching both owners' rows.
    pairs = _pairs([(0, 1, 0.2, 0), (0, 2, 0.99, -1), (1, 2, 0.97, -1)])
    result = cluster([0, 1, 2], pairs, 0.9)
    labels = result.clusters["cluster_id"].to_list()
    assert labels[0] != labels[1]
    # The aid row joins the business it matches best.
    assert labels[2] == labels[0]
    assert result.split_components == 1
    assert result.blocked_merges == 1


def test_a_cannot_link_pair_does_not_split_components_it_is_not_in():
    pairs = _pairs([(0, 1, 0.99, -1), (2, 3, 0.1, 0)])
    result = cluster([0, 1, 2, 3], pairs, 0.9)
    assert result.split_components == 0
    assert result.clusters["cluster_id"].to_list()[:2] == ["C00000000", "C00000000"]


def test_clusters_do_not_depend_on_the_order_of_the_pairs():
    rows = [(0, 1, 0.99, -1), (1, 2, 0.95, -1), (0, 2, 0.1, 0), (3, 4, 0.93, -1), (2, 3, 0.91, -1)]
    forward = _labels(list(range(5)), _pairs(rows))
    backward = _labels(list(range(5)), _pairs(rows[::-1]))
    assert forward == backward


@examples(60)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 11),
            st.integers(0, 11),
            st.floats(0, 1),
            st.sampled_from([-1, 0, 1, 2]),
        ),
        max_size=40,
    )
)
def test_no_cluster_ever_holds_a_cannot_link_pair(rows):
    rows = [r for r in rows if r[0] != r[1]]
    # One score per unordered pair, as Splink produces.
    seen: dict[tuple[int, int], tuple[int, int, float, int]] = {}
    for a, b, p, g in rows:
        seen.setdefault((min(a, b), max(a, b)), (a, b, p, g))
    pairs = _pairs(list(seen.values()))
    labels = _labels(list(range(12)), pairs, threshold=0.5)
    for a, b, _, g in seen.values():
        if g == 0:
            assert labels[a] != labels[b]


def _reference_components(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Plain union-find: each node's smallest component member."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


@examples(80)
@given(st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=60))
def test_vectorised_components_equal_a_plain_union_find(edges):
    left = pl.Series([a for a, _ in edges], dtype=pl.Int64)
    right = pl.Series([b for _, b in edges], dtype=pl.Int64)
    assert connected_components(30, left, right).to_list() == _reference_components(30, edges)


def test_a_long_chain_is_one_component_labelled_by_its_smallest_row():
    n = 2000
    order = list(range(n))
    random.Random(3).shuffle(order)
    left = pl.Series(order[:-1], dtype=pl.Int64)
    right = pl.Series(order[1:], dtype=pl.Int64)
    assert set(connected_components(n, left, right).to_list()) == {0}


def test_row_ids_need_not_be_consecutive_or_sorted():
    pairs = _pairs([(70, 12, 0.99, -1), (12, 40, 0.95, -1)])
    result = cluster([70, 5, 40, 12], pairs, 0.9).clusters
    assert result["unique_id"].to_list() == [70, 5, 40, 12]
    assert result["cluster_id"].to_list() == ["C00000012", "C00000005", "C00000012", "C00000012"]
    assert result["cluster_size"].to_list() == [3, 1, 3, 3]


def test_pairwise_scores_count_pairs_inside_clusters():
    truth = pl.DataFrame({"unique_id": [0, 1, 2, 3], "entity_id": ["a", "a", "a", "b"]})
    predicted = pl.DataFrame({"unique_id": [0, 1, 2, 3], "cluster_id": ["x", "x", "y", "y"]})
    scores = pairwise_scores(truth, predicted)
    assert scores["true_pairs"] == 3
    assert scores["predicted_pairs"] == 2
    assert scores["precision"] == 0.5
    assert scores["recall"] == 1 / 3
