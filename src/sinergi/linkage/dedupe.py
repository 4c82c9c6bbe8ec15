"""The dedupe pipeline: files in, clusters, pairs, problems, a model and a report out.

`dedupe()` is the one entry point used by `sinergi dedupe`, by the web platform's
linkage task and by `sinergi screen`. It returns a `DedupeResult` and writes nothing;
`write_outputs()` writes the files the CLI promises.

Steps: read every file as text -> recognise columns -> canonical frame -> normalise ->
Splink (block, train or reuse a model, score) -> clusters -> outputs.

Invariants:
- every input data row appears exactly once in `records`, in input order, with its
  source_file, source_row and a cluster_id; nothing is dropped or rewritten (the raw
  cells stay next to the normalised ones);
- a file that cannot be used at all raises `InputError` naming it; a bad cell is a
  row-level problem in `problems` and never stops the run;
- the same files and options give the same clusters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.core.spreadsheet import safe_frame
from sinergi.linkage import prepare
from sinergi.linkage.clusters import CLUSTER_ID, CLUSTER_SIZE, cluster
from sinergi.linkage.copies import COPY_KEY
from sinergi.linkage.io import columns
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import input_error
from sinergi.linkage.model.levels import level_labels
from sinergi.linkage.model.scoring import load_spec, model_frame, save_model, score
from sinergi.linkage.report import render_report
from sinergi.linkage.results import (  # noqa: F401 - re-exported: the pipeline's types
    DEFAULT_REVIEW_BAND,
    DEFAULT_THRESHOLD,
    DedupeOptions,
    DedupeResult,
    FileSummary,
)
from sinergi.linkage.schema import (
    CANONICAL_FIELDS,
    PROBLEM_COLUMNS,
    ROW_ID,
    SOURCE_FILE,
    SOURCE_ROW,
    SOURCE_SHEET,
)
from sinergi.linkage.steps import Steps, timed

# Scored pairs below this probability are not kept (nor written to pairs.csv), except
# hard negatives (see model.keep_pairs_sql): at a million rows there are tens of
# millions of them and they say only "not the same".
MIN_PAIR_PROBABILITY = 0.01

# Normalised columns written to clusters.csv, when present, in this order.
OUTPUT_NORMALISED: tuple[str, ...] = (
    "nik_status",
    "nik_full",
    "nik15",
    "name_clean",
    "name_key",
    "business_clean",
    "business_key",
    "business_form",
    "address_clean",
    "street",
    "house_number",
    "rt",
    "rw",
    "province_code",
    "regency_code",
    "district_code",
    "village_code",
    "region_source",
    "lat",
    "lng",
    "coord_status",
    "geo_district_code",
    "phone_e164",
    "phones",
    "email_clean",
    "nib_clean",
    "npwp_clean",
    "birth_date_clean",
    "sex_clean",
    "sector_code",
    "sector_clean",
)


# ------------------------------------------------------------------------------- inputs


def read_inputs(
    paths: Sequence[str | Path],
    *,
    sheet: str | None = None,
    maps: dict[str, dict[str, str]] | None = None,
    on_file: Callable[[FileSummary], None] | None = None,
) -> tuple[pl.DataFrame, list[FileSummary], list[dict[str, Any]]]:
    """Read and recognise every file; return the canonical frame (with unique_id).

    Raises InputError (from `sinergi.linkage.io.tables`) for a file that cannot be used.
    """
    maps = maps or {}
    frames: list[pl.DataFrame] = []
    summaries: list[FileSummary] = []
    problems: list[dict[str, Any]] = []
    for path in paths:
        table = read_table(path, sheet=sheet)
        overrides = columns.overrides_for(maps, table.file)
        mapping = columns.recognise_table(table, overrides)
        columns.require_identifying(mapping, table.file)
        frame = columns.to_canonical(table, mapping)
        if frame.height == 0:
            raise input_error(table.file, "tidak ada baris data", "no data rows")
        nik_header = mapping.fields.get("nik")
        summary = FileSummary(
            file=table.file,
            sheet=table.sheet,
            rows=frame.height,
            mapping=mapping,
            numeric_nik=nik_header is not None and nik_header in table.numeric_columns,
            header_row=table.header_row,
            preamble=sum(p.code == "PREAMBLE" for p in table.problems),
        )
        summaries.append(summary)
        problems += [p.as_dict() for p in table.problems]
        frames.append(frame)
        if on_file is not None:
            on_file(summary)
    combined = pl.concat(frames, how="diagonal_relaxed")
    combined = combined.with_row_index(ROW_ID).with_columns(pl.col(ROW_ID).cast(pl.Int64))
    return combined, summaries, problems


def _problem_frame(rows: list[dict[str, Any]], *more: pl.DataFrame) -> pl.DataFrame:
    schema = {c: (pl.Int64 if c == "row" else pl.Utf8) for c in PROBLEM_COLUMNS}
    frames = [pl.DataFrame(rows, schema=schema)] if rows else []
    for m in more:
        if m is not None and m.height:
            frames.append(m.select([pl.col(c).cast(schema[c]) for c in PROBLEM_COLUMNS]))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames).sort(["file", "row", "column"], maintain_order=True)


# ----------------------------------------------------------------------------- pipeline


def dedupe(paths: Sequence[str | Path], options: DedupeOptions | None = None) -> DedupeResult:
    """Run the whole pipeline on `paths`; see the module docstring.

    Raises:
        InputError: a file cannot be used at all (the message names it).
        EngineUnavailable: the engine cannot run here (e.g. pyspark missing).
        ValueError: options out of range, or a model made for other settings.
    """
    options = options or DedupeOptions()
    low, high = options.review_band
    if not (0 < options.threshold < 1 and 0 <= low <= high <= 1):
        raise ValueError("threshold must be in (0, 1) and review band 0 <= LOW <= HIGH <= 1")
    spec = options.spec or load_spec()
    timings: dict[str, float] = {}
    steps = Steps(total=4, quiet=options.quiet)
    try:
        steps.note("membaca berkas / reading files")
        with timed(timings, "read"):
            canonical, files, io_problems = read_inputs(
                paths, sheet=options.sheet, maps=options.maps, on_file=options.on_file
            )
        steps.step("normalisasi / normalising")
        with timed(timings, "normalise"):
            numeric = {f.file for f in files if f.numeric_nik}
            records = prepare.normalise_frame(canonical, numeric_nik_files=numeric)
            problems = _problem_frame(io_problems, prepare.frame_problems(records))
        steps.step("Splink")
        with timed(timings, "splink"):
            scored = score(
                model_frame(records, spec),
                engine=options.engine,
                model=options.model,
                spec=spec,
                min_probability=min(MIN_PAIR_PROBABILITY, low),
                progress=steps.note,
            )
        steps.step("klaster / clustering")
        with timed(timings, "cluster"):
            clustering = cluster(
                records[ROW_ID], scored.pairs, options.threshold, copies=records[COPY_KEY]
            )
            records = records.join(clustering.clusters, on=ROW_ID, how="left").sort(ROW_ID)
            pairs = _annotate_pairs(scored.pairs, records, options)
    finally:
        steps.close()
    timings.update({f"splink.{k}": v for k, v in scored.timings.items()})
    return DedupeResult(
        records=records,
        pairs=pairs,
        problems=problems,
        model=scored.model,
        files=files,
        clustering=clustering,
        scored=scored,
        options=options,
        timings=timings,
    )


def _annotate_pairs(
    pairs: pl.DataFrame, records: pl.DataFrame, options: DedupeOptions
) -> pl.DataFrame:
    """Add both rows' provenance, their clusters and the review flag to scored pairs."""
    low, high = options.review_band
    side = records.select(ROW_ID, SOURCE_FILE, SOURCE_ROW, CLUSTER_ID)
    out = pairs.join(
        side.rename({c: f"{c}_l" for c in side.columns}), on="unique_id_l", how="left"
    ).join(side.rename({c: f"{c}_r" for c in side.columns}), on="unique_id_r", how="left")
    p = pl.col("match_probability")
    return out.with_columns(
        (pl.col(f"{CLUSTER_ID}_l") == pl.col(f"{CLUSTER_ID}_r")).alias("same_cluster"),
        ((p >= low) & (p < high)).alias("to_review"),
    ).sort(["unique_id_l", "unique_id_r"])


