"""From scored pairs and NIK statuses to screening findings, one row per finding.

Reasons (`REASONS`; exclusion categories add EXCLUDED_<CATEGORY>):

- DUPLICATE_IN_LIST: the same person (person-based aid) or business twice in the
  proposed lists, same aid kind unless --any-kind. In each group exactly one row is kept
  (the earliest by source order, or the latest with keep="last"); every other row gets
  the finding, with the kept row as `related`.
- ALREADY_RECEIVED / EXCLUDED_<CATEGORY>: the row matches a row of a received or an
  exclusion list (the best match is named; an exact 16-digit NIK beats any score).
- NIK_INVALID, NIK_DAMAGED, NIK_MISSING: the NIK cell itself (a KK number in the NIK
  column is NIK_INVALID).
- NIK_SHARED: one 16-digit NIK on rows whose owner names are clearly different (Jaro-
  Winkler < 0.8 on the folded name), inside the proposed lists or against a reference.
- EMPTY_ROW: every recognised cell is empty.

Invariants: every finding names a proposed row; `related_*` names the other row where
there is one; the frame is sorted by (proposed row, reason order, related row), so the
same inputs give the same file byte for byte.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sinergi.linkage.schema import CANONICAL_FIELDS, ROW_ID
from sinergi.linkage.screen.finding_rows import (  # noqa: F401 - re-exported: the findings' shape
    CATEGORY_LABELS,
    COMPARISON_EN,
    FINDING_COLUMNS,
    REASONS,
    RELATED_ID,
    Evidence,
    category_label,
    empty_findings,
    exact_evidence,
    finding_schema,
    findings_from_rows,
    reason_order,
    refs_of,
    row_places,
    rows_of,
)
from sinergi.linkage.screen.names import name_similarity, shared_nik_findings
from sinergi.linkage.screen.options import COMPATIBLE, RECEIVED, ROLE, ScreenOptions

# ------------------------------------------------------------------------------- findings


def build_findings(
    *,
    proposed: pl.DataFrame,
    references: pl.DataFrame,
    exact: pl.DataFrame,
    link_pairs: pl.DataFrame,
    dup_pairs: pl.DataFrame,
    clusters: pl.DataFrame,
    model: dict[str, Any],
    options: ScreenOptions,
    person_based: bool,
) -> pl.DataFrame:
    """All findings of a run (see the module docstring), sorted."""
    evidence = Evidence(model)
    empty = empty_row_mask(proposed)
    parts = [
        nik_findings(proposed, empty),
        duplicate_findings(proposed, dup_pairs, clusters, evidence, options, person_based, empty),
        reference_findings(proposed, references, exact, link_pairs, evidence),
        shared_nik_findings(proposed, references, exact),
    ]
    found = [p for p in parts if p.height]
    if not found:  # a clean list: nothing to report is a result, not an error
        return empty_findings()
    findings = pl.concat(found, how="vertical_relaxed")
    return (
        findings.with_columns(
            pl.col("reason").map_elements(reason_order, return_dtype=pl.Int64).alias("_o")
        )
        .sort([ROW_ID, "_o", "reason", "related_file", "related_row"], nulls_last=True)
        .drop("_o")
        .unique(subset=[ROW_ID, "reason", RELATED_ID], keep="first", maintain_order=True)
    )


def empty_row_mask(proposed: pl.DataFrame) -> pl.Series:
    """True for rows where every recognised cell is empty."""
    from sinergi.linkage.normalize.identifiers import present_expr

    cols = [c for c in CANONICAL_FIELDS if c in proposed.columns]
    if not cols:
        return pl.Series([True] * proposed.height)
    any_present = pl.any_horizontal([present_expr(pl.col(c).cast(pl.Utf8)) for c in cols])
    return proposed.select((~any_present).alias("empty"))["empty"]


def nik_findings(proposed: pl.DataFrame, empty: pl.Series) -> pl.DataFrame:
    """NIK_INVALID / NIK_DAMAGED / NIK_MISSING from the NIK status; EMPTY_ROW."""
    from sinergi.linkage.normalize.nik import add_nik_problem_columns

    work = proposed.with_columns(empty.alias("_empty"))
    bad = work.filter((pl.col("nik_status") != "valid") & ~pl.col("_empty"))
    rows: list[dict[str, Any]] = []
    if bad.height:
        probs = add_nik_problem_columns(bad.select(ROW_ID, "nik", "nik_status"))
        code_map = {"NIK_IS_KK": "NIK_INVALID"}
        for r in probs.iter_rows(named=True):
            code = r["nik_problem"]
            if code is None:
                continue
            raw = r["nik"]
            shown = f"NIK tertulis: {raw!s} / NIK as written: {raw!s}" if raw else "-"
            rows.append(
                {
                    ROW_ID: r[ROW_ID],
                    "reason": code_map.get(code, code),
                    RELATED_ID: None,
                    "match_probability": None,
                    "evidence": shown,
                    "message_id": r["nik_message_id"],
                    "message_en": r["nik_message_en"],
                }
            )
    for rid in work.filter(pl.col("_empty"))[ROW_ID].to_list():
        rows.append(
            {
                ROW_ID: rid,
                "reason": "EMPTY_ROW",
                RELATED_ID: None,
                "match_probability": None,
                "evidence": "-",
                "message_id": "Baris kosong: semua kolom yang dikenali kosong",
                "message_en": "Empty row: every recognised column is empty",
            }
        )
    return findings_from_rows(rows, proposed, proposed)


def _conflicts(ka: str | None, kb: str | None, per_kind: bool) -> bool:
    return (not per_kind) or ka is None or kb is None or ka == kb


def duplicate_findings(
    proposed: pl.DataFrame,
    pairs: pl.DataFrame,
    clusters: pl.DataFrame,
    evidence: Evidence,
    options: ScreenOptions,
    person_based: bool,
    empty: pl.Series,
) -> pl.DataFrame:
    """DUPLICATE_IN_LIST: in each cluster, rows are taken in source order (reversed for
    keep="last"); a row that conflicts with an already kept row (same aid kind, or
    either kind unknown, or --any-kind) is a duplicate of the first such kept row."""
    members = (
        clusters.filter(pl.col("cluster_size") > 1)
        .join(proposed.select(ROW_ID, "aid_kind_clean"), on=ROW_ID, how="left")
        .join(proposed.select(ROW_ID).with_columns(empty.alias("_empty")), on=ROW_ID, how="left")
        .filter(~pl.col("_empty"))
        .sort(ROW_ID, descending=options.keep == "last")
    )
    if members.height == 0:
        return empty_findings()
    dups: list[tuple[int, int]] = []
    kept: dict[str, list[tuple[int, str | None]]] = {}
    for cid, rid, kind in members.select("cluster_id", ROW_ID, "aid_kind_clean").iter_rows():
        group = kept.setdefault(cid, [])
        target = next((k for k, kk in group if _conflicts(kind, kk, options.per_kind)), None)
        if target is None:
            group.append((rid, kind))
        else:
            dups.append((rid, target))
    if not dups:
        return empty_findings()
    lookup = _pair_lookup(pairs, {i for d in dups for i in d}, clusters)
    places = row_places(proposed, {i for d in dups for i in d})
    unit_id = "orang yang sama" if person_based else "usaha yang sama"
    unit_en = "the same person" if person_based else "the same business"
    rows: list[dict[str, Any]] = []
    for rid, target in dups:
        pair, via = lookup(rid, target)
        where = places.get(target, "-")
        if pair is None:
            prob, text = None, "-"
        else:
            prob = float(pair["match_probability"])
            text = evidence.of_pair(pair)
            if via is not None:
                via_at = row_places(proposed, [via]).get(via, "-")
                text = f"lewat {via_at} / via that row: {text}"
        rows.append(
            {
                ROW_ID: rid,
                "reason": "DUPLICATE_IN_LIST",
                RELATED_ID: target,
                "match_probability": prob,
                "evidence": text,
                "message_id": f"Ganda: {unit_id} dengan {where} (yang dipertahankan); "
                "jangan dibayar dua kali",
                "message_en": f"Duplicate: {unit_en} as {where.replace('baris', 'row')} "
                "(the row kept); do not pay twice",
            }
        )
    return findings_from_rows(rows, proposed, proposed)


def _pair_lookup(pairs: pl.DataFrame, ids: set[int], clusters: pl.DataFrame):
    """(row, target) -> (best pair dict, via row or None): the direct pair when scored,
    else the strongest pair of `row` inside its cluster."""
    cluster_of = dict(clusters.select(ROW_ID, "cluster_id").iter_rows())
    sub = pairs.filter(
        pl.col("unique_id_l").is_in(list(ids)) | pl.col("unique_id_r").is_in(list(ids))
    )
    direct: dict[tuple[int, int], dict[str, Any]] = {}
    best: dict[int, tuple[float, dict[str, Any], int]] = {}
    for pair in sub.iter_rows(named=True):
        a, b = pair["unique_id_l"], pair["unique_id_r"]
        direct[(a, b)] = pair
        if cluster_of.get(a) != cluster_of.get(b):
            continue
        p = pair["match_probability"]
        for me, other in ((a, b), (b, a)):
            if me in ids and (me not in best or p > best[me][0]):
                best[me] = (p, pair, other)

    def lookup(rid: int, target: int) -> tuple[dict[str, Any] | None, int | None]:
        key = (min(rid, target), max(rid, target))
        if key in direct:
            return direct[key], None
        if rid in best:
            return best[rid][1], best[rid][2]
        return None, None

    return lookup


def reference_findings(
    proposed: pl.DataFrame,
    references: pl.DataFrame,
    exact: pl.DataFrame,
    link_pairs: pl.DataFrame,
    evidence: Evidence,
) -> pl.DataFrame:
    """ALREADY_RECEIVED and EXCLUDED_<CATEGORY>: the best compatible match per role."""

    if references.height == 0:
        return empty_findings()
    names = name_similarity(
        exact.filter(pl.col(COMPATIBLE)).select("unique_id_l", "unique_id_r", ROLE),
        proposed,
        references,
    )
    candidates: list[dict[str, Any]] = []
    for r in names.iter_rows(named=True):
        candidates.append(
            {
                "l": r["unique_id_l"],
                "r": r["unique_id_r"],
                "role": r[ROLE],
                "p": 1.0,
                "rank": 0,
                "evidence": exact_evidence(r["name_same"], r["name_different"]),
            }
        )
    for pair in link_pairs.filter(pl.col(COMPATIBLE)).iter_rows(named=True):
        candidates.append(
            {
                "l": pair["unique_id_l"],
                "r": pair["unique_id_r"],
                "role": pair[ROLE],
                "p": float(pair["match_probability"]),
                "rank": 1,
                "evidence": evidence.of_pair(pair),
            }
        )
    candidates.sort(key=lambda c: (c["l"], c["role"], c["rank"], -c["p"], c["r"]))
    best: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for c in candidates:
        if (c["l"], c["role"]) not in seen:
            seen.add((c["l"], c["role"]))
            best.append(c)
    places = row_places(references, {c["r"] for c in best})
    rows: list[dict[str, Any]] = []
    for c in best:
        where = places.get(c["r"], "-")
        where_en = where.replace(" baris ", " row ")
        if c["role"] == RECEIVED:
            reason = "ALREADY_RECEIVED"
            msg_id = f"Sudah menerima bantuan: {where}"
            msg_en = f"Already received aid: {where_en}"
        else:
            cat = c["role"].split(":", 1)[1]
            label_id, label_en = category_label(cat)
            reason = f"EXCLUDED_{cat.upper()}"
            msg_id = f"Tercantum di daftar pengecualian ({label_id}): {where}"
            msg_en = f"On the exclusion list ({label_en}): {where_en}"
        rows.append(
            {
                ROW_ID: c["l"],
                "reason": reason,
                RELATED_ID: c["r"],
                "match_probability": c["p"],
                "evidence": c["evidence"],
                "message_id": msg_id,
                "message_en": msg_en,
            }
        )
    return findings_from_rows(rows, proposed, references)


def clean_mask(proposed: pl.DataFrame, findings: pl.DataFrame) -> pl.Series:
    """True for proposed rows without any finding: the clean list."""
    flagged = findings[ROW_ID].unique()
    return proposed.select(~pl.col(ROW_ID).is_in(flagged.implode()))[ROW_ID].alias("clean")
