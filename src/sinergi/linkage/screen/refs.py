"""Reference lists in a screening run: the period rule, candidates, and linking.

Received and exclusion lists can hold a million rows; proposed lists a hundred thousand.
This module keeps that affordable (see docs/benchmarks.md): exact 16-digit NIKs
are joined in polars, only reference rows that share a blocking key with a proposed row
that still needs them reach full normalisation and Splink, and large lists are
normalised in two passes. Functions are pure over frames; `screen.screen` calls them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from sinergi.linkage import prepare
from sinergi.linkage.model.link import exact_pairs, link_between, prefilter
from sinergi.linkage.model.scoring import model_frame
from sinergi.linkage.schema import ROW_ID, SOURCE_FILE
from sinergi.linkage.screen.dates import parse_period_expr
from sinergi.linkage.screen.options import (
    COMPATIBLE,
    KIND,
    LINK_RULES,
    NIK_DISTRICT,
    RECEIVED,
    ROLE,
    TRAINING_REFERENCE_SAMPLE,
    TRAINING_SEED,
    ListFile,
    ScreenOptions,
)
from sinergi.linkage.steps import timed


def apply_period(
    refs: pl.DataFrame, files: list[ListFile], start: date | None, end: date | None
) -> pl.DataFrame:
    """Drop received rows whose payment date lies wholly outside [start, end].

    The rule (docs/screening.md): only received lists are filtered; a row counts when
    its date (a day, a month or a year) overlaps the period; a row whose date is empty
    or unreadable, or a list without a date column, counts (a payment cannot be ruled
    out). Counts of dropped rows are kept on each ListFile.
    """

    if refs.height == 0 or (start is None and end is None):
        return refs
    keep = pl.lit(True)
    for info in files:
        if info.role != RECEIVED or info.date_column is None:
            continue
        col = "extra:" + info.date_column
        if col not in refs.columns:
            continue
        # Dates repeat (a payment run has a few hundred distinct days): parse each once.
        distinct = refs.select(pl.col(col).cast(pl.Utf8)).unique()
        lo, hi = parse_period_expr(pl.col(col))
        ranges = distinct.with_columns(lo.alias("_lo"), hi.alias("_hi"))
        outside = pl.lit(False)
        if start is not None:
            outside = outside | (pl.col("_hi") < pl.lit(start)).fill_null(False)
        if end is not None:
            outside = outside | (pl.col("_lo") > pl.lit(end)).fill_null(False)
        flagged = ranges.filter(outside)[col]
        outside = pl.col(col).cast(pl.Utf8).is_in(flagged.implode()).fill_null(False)
        in_file = (pl.col(ROLE) == RECEIVED) & (pl.col(SOURCE_FILE) == info.file)
        info.outside_period = int(refs.select((in_file & outside).sum()).item())
        keep = keep & ~(in_file & outside)
    return refs.filter(keep)


def reference_candidates(
    proposed: pl.DataFrame,
    refs: pl.DataFrame,
    numeric: set[str],
    spec: dict[str, Any],
    options: ScreenOptions,
    timings: dict[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Exact-NIK pairs (proposed id, reference id), the normalised candidate rows, and a
    normalised random sample of reference rows for training (TRAINING_REFERENCE_SAMPLE).

    Large reference lists are normalised in two passes: first without addresses (the
    region text columns still resolve; the costly per-address parsing does not run),
    which is enough for the exact-NIK join and for the blocking-key pre-filter; then
    fully, only for the rows that survived. Small lists get one full pass.
    """

    empty_exact = pl.DataFrame(
        schema={
            "unique_id_l": pl.Int64,
            "unique_id_r": pl.Int64,
            ROLE: pl.Utf8,
            COMPATIBLE: pl.Boolean,
        }
    )
    if refs.height == 0:
        return empty_exact, refs, refs

    timings = timings if timings is not None else {}
    two_pass = refs.height >= options.prefilter_from_rows
    with timed(timings, "references.first_pass"):
        first = first_pass(refs, numeric, two_pass)
    with timed(timings, "references.exact_and_prefilter"):
        exact = exact_pairs(proposed, first).join(
            first.select(pl.col(ROW_ID).alias("unique_id_r"), pl.col(ROLE)), on="unique_id_r"
        )
        exact = with_kind_compatibility(exact, proposed, first, options.per_kind)
        survivors = prefilter_references(
            proposed, first, exact, relaxed_spec(spec) if two_pass else spec
        )
    keep_ids = pl.concat([survivors, exact["unique_id_r"]]).unique()
    n_sample = min(TRAINING_REFERENCE_SAMPLE, refs.height)
    sample_ids = refs[ROW_ID].sample(n_sample, seed=TRAINING_SEED).sort()
    with timed(timings, "references.full_pass"):
        if two_pass:
            wanted = pl.concat([keep_ids, sample_ids]).unique()
            sub = refs.filter(pl.col(ROW_ID).is_in(wanted.implode()))
            full = prepare.normalise_frame(sub, numeric_nik_files=numeric)
        else:
            full = first
    candidates = full.filter(pl.col(ROW_ID).is_in(keep_ids.implode())).sort(ROW_ID)
    sample = full.filter(pl.col(ROW_ID).is_in(sample_ids.implode())).sort(ROW_ID)
    return exact.sort(["unique_id_l", "unique_id_r"]), candidates, sample


