"""Screening a proposed aid list before money moves (`sinergi screen`).

Proposed lists are checked for every case the state audit of BPUM 2020 named: the same
person or business twice, aid already received, people on exclusion lists (civil
servants, state-company staff, the deceased, bank-credit borrowers, ...) and NIKs that
are invalid, damaged by Excel, missing or shared by different people. `screen()` is
the one entry point for the CLI and the web platform; it returns a `ScreenResult` and
writes nothing (`screen_outputs.write_outputs` does).

Steps: read every list -> normalise the proposed rows -> reference rows (received and
exclusion lists): period filter, cheap normalisation, exact-NIK join, pre-filter by
blocking keys, full normalisation of the candidates -> train one model on proposed +
candidates (unless one is given) -> duplicates inside the proposed lists (Splink +
constrained clustering, one row kept per group) -> proposed x candidates with Splink
`predict_between` -> findings.

Invariants:
- every proposed row is in `proposed` exactly once, input order, with `unique_id` =
  its 0-based position over all proposed lists; it is in the clean list iff it has no
  finding (`screen_findings.clean_mask`);
- reference rows never get findings: they are evidence (`related_file`/`related_row`);
- a file that cannot be used raises `InputError` naming it; the same inputs and options
  give the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage import prepare
from sinergi.linkage.clusters import DEFAULT_CANNOT_LINK, cluster
from sinergi.linkage.io import columns
from sinergi.linkage.io.frames import ListFrame, frame_table
from sinergi.linkage.io.headers import fold
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import input_error
from sinergi.linkage.model.link import default_model, train_model
from sinergi.linkage.model.scoring import load_spec, model_frame, score
from sinergi.linkage.schema import ROW_ID
from sinergi.linkage.screen import findings as screen_findings
from sinergi.linkage.screen.names import clearly_different_names
from sinergi.linkage.screen.options import (  # noqa: F401 - re-exported for callers of the pipeline
    COMPATIBLE,
    DEFAULT_THRESHOLD,
    EXCLUDE_PREFIX,
    EXTRA_BLOCKING_RULES,
    KIND,
    KNOWN_CATEGORIES,
    LINK_RULES,
    NIK_DISTRICT,
    PREFILTER_FROM_ROWS,
    PROPOSED,
    RECEIVED,
    ROLE,
    TRAINING_REFERENCE_SAMPLE,
    TRAINING_SEED,
    ListFile,
    ScreenOptions,
    ScreenResult,
    parse_category,
    screening_spec,
)
from sinergi.linkage.screen.refs import (
    apply_period,
    link_frame,
    link_spec,
    link_to_references,
    reference_candidates,
)
from sinergi.linkage.steps import Steps, timed

# ------------------------------------------------------------------------------- reading


def read_lists(
    paths: Sequence[str | Path | ListFrame],
    role: str,
    *,
    first_id: int,
    sheet: str | None,
    maps: dict[str, dict[str, str]],
    on_file: Callable[[ListFile], None] | None = None,
) -> tuple[pl.DataFrame, list[ListFile]]:
    """Read lists with the dedupe readers and column recognition; ids from `first_id`.

    A `ListFrame` (a list already in memory, columns named by field) is taken as it is.

    Raises InputError for a file that cannot be used (missing, no identifying column,
    no data rows).
    """

    frames: list[pl.DataFrame] = []
    infos: list[ListFile] = []
    for path in paths:
        if isinstance(path, ListFrame):
            table, mapping = frame_table(path)
        else:
            table = read_table(path, sheet=sheet)
            mapping = columns.recognise_table(table, columns.overrides_for(maps, table.file))
        columns.require_identifying(mapping, table.file)
        frame = columns.to_canonical(table, mapping)
        if frame.height == 0:
            raise input_error(table.file, "tidak ada baris data", "no data rows")
        nik_header = mapping.fields.get("nik")
        info = ListFile(
            role=role,
            file=table.file,
            sheet=table.sheet,
            rows=frame.height,
            mapping=mapping,
            headers=table.headers,
            numeric_nik=nik_header is not None and nik_header in table.numeric_columns,
        )
        if role == RECEIVED:
            info.date_column = find_date_column(mapping.unknown)
        frames.append(frame.with_columns(pl.lit(role).alias(ROLE)))
        infos.append(info)
        if on_file is not None:
            on_file(info)
    if not frames:
        return pl.DataFrame(), infos
    combined = pl.concat(frames, how="diagonal_relaxed").with_row_index(ROW_ID, offset=first_id)
    return combined.with_columns(pl.col(ROW_ID).cast(pl.Int64)), infos


_DATE_WORDS = re.compile(r"\b(tanggal|tgl|date|tahun|periode|bulan|waktu|cair|salur)")
_NOT_DATE = re.compile(r"lahir|birth|ttl|meninggal\s+dunia\s+ahli")


def find_date_column(headers: Sequence[str]) -> str | None:
    """The first unknown header that names a payment date or period ("Tanggal Cair",
    "Tahun", "Periode"), never a birth date."""

    for h in headers:
        key = fold(h)
        if _DATE_WORDS.search(key) and not _NOT_DATE.search(key):
            return h
    return None


# ------------------------------------------------------------------------------ pipeline


def screen(
    paths: Sequence[str | Path | ListFrame], options: ScreenOptions | None = None
) -> ScreenResult:
    """Screen the proposed lists `paths`; see the module docstring.

    Raises:
        InputError: a file cannot be used at all (the message names it).
        EngineUnavailable: the engine cannot run here.
        ValueError: options out of range, or a model made for other settings.
    """

    options = options or ScreenOptions()
    if not 0 < options.threshold < 1:
        raise ValueError("threshold must be in (0, 1)")
    if options.keep not in ("first", "last"):
        raise ValueError("keep must be 'first' or 'last'")
    pf, pt = options.period_from, options.period_to
    if pf and pt and pf > pt:
        raise ValueError(f"period: {pf} is after {pt}")
    spec = screening_spec(options.spec or load_spec())
    timings: dict[str, float] = {}
    steps = Steps(total=7, quiet=options.quiet)
    try:
        steps.note("membaca berkas / reading files")
        with timed(timings, "read"):
            proposed, files = read_lists(
                paths,
                PROPOSED,
                first_id=0,
                sheet=options.sheet,
                maps=options.maps,
                on_file=options.on_file,
            )
            refs, ref_files = _read_references(options, first_id=proposed.height)
            files += ref_files
        steps.step("normalisasi / normalising")
        with timed(timings, "normalise_proposed"):
            numeric = {f.file for f in files if f.numeric_nik and f.role == PROPOSED}
            proposed = prepare.normalise_frame(proposed, numeric_nik_files=numeric)
        person_based = not any(
            "business_name" in f.mapping.fields for f in files if f.role == PROPOSED
        )
        with timed(timings, "period_filter"):
            refs = apply_period(refs, ref_files, pf, pt)
        steps.step("pembanding / reference lists")
        with timed(timings, "references"):
            refs_numeric = {f.file for f in ref_files if f.numeric_nik}
            exact, candidates, sample = reference_candidates(
                proposed, refs, refs_numeric, spec, options, timings
            )
        steps.step("model")
        with timed(timings, "train"):
            model = options.model or _train(proposed, sample, spec, options.engine)
        steps.step("duplikat / duplicates")
        with timed(timings, "dedupe"):
            dup_pairs, clusters = _proposed_duplicates(proposed, model, spec, options, person_based)
        steps.step("pencocokan / linking")
        with timed(timings, "link"):
            link_pairs = link_to_references(
                proposed, candidates, sample, exact, model, spec, options
            )
        steps.step("temuan / findings")
        with timed(timings, "findings"):
            findings = screen_findings.build_findings(
                proposed=proposed,
                references=candidates,
                exact=exact,
                link_pairs=link_pairs,
                dup_pairs=dup_pairs,
                clusters=clusters,
                model=model,
                options=options,
                person_based=person_based,
            )
        steps.step("selesai / done")
    finally:
        steps.close()
    counts = {
        "proposed": proposed.height,
        "references": int(sum(f.rows for f in ref_files)),
        "outside_period": int(sum(f.outside_period for f in ref_files)),
        "candidates": candidates.height,
        "exact_pairs": exact.height,
        "link_pairs": link_pairs.height,
    }
    return ScreenResult(
        proposed=proposed,
        findings=findings,
        references=candidates,
        files=files,
        model=model,
        options=options,
        person_based=person_based,
        timings=timings,
        counts=counts,
    )


def _read_references(options: ScreenOptions, first_id: int) -> tuple[pl.DataFrame, list[ListFile]]:
    frames: list[pl.DataFrame] = []
    infos: list[ListFile] = []
    groups: list[tuple[str, list[str | Path | ListFrame]]] = []
    if options.received:
        groups.append((RECEIVED, list(options.received)))
    for cat, paths in options.exclude.items():
        groups.append((EXCLUDE_PREFIX + parse_category(cat), list(paths)))
    next_id = first_id
    for role, paths in groups:
        frame, info = read_lists(
            paths,
            role,
            first_id=next_id,
            sheet=options.sheet,
            maps=options.maps,
            on_file=options.on_file,
        )
        if frame.height:
            frames.append(frame)
            next_id += frame.height
        infos += info
    if not frames:
        return pl.DataFrame(), infos
    return pl.concat(frames, how="diagonal_relaxed"), infos


def _train(
    proposed: pl.DataFrame, sample: pl.DataFrame, spec: dict[str, Any], engine: str
) -> dict[str, Any]:
    """Train on the proposed rows and a random sample of reference rows together (see
    TRAINING_REFERENCE_SAMPLE for why a random sample)."""

    frames = [model_frame(proposed, spec)]
    if sample.height:
        frames.append(model_frame(sample, spec))
    try:
        return train_model(pl.concat(frames), spec, engine=engine)
    except ValueError as exc:
        # EM can degenerate on lists with almost no true matches: an m probability
        # underflows and Splink refuses it. Screen with the engine's parameters for
        # inputs too small to train on, as for a short list.
        if "underflow" not in str(exc):
            raise

        return default_model(spec)


def _proposed_duplicates(
    proposed: pl.DataFrame,
    model: dict[str, Any],
    spec: dict[str, Any],
    options: ScreenOptions,
    person_based: bool,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scored pairs inside the proposed lists and their clusters.

    For person-based aid (no business names) two clearly different owner names are a
    cannot-link pair as well: one NIK on two people is NIK_SHARED, not a duplicate. A
    mistyped name ("Kokom" / "Kpkon") is not clearly different.
    """

    scored = score(
        link_frame(proposed, spec),
        engine=options.engine,
        model=model,
        spec=link_spec(spec),
        min_probability=0.01,
    )
    rules = list(DEFAULT_CANNOT_LINK)
    pairs = scored.pairs
    if person_based and pairs.height:
        pairs = _with_name_conflicts(pairs, proposed)
        rules.append(("names_differ", 1))
    copies = proposed["copy_key"] if "copy_key" in proposed.columns else None
    result = cluster(proposed[ROW_ID], pairs, options.threshold, cannot_link=rules, copies=copies)
    return scored.pairs, result.clusters


def _with_name_conflicts(pairs: pl.DataFrame, proposed: pl.DataFrame) -> pl.DataFrame:
    """Add gamma_names_differ (1 = the owner names are clearly different people, see
    screen_findings.clearly_different_names) to pairs; checked only where the model's
    name comparison already says 'different' (gamma 0), which keeps it cheap."""

    pairs = pairs.with_row_index("_pi")
    # Two clearly different names are two people, whatever else agrees: a shared NIK
    # (NIK_SHARED) or a shared house (a household's members are proposed one by one).
    suspect = pairs.filter(pl.col("gamma_owner_name") == 0)
    flags = pl.DataFrame(schema={"_pi": pl.UInt32, "gamma_names_differ": pl.Int8})
    if suspect.height:
        differ = clearly_different_names(suspect, proposed, proposed)
        flags = suspect.select("_pi").with_columns(differ.cast(pl.Int8).alias("gamma_names_differ"))
    return (
        pairs.join(flags, on="_pi", how="left")
        .with_columns(pl.col("gamma_names_differ").fill_null(0))
        .drop("_pi")
    )


__all__ = [
    "ScreenOptions",
    "ScreenResult",
    "ListFile",
    "screen",
    "parse_category",
    "read_lists",
    "find_date_column",
]
