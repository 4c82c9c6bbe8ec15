"""`sinergi screen`: check a proposed aid list before money moves.

A thin shell over `sinergi.linkage.screen.pipeline`: parse arguments, call the pipeline, write
the outputs, print what was recognised and a one-line summary. Every "this input cannot
be used" becomes a `UsageError` (exit 2, one line naming the file), as in `dedupe`.
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
    open_probability,
    output_errors,
)


def _date(text: str):
    from sinergi.linkage import parse_date_arg

    try:
        return parse_date_arg(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screen",
        help="periksa daftar calon penerima bantuan / screen a proposed aid list",
        description=(
            "Memeriksa daftar usulan penerima bantuan sebelum dibayar: ganda, sudah "
            "menerima, daftar pengecualian (ASN, BUMN, meninggal, kredit), NIK tidak valid, "
            "rusak, kosong atau dipakai bersama. / Screens proposed aid lists before "
            "payment: duplicates, already received, exclusion lists, invalid, damaged, "
            "missing or shared NIKs."
        ),
    )
    p.add_argument("lists", nargs="+", metavar="LIST", help="daftar usulan / proposed lists")
    p.add_argument("--out", required=True, metavar="DIR", help="folder hasil / output folder")
    p.add_argument(
        "--received",
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="daftar yang sudah dibayar / lists of aid already paid",
    )
    p.add_argument(
        "--exclude",
        nargs="+",
        action="extend",
        default=[],
        metavar="CATEGORY=FILE",
        help="daftar pengecualian, mis. asn=asn.xlsx deceased=meninggal.csv / exclusion lists",
    )
    kind = p.add_mutually_exclusive_group()
    kind.add_argument(
        "--per-kind",
        dest="per_kind",
        action="store_true",
        default=True,
        help="ganda hanya untuk jenis bantuan yang sama (bawaan) / duplicates per aid kind",
    )
    kind.add_argument(
        "--any-kind",
        dest="per_kind",
        action="store_false",
        help="ganda walau jenis bantuan berbeda / duplicates across aid kinds",
    )
    p.add_argument("--period-from", type=_date, metavar="DATE", help="awal periode / period start")
    p.add_argument("--period-to", type=_date, metavar="DATE", help="akhir periode / period end")
    add_input_options(p)
    p.add_argument(
        "--threshold",
        type=open_probability,
        default=None,
        metavar="P",
        help="ambang peluang cocok / match probability threshold (default 0.6)",
    )
    p.add_argument(
        "--keep",
        choices=("first", "last"),
        default="first",
        help="baris ganda yang dipertahankan / which duplicate is kept (default first)",
    )
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    p.add_argument(
        "--model", metavar="FILE", help="model.json dari run sebelumnya / reuse a trained model"
    )
    p.add_argument("--quiet", action="store_true", help="tanpa progres / no progress output")
    p.set_defaults(run=run)


def parse_excludes(values: list[str]) -> dict[str, list[str]]:
    """["asn=a.csv", "ASN=b.xlsx"] -> {"asn": ["a.csv", "b.xlsx"]}; UsageError when bad."""
    from sinergi.linkage import parse_category

    out: dict[str, list[str]] = {}
    for value in values:
        cat, sep, path = value.partition("=")
        if not sep or not cat.strip() or not path.strip():
            raise UsageError(
                f"--exclude {value!r}: bentuknya KATEGORI=BERKAS, mis. asn=asn.xlsx "
                "/ expected CATEGORY=FILE, e.g. asn=asn.xlsx"
            )
        try:
            key = parse_category(cat)
        except ValueError as exc:
            raise UsageError(f"--exclude {value!r}: {exc}") from None
        out.setdefault(key, []).append(path.strip())
    return out


def run(args: argparse.Namespace) -> int:
    from sinergi.linkage import SCREEN_THRESHOLD, ScreenOptions, screen_lists, write_screen_outputs

    if args.period_from and args.period_to and args.period_from > args.period_to:
        raise UsageError(
            f"--period-from {args.period_from} setelah / is after --period-to {args.period_to}"
        )
    options = ScreenOptions(
        received=list(args.received),
        exclude=parse_excludes(args.exclude),
        per_kind=args.per_kind,
        period_from=args.period_from,
        period_to=args.period_to,
        threshold=args.threshold if args.threshold is not None else SCREEN_THRESHOLD,
        keep=args.keep,
        engine=args.engine,
        sheet=args.sheet,
        quiet=args.quiet,
        on_file=None if args.quiet else _print_file,
    )
    with input_errors():
        apply_model_inputs(args, options)
        result = screen_lists(args.lists, options)
    with output_errors(args.out):
        paths = write_screen_outputs(result, Path(args.out))
    if not args.quiet:
        flagged = result.findings["unique_id"].n_unique()
        sys.stdout.write(
            f"{result.n_rows} baris diperiksa, {flagged} dengan temuan, "
            f"{result.n_rows - flagged} bersih / rows screened, with findings, clean "
            f"-> {paths['report'].parent}\n"
        )
    return 0


def _print_file(info: object) -> None:
    """Say which columns of a list were recognised, as soon as it has been read."""
    role = {"proposed": "usulan", "received": "sudah diterima"}.get(
        info.role, f"pengecualian {info.category}"
    )
    sheet = f" [{info.sheet}]" if info.sheet else ""
    lines = [f"{info.file}{sheet} ({role}): {info.rows} baris / rows"]
    lines += [f"  {line}" for line in info.mapping.describe().splitlines()]
    if info.date_column:
        lines.append(f"  {info.date_column} -> tanggal pembayaran / payment date")
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