def first_pass(refs: pl.DataFrame, numeric: set[str], two_pass: bool) -> pl.DataFrame:
    """Normalised reference rows; without addresses on the first of two passes."""

    if two_pass:
        light = refs.with_columns(pl.lit(None, pl.Utf8).alias(c) for c in ("address", "rt_rw"))
        return prepare.normalise_frame(light, numeric_nik_files=numeric)
    return prepare.normalise_frame(refs, numeric_nik_files=numeric)


def with_kind_compatibility(
    pairs: pl.DataFrame, proposed: pl.DataFrame, refs: pl.DataFrame, per_kind: bool
) -> pl.DataFrame:
    """Add `compatible`: may this reference row count against this proposed row?

    Exclusion lists always count. A received row counts with --any-kind; with
    --per-kind only when both aid kinds are equal or either is unknown (a list without
    an aid-kind column cannot rule a payment of the same kind out).
    """
    if pairs.height == 0:
        return pairs.with_columns(pl.lit(True).alias(COMPATIBLE))
    kl = proposed.select(pl.col(ROW_ID).alias("unique_id_l"), pl.col(KIND).alias("_kl"))
    kr = refs.select(pl.col(ROW_ID).alias("unique_id_r"), pl.col(KIND).alias("_kr"))
    out = pairs.drop(COMPATIBLE, strict=False).join(kl, on="unique_id_l", how="left")
    out = out.join(kr, on="unique_id_r", how="left")
    same = pl.col("_kl").is_null() | pl.col("_kr").is_null() | (pl.col("_kl") == pl.col("_kr"))
    ok = (pl.col(ROLE) != RECEIVED) | pl.lit(not per_kind) | same
    return out.with_columns(ok.alias(COMPATIBLE)).drop("_kl", "_kr")


def link_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The screening spec plus LINK_RULES, for proposed x reference linking only."""
    rules = [list(r) for r in spec["blocking_rules"]] + [list(r) for r in LINK_RULES]
    return {**spec, "blocking_rules": rules}


def link_frame(df: pl.DataFrame, spec: dict[str, Any]) -> pl.DataFrame:
    """`model.model_frame` plus NIK_DISTRICT (the first six digits of nik15)."""

    frame = model_frame(df, spec)
    return frame.with_columns(pl.col("nik15").str.slice(0, 6).alias(NIK_DISTRICT))


def relaxed_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Blocking rules usable on the first, address-free pass of a large reference list.

    That pass has regency codes (from the regency column) but no village or district
    (those come from the address). A village or district column is replaced by the
    regency, which contains it, so the rule still keeps every row it would have paired;
    a rule left with only a first or last name would keep nearly every row and is
    dropped: on large lists those typo matches are the price of speed.
    """
    out: list[list[str]] = []
    for cols in spec["blocking_rules"]:
        local = [c for c in cols if c in ("village_code", "district_code")]
        if not local:
            out.append(list(cols))
            continue
        rest = [c for c in cols if c not in local]
        if rest in (["name_first"], ["name_last"]):
            continue
        out.append([*rest, "regency_code"])
    return {**spec, "blocking_rules": out}


