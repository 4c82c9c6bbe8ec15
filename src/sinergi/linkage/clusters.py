"""From scored pairs to clusters: one cluster per real business.

Exact copies first: rows with the same `copy_key` (copies.py: equal on every mapped
field after case and punctuation are folded) are linked whatever the model says, with a
weight above any scored pair, so no cannot-link rebuild can separate them.

Then connected components at a probability threshold, with one guard against chaining:
pairs that carry *strong negative evidence* ("cannot-link" pairs: two clearly different
business names) may not end up in the same cluster. A
component that holds such a pair is rebuilt greedily from its strongest links,
refusing every merge that would join a cannot-link pair. This is what keeps an aid-list
row without a business name from chaining two businesses of the same owner together:
it joins the business it matches best.

Invariants:
- every unique_id of the input appears exactly once in the output;
- rows given the same non-null copy key always share a cluster;
- the result depends only on the pairs and the ids, never on their order (edges are
  sorted by weight, then ids), so the same input gives the same clusters;
- cluster_id is "C" + the cluster's smallest unique_id zero-padded to 8 digits: stable
  as long as the rows keep their order, and readable in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from sinergi.linkage.copies import copy_links
from sinergi.linkage.schema import ROW_ID

CLUSTER_ID = "cluster_id"
CLUSTER_SIZE = "cluster_size"

# (comparison, gamma level) pairs whose presence forbids a pair from sharing a cluster.
# gamma 0 is a comparison's last, 'different' level (see model_levels.level_labels). Measured
# on the synthetic lists: "NIK differs by 2+ digits" is NOT a safe veto (typed NIKs
# with two slips, a KK number in the NIK column), so only the business name is.
DEFAULT_CANNOT_LINK: tuple[tuple[str, int], ...] = (("business_name", 0),)


@dataclass(frozen=True)
class ClusterResult:
    """`clusters`: unique_id, cluster_id, cluster_size (one row per input row, id order).

    `split_components`: how many connected components held a cannot-link pair and were
    rebuilt; `blocked_merges`: how many threshold links that rebuild refused.
    """

    clusters: pl.DataFrame
    split_components: int
    blocked_merges: int


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        # The smaller index becomes the root, so roots are deterministic.
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra


def cannot_link_mask(pairs: pl.DataFrame, rules: Iterable[tuple[str, int]]) -> pl.Expr:
    """Expression true for pairs that must not share a cluster (see module doc)."""
    expr = pl.lit(False)
    for comparison, gamma in rules:
        col = f"gamma_{comparison}"
        if col in pairs.columns:
            expr = expr | (pl.col(col) == gamma).fill_null(False)
    return expr


def connected_components(n: int, left: pl.Series, right: pl.Series) -> pl.Series:
    """Component label of each node 0..n-1: the smallest node index of its component.

    Vectorised label propagation with pointer jumping (polars joins, no Python loop
    over edges): each round every node takes the smallest label among itself and its
    neighbours, then every label jumps to its own label's label. Rounds grow with the
    log of a component's diameter, not with the number of edges.
    """
    labels = pl.int_range(n, eager=True, dtype=pl.Int64).alias("lab")
    if left.len() == 0:
        return labels
    edges = pl.DataFrame({"a": left.cast(pl.Int64), "b": right.cast(pl.Int64)})
    edges = pl.concat([edges, edges.select(pl.col("b").alias("a"), pl.col("a").alias("b"))])
    while True:
        best = (
            edges.with_columns(labels.gather(edges["b"]).alias("nb"))
            .group_by("a")
            .agg(pl.col("nb").min())
        )
        current = labels.gather(best["a"])
        proposed = labels.clone().scatter(
            best["a"], pl.select(pl.min_horizontal(current, best["nb"])).to_series()
        )
        # Pointer jumping: a node's label's label is at least as small and in the same
        # component; repeat until labels are fixed points.
        jumped = proposed.gather(proposed)
        while not (jumped == proposed).all():
            proposed, jumped = jumped, jumped.gather(jumped)
        if (proposed == labels).all():
            return proposed.alias("lab")
        labels = proposed


def cluster(
    ids: Sequence[int] | pl.Series,
    pairs: pl.DataFrame,
    threshold: float,
    cannot_link: Iterable[tuple[str, int]] = DEFAULT_CANNOT_LINK,
    copies: pl.Series | None = None,
) -> ClusterResult:
    """Cluster `ids` using `pairs` (unique_id_l, unique_id_r, match_probability,
    match_weight, gamma_* columns) linked at match_probability >= threshold.

    `copies` (aligned with `ids`): each row's copy key; rows sharing a non-null key are
    linked before everything else (see module doc).

    Components are found vectorised (`connected_components`); only components that
    hold a cannot-link pair go through the greedy Python rebuild.
    """
    id_series = pl.Series(ROW_ID, ids, dtype=pl.Int64)
    n = id_series.len()
    index = pl.DataFrame({ROW_ID: id_series, "_i": pl.int_range(n, eager=True, dtype=pl.Int64)})
    rules = tuple(cannot_link)
    if copies is not None:
        forced = copy_links(id_series, copies)
        if forced.height:
            pairs = pl.concat([forced, pairs], how="diagonal_relaxed")
    flagged = (
        pairs.select(
            pl.col("unique_id_l").cast(pl.Int64),
            pl.col("unique_id_r").cast(pl.Int64),
            pl.col("match_probability").cast(pl.Float64),
            pl.col("match_weight").cast(pl.Float64),
            cannot_link_mask(pairs, rules).alias("_cannot"),
        )
        .join(index.rename({ROW_ID: "unique_id_l", "_i": "a"}), on="unique_id_l", how="left")
        .join(index.rename({ROW_ID: "unique_id_r", "_i": "b"}), on="unique_id_r", how="left")
    )
    links = flagged.filter((pl.col("match_probability") >= threshold) & ~pl.col("_cannot"))
    labels = connected_components(n, links["a"], links["b"])

    # Components holding a cannot-link pair (both ends carry the same label).
    forbidden = flagged.filter(pl.col("_cannot")).select("a", "b")
    forbidden = forbidden.filter(labels.gather(forbidden["a"]) == labels.gather(forbidden["b"]))
    conflicts: dict[int, list[tuple[int, int]]] = {}
    for a, b in forbidden.iter_rows():
        conflicts.setdefault(int(labels[a]), []).append((a, b))

    blocked = 0
    if conflicts:
        bad = pl.Series(sorted(conflicts), dtype=pl.Int64)
        inside = links.filter(labels.gather(links["a"]).is_in(bad.implode()))
        inside = inside.sort(
            ["match_weight", "unique_id_l", "unique_id_r"], descending=[True, False, False]
        )
        members = pl.int_range(n, eager=True, dtype=pl.Int64).filter(labels.is_in(bad.implode()))
        new_labels, blocked = _rebuild(
            members.to_list(), inside["a"].to_list(), inside["b"].to_list(), conflicts
        )
        labels = labels.clone().scatter(members, pl.Series(new_labels, dtype=pl.Int64))

    frame = pl.DataFrame({ROW_ID: id_series, "_lab": labels})
    per = frame.group_by("_lab").agg(
        pl.col(ROW_ID).min().alias("_min"), pl.len().cast(pl.Int64).alias(CLUSTER_SIZE)
    )
    clusters = frame.join(per, on="_lab", how="left", maintain_order="left").select(
        ROW_ID,
        pl.format("C{}", pl.col("_min").cast(pl.Utf8).str.zfill(8)).alias(CLUSTER_ID),
        CLUSTER_SIZE,
    )
    return ClusterResult(clusters, split_components=len(conflicts), blocked_merges=blocked)


def _rebuild(
    members: list[int],
    left: list[int],
    right: list[int],
    conflicts: dict[int, list[tuple[int, int]]],
) -> tuple[list[int], int]:
    """Re-cluster the conflicting components greedily, strongest links first.

    `members` are the (ascending) node indices of those components, `left`/`right` their
    links already sorted by descending weight. Each group keeps the set of groups it may
    not join; a merge that would join them is refused. Returns each member's new label
    (the smallest index of its new cluster) and the number of refused merges.
    """
    local = {g: i for i, g in enumerate(members)}
    uf = _UnionFind(len(members))
    forbid: dict[int, set[int]] = {}
    for pairs in conflicts.values():
        for ga, gb in pairs:
            a, b = local[ga], local[gb]
            forbid.setdefault(a, set()).add(b)
            forbid.setdefault(b, set()).add(a)
    blocked = 0
    for ga, gb in zip(left, right, strict=True):
        ra, rb = uf.find(local[ga]), uf.find(local[gb])
        if ra == rb:
            continue
        fa, fb = forbid.get(ra, set()), forbid.get(rb, set())
        if rb in fa or ra in fb:
            blocked += 1
            continue
        root = uf.union(ra, rb)
        merged = {uf.find(x) for x in fa | fb}
        for other in merged:
            s = forbid.setdefault(other, set())
            s.discard(ra)
            s.discard(rb)
            s.add(root)
        forbid[root] = merged
        gone = rb if root == ra else ra
        forbid.pop(gone, None)
    # Local order follows global order, so a local root (the smallest local index of its
    # group) maps to the group's smallest global index.
    return [members[uf.find(i)] for i in range(len(members))], blocked


def pairwise_scores(truth: pl.DataFrame, predicted: pl.DataFrame) -> dict[str, float]:
    """Pairwise precision, recall and F1 of `predicted` clusters against `truth`.

    Both frames hold unique_id and a cluster label column (truth: `entity_id`,
    predicted: `cluster_id`). Pairs are counted per cluster (n*(n-1)/2), so the cost
    is linear in the rows, not quadratic.
    """
    joined = truth.select(ROW_ID, pl.col("entity_id").cast(pl.Utf8)).join(
        predicted.select(ROW_ID, CLUSTER_ID), on=ROW_ID
    )

    def count(cols: list[str]) -> int:
        sizes = joined.group_by(cols).len()["len"]
        return int((sizes * (sizes - 1) // 2).sum())

    tp = count(["entity_id", CLUSTER_ID])
    true_pairs = count(["entity_id"])
    predicted_pairs = count([CLUSTER_ID])
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": float(true_pairs),
        "predicted_pairs": float(predicted_pairs),
    }