# ------------------------------------------------------------------------------ outputs


def clusters_table(result: DedupeResult) -> pl.DataFrame:
    """The clusters.csv table: provenance, cluster, raw fields, normalised fields, extras."""
    rec = result.records
    recognised = [f for f in CANONICAL_FIELDS if any(f in s.mapping.fields for s in result.files)]
    cols: list[pl.Expr] = [
        pl.col(SOURCE_FILE),
        pl.col(SOURCE_ROW),
        pl.col(CLUSTER_ID),
        pl.col(CLUSTER_SIZE),
    ]
    if rec[SOURCE_SHEET].drop_nulls().len():
        cols.append(pl.col(SOURCE_SHEET))
    cols += [pl.col(f) for f in recognised]
    for c in OUTPUT_NORMALISED:
        if c not in rec.columns:
            continue
        if rec.schema[c] == pl.List(pl.Utf8):
            cols.append(pl.col(c).list.join(";").alias(c))
        else:
            cols.append(pl.col(c).cast(pl.Utf8))
    taken = {SOURCE_FILE, SOURCE_SHEET, SOURCE_ROW, CLUSTER_ID, CLUSTER_SIZE, *recognised}
    taken |= set(OUTPUT_NORMALISED)
    for c in rec.columns:
        if c.startswith("extra:"):
            header = c.removeprefix("extra:")
            cols.append(pl.col(c).alias(header if header not in taken else c))
    return rec.select(cols)


