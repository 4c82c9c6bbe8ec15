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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage.schema import ROW_ID

PROPOSED = "proposed"
RECEIVED = "received"
EXCLUDE_PREFIX = "exclude:"
ROLE = "role"
COMPATIBLE = "compatible"
KIND = "aid_kind_clean"

# Lower than dedupe's 0.9: a screening finding holds a payment until an officer looks,
# which costs far less than paying twice. At 0.6 a same-name, same-village pair with
# nothing against it is flagged (with that evidence); measured in docs/benchmarks.md.
DEFAULT_THRESHOLD = 0.6
# Reference lists with at least this many rows are normalised in two passes (see
# `screen_refs.reference_candidates`); below it one full pass is cheaper than two.
PREFILTER_FROM_ROWS = 250_000
# Reference rows (a seeded random sample, fully normalised) added to the proposed rows
# for training. Never the pre-filtered candidates: those were chosen for sharing names
# and places with proposed rows, so random pairs among them agree far more often than
# random people do, and u (hence every agreement weight) would come out too low.
TRAINING_REFERENCE_SAMPLE = 20_000
TRAINING_SEED = 42
# Blocking rules screening adds to the spec's: the same first name in the same village
# catches a typo in the rest of the name when the NIK is missing on one side; the same
# street and house number in the same village catches a shortened name ("Rofiq Hasan" /
# "Rofiq") when one side's NIK is wrong. Both are narrow (a village, a house).
EXTRA_BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("name_first", "village_code"),
    ("street", "house_number", "village_code"),
)
# Linking proposed rows to reference rows also pairs the same district code inside the
# NIK with the same-sounding name: a NIK with a typo in its date or serial part is then
# still compared (the model's "NIK one typo apart" level), although both sides carry a
# readable NIK and the pre-filter otherwise leaves such pairs to the NIK.
NIK_DISTRICT = "nik_district"
LINK_RULES: tuple[tuple[str, ...], ...] = ((NIK_DISTRICT, "name_phonetic"),)
# Categories the audit names; any other lower-case word is accepted too.
KNOWN_CATEGORIES: tuple[str, ...] = ("asn", "bumn", "deceased", "credit")
_CATEGORY_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


@dataclass
class ScreenOptions:
    """Knobs of one screening run. Paths are the reference lists; see `screen()`."""

    received: list[str | Path] = field(default_factory=list)
    # category (lower case, e.g. "asn") -> files
    exclude: dict[str, list[str | Path]] = field(default_factory=dict)
    per_kind: bool = True
    period_from: date | None = None
    period_to: date | None = None
    threshold: float = DEFAULT_THRESHOLD
    keep: str = "first"  # which row of a duplicate group is kept: "first" | "last"
    engine: str = "duckdb"
    model: dict[str, Any] | None = None
    spec: dict[str, Any] | None = None
    sheet: str | None = None
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    prefilter_from_rows: int = PREFILTER_FROM_ROWS
    quiet: bool = True
    on_file: Callable[[ListFile], None] | None = None


@dataclass
class ListFile:
    """One input list as read: role, name, rows and the recognised columns."""

    role: str
    file: str
    sheet: str | None
    rows: int
    mapping: Any
    headers: list[str]
    numeric_nik: bool = False
    date_column: str | None = None
    outside_period: int = 0

    @property
    def category(self) -> str | None:
        return self.role.removeprefix(EXCLUDE_PREFIX) if self.role != PROPOSED else None


@dataclass
class ScreenResult:
    """Everything a run produced; `findings` has one row per finding (FINDING_COLUMNS)."""

    proposed: pl.DataFrame
    findings: pl.DataFrame
    references: pl.DataFrame
    files: list[ListFile]
    model: dict[str, Any]
    options: ScreenOptions
    person_based: bool
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return self.proposed.height


def screening_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The model spec with EXTRA_BLOCKING_RULES appended (comparisons unchanged, so
    models trained by `dedupe` stay compatible)."""
    rules = [list(r) for r in spec["blocking_rules"]]
    for extra in EXTRA_BLOCKING_RULES:
        if list(extra) not in rules:
            rules.append(list(extra))
    return {**spec, "blocking_rules": rules}


def parse_category(text: str) -> str:
    """'ASN' -> 'asn'; raises ValueError for names that cannot be a reason code."""
    cat = text.strip().lower().replace("-", "_")
    if not _CATEGORY_RE.match(cat):
        raise ValueError(
            f"kategori {text!r} tidak valid (huruf, angka, _) / invalid category {text!r} "
            "(letters, digits, _)"
        )
    return cat


# ------------------------------------------------------------------------------- reading


def read_lists(
    paths: Sequence[str | Path],
    role: str,
    *,
    first_id: int,
    sheet: str | None,
    maps: dict[str, dict[str, str]],
    on_file: Callable[[ListFile], None] | None = None,
) -> tuple[pl.DataFrame, list[ListFile]]:
    """Read lists with the dedupe readers and column recognition; ids from `first_id`.

    Raises InputError for a file that cannot be used (missing, no identifying column,
    no data rows).
    """
    from sinergi.linkage import columns, io

    frames: list[pl.DataFrame] = []
    infos: list[ListFile] = []
    for path in paths:
        table = io.read_table(path, sheet=sheet)
        mapping = columns.recognise_table(table, columns.overrides_for(maps, table.file))
        columns.require_identifying(mapping, table.file)
        frame = columns.to_canonical(table, mapping)
        if frame.height == 0:
            raise io.input_error(table.file, "tidak ada baris data", "no data rows")
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
    from sinergi.linkage.columns import fold

    for h in headers:
        key = fold(h)
        if _DATE_WORDS.search(key) and not _NOT_DATE.search(key):
            return h
    return None


# ------------------------------------------------------------------------------ pipeline


def screen(paths: Sequence[str | Path], options: ScreenOptions | None = None) -> ScreenResult:
    """Screen the proposed lists `paths`; see the module docstring.

    Raises:
        InputError: a file cannot be used at all (the message names it).
        EngineUnavailable: the engine cannot run here.
        ValueError: options out of range, or a model made for other settings.
    """
    from sinergi.linkage import prepare, screen_findings
    from sinergi.linkage.dedupe import Steps, timed
    from sinergi.linkage.model import load_spec
    from sinergi.linkage.screen_refs import apply_period, link_to_references, reference_candidates

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
    groups: list[tuple[str, list[str | Path]]] = []
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
    from sinergi.linkage.link import train_model
    from sinergi.linkage.model import model_frame

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
        from sinergi.linkage.link import default_model

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
    from sinergi.linkage.clusters import DEFAULT_CANNOT_LINK, cluster
    from sinergi.linkage.model import score
    from sinergi.linkage.screen_refs import link_frame, link_spec

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
    from sinergi.linkage.screen_names import clearly_different_names

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
