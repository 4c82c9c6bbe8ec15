"""`sinergi dedupe`: find duplicate businesses across spreadsheets.

A thin shell over `sinergi.linkage.dedupe`: parse arguments, call the pipeline, write
the outputs, print what was recognised. Every "this input cannot be used" becomes a
`UsageError` (exit 2, one line naming the file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sinergi.cli import UsageError
from sinergi.commands.options import (
    add_input_options,
    apply_model_inputs,
    input_errors,
    output_errors,
    probability,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dedupe",
        help="cari duplikat usaha di berkas / find duplicate businesses in files",
        description=(
            "Membaca berkas xlsx/csv, mengenali kolom, menilai pasangan dengan Splink dan "
            "mengelompokkan baris yang sama. / Reads xlsx/csv files, recognises columns, "
            "scores pairs with Splink and clusters rows of the same business."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="berkas sumber / source files")
    p.add_argument("--out", required=True, metavar="DIR", help="folder hasil / output folder")
    add_input_options(p)
    p.add_argument(
        "--threshold",
        type=probability,
        default=None,
        metavar="P",
        help="ambang peluang cocok / match probability threshold (default 0.99)",
    )
    p.add_argument(
        "--review-band",
        type=probability,
        nargs=2,
        default=None,
        metavar=("LOW", "HIGH"),
        help="rentang yang perlu diperiksa / pairs to review (default 0.5 0.995)",
    )
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    p.add_argument(
        "--model", metavar="FILE", help="model.json dari run sebelumnya / reuse a trained model"
    )
    p.add_argument("--quiet", action="store_true", help="tanpa progres / no progress output")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sinergi.linkage import (
        DEDUPE_REVIEW_BAND,
        DEDUPE_THRESHOLD,
        DedupeOptions,
        dedupe_files,
        write_dedupe_outputs,
    )

    options = DedupeOptions(
        threshold=args.threshold if args.threshold is not None else DEDUPE_THRESHOLD,
        review_band=tuple(args.review_band or DEDUPE_REVIEW_BAND),
        engine=args.engine,
        sheet=args.sheet,
        quiet=args.quiet,
        on_file=None if args.quiet else _print_file,
    )
    if not 0 < options.threshold < 1:
        raise UsageError(
            f"--threshold {options.threshold:g}: harus di antara 0 dan 1 / must be in (0, 1)"
        )
    low, high = options.review_band
    if low > high:
        raise UsageError(f"--review-band {low:g} {high:g}: LOW > HIGH")
    with input_errors():
        apply_model_inputs(args, options)
        result = dedupe_files(args.files, options)
    with output_errors(args.out):
        paths = write_dedupe_outputs(result, Path(args.out), quiet=args.quiet)
    if not args.quiet:
        dup = result.records.filter(result.records["cluster_size"] > 1).height
        sys.stdout.write(
            f"{result.n_rows} baris, {result.n_clusters} klaster, {dup} baris berduplikat / "
            f"rows, clusters, rows with duplicates -> {paths['report'].parent}\n"
        )
    return 0


def _print_file(summary: object) -> None:
    """Say which columns of a file were recognised, as soon as it has been read."""
    sheet = f" [{summary.sheet}]" if summary.sheet else ""
    lines = [f"{summary.file}{sheet}: {summary.rows} baris / rows"]
    if summary.header_row > 1:
        lines[0] += (
            f", judul kolom di baris {summary.header_row} ({summary.preamble} baris judul "
            f"dilewati) / header on row {summary.header_row} ({summary.preamble} title rows "
            "skipped)"
        )
    lines += [f"  {line}" for line in summary.mapping.describe().splitlines()]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