def prefilter_references(
    proposed: pl.DataFrame, first: pl.DataFrame, exact: pl.DataFrame, spec: dict[str, Any]
) -> pl.Series:
    """Ids of reference rows that can still match a proposed row of their role.

    A proposed row with a compatible exact-NIK hit in a role needs nothing more there.
    Otherwise a reference row survives when it shares the NIK rule's key with a proposed
    row, or another rule's key with a proposed row while at least one of the two has no
    readable NIK (no 15-digit nik15). Two rows that both carry a readable, different NIK
    are left to the NIK: the model would score them far below the threshold anyway, and
    comparing every same-name-same-regency pair of a million-row list costs minutes.
    """

    nik_rules = [["blk_nik"], *[list(r) for r in LINK_RULES]]
    other_rules = [r for r in spec["blocking_rules"] if r != ["blk_nik"]]
    by_nik = {**spec, "blocking_rules": nik_rules}
    by_other = {**spec, "blocking_rules": other_rules}
    no_nik = pl.col("nik15").is_null()
    out: list[pl.Series] = []
    for role in first[ROLE].unique(maintain_order=True).to_list():
        done = exact.filter((pl.col(ROLE) == role) & pl.col(COMPATIBLE))["unique_id_l"]
        need = proposed.filter(~pl.col(ROW_ID).is_in(done.implode()))
        part = first.filter(pl.col(ROLE) == role)
        if need.height == 0 or part.height == 0:
            continue
        need_m, part_m = link_frame(need, spec), link_frame(part, spec)
        keep = prefilter(need_m, part_m, by_nik)
        need_blind = need.filter(no_nik)
        if need_blind.height:
            keep = keep | prefilter(link_frame(need_blind, spec), part_m, by_other)
        part_blind_ids = part.filter(no_nik)[ROW_ID]
        if part_blind_ids.len():
            blind_m = part_m.filter(pl.col(ROW_ID).is_in(part_blind_ids.implode()))
            hit = blind_m.filter(prefilter(need_m, blind_m, by_other))[ROW_ID]
            keep = keep | part_m[ROW_ID].is_in(hit.implode())
        out.append(part_m.filter(keep)[ROW_ID])
    if not out:
        return pl.Series(ROW_ID, [], dtype=pl.Int64)
    return pl.concat(out)


def link_to_references(
    proposed: pl.DataFrame,
    candidates: pl.DataFrame,
    sample: pl.DataFrame,
    exact: pl.DataFrame,
    model: dict[str, Any],
    spec: dict[str, Any],
    options: ScreenOptions,
) -> pl.DataFrame:
    """Splink pairs proposed x candidates at or above the threshold, with the role of the
    reference row; pairs whose (proposed row, role) already has an exact-NIK hit are
    left out (the exact hit is the better evidence)."""

    if candidates.height == 0:
        return pl.DataFrame(
            schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, ROLE: pl.Utf8}
        )
    pairs = link_between(
        link_frame(proposed, spec),
        link_frame(candidates, spec),
        model,
        link_spec(spec),
        engine=options.engine,
        min_probability=options.threshold,
        tf_frames=[proposed, sample],
    )
    pairs = pairs.join(
        candidates.select(pl.col(ROW_ID).alias("unique_id_r"), pl.col(ROLE)), on="unique_id_r"
    )
    pairs = with_kind_compatibility(pairs, proposed, candidates, options.per_kind)
    done = exact.filter(pl.col(COMPATIBLE)).select("unique_id_l", ROLE).unique()
    return pairs.join(done, on=["unique_id_l", ROLE], how="anti").sort(
        ["unique_id_l", "unique_id_r"]
    )