def pairs_table(result: DedupeResult) -> pl.DataFrame:
    """The pairs.csv table: both rows, score, the level of each comparison, flags."""
    labels = level_labels(result.model)
    pairs = result.pairs
    cols: list[pl.Expr] = [
        pl.col("source_file_l"),
        pl.col("source_row_l"),
        pl.col("source_file_r"),
        pl.col("source_row_r"),
        pl.col("match_probability").round(6),
        pl.col("match_weight").round(3),
        pl.col("cluster_id_l"),
        pl.col("cluster_id_r"),
        pl.col("same_cluster"),
        pl.col("to_review"),
    ]
    for name, by_gamma in labels.items():
        col = f"gamma_{name}"
        if col in pairs.columns:
            mapping = {k: v for k, v in by_gamma.items()}
            cols.append(
                pl.col(col)
                .cast(pl.Int64)
                .replace_strict(mapping, default=None, return_dtype=pl.Utf8)
                .alias(name)
            )
    return pairs.select(cols)


def write_outputs(result: DedupeResult, out_dir: str | Path, quiet: bool = True) -> dict[str, Path]:
    """Write clusters.csv, pairs.csv, problems.csv, model.json and report.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "clusters": out / "clusters.csv",
        "pairs": out / "pairs.csv",
        "problems": out / "problems.csv",
        "model": out / "model.json",
        "report": out / "report.html",
    }
    steps = Steps(total=len(paths), quiet=quiet)
    try:
        # Write times go into result.timings before the report is rendered, so the
        # report's timing line covers the whole run but the report itself.
        steps.note("clusters.csv")
        with timed(result.timings, "write.clusters"):
            safe_frame(clusters_table(result)).write_csv(paths["clusters"])
        steps.step("pairs.csv")
        with timed(result.timings, "write.pairs"):
            safe_frame(pairs_table(result)).write_csv(paths["pairs"])
        steps.step("problems.csv")
        safe_frame(result.problems).write_csv(paths["problems"])
        steps.step("model.json")
        save_model(result.model, paths["model"])
        steps.step("report.html")
        paths["report"].write_text(render_report(result), "utf-8")
        steps.step("selesai / done")
    finally:
        steps.close()
    return paths
