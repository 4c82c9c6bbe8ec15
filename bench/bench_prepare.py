"""Time `prepare.normalise_frame` and `prepare.frame_problems` stage by stage on real inputs.

    .venv/bin/python -m bench.bench_prepare --inputs /tmp/gen1m [--repeat 2] [--threads N]
    .venv/bin/python -m bench.bench_prepare --parquet /tmp/frame1m.parquet

`--inputs` is a directory written by `python -m bench.generate` (its `sources/` files are
read with `dedupe.read_inputs`, so the frame is exactly what the pipeline sees);
`--save-parquet` keeps that frame for faster reruns through `--parquet`. Every stage runs
`--repeat` times and the best time is printed, because the machine is shared.

`--reference PATH` guards speed work: the first run saves the region and address columns
of `normalise_frame` there; later runs compare theirs row by row and print how many rows
match in every column (exit 1 when any differs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


def _clear_region_caches() -> None:
    """Forget resolved names (not the indexes), so every repeat pays for resolution."""
    from sinergi.linkage.normalize import region, region_index

    for obj in vars(region).values():
        if hasattr(obj, "cache_clear") and hasattr(obj, "cache_info"):
            if obj is not region_index.index_of:
                obj.cache_clear()


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        _clear_region_caches()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> int:
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--inputs", type=Path, help="directory written by bench.generate")
    src.add_argument("--parquet", type=Path, help="a canonical frame saved with --save-parquet")
    ap.add_argument("--save-parquet", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="POLARS_MAX_THREADS (0: default)")
    ap.add_argument("--stages", action="store_true", help="also time each normaliser alone")
    ap.add_argument("--reference", type=Path, help="save, or compare with, region/address output")
    args = ap.parse_args()
    if args.threads:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)  # before polars is imported
    import polars as pl

    from sinergi.linkage import prepare
    from sinergi.linkage.normalize import address, business, identifiers, names, nik, phone
    from sinergi.linkage.normalize.region_frame import resolve_frame
    from sinergi.linkage.normalize.region_tables import load_tables

    if args.inputs:
        from sinergi.linkage.dedupe import read_inputs

        files = sorted(p for p in (args.inputs / "sources").iterdir() if p.is_file())
        t = time.perf_counter()
        df, _, _ = read_inputs(files)
        print(f"read {df.height:,} rows from {len(files)} files in {time.perf_counter() - t:.1f} s")
        if args.save_parquet:
            df.write_parquet(args.save_parquet)
    else:
        df = pl.read_parquet(args.parquet)
    load_tables()
    print(f"threads={pl.thread_pool_size()} load={os.getloadavg()[0]:.1f}")

    if args.stages:
        work = prepare._with_all_fields(df)
        stages: dict[str, Callable[[], object]] = {
            "nik": lambda: nik.add_nik_columns(work, "nik", None, kk_col="kk"),
            "names": lambda: names.add_name_columns(work, "owner_name"),
            "business": lambda: business.add_business_columns(work, "business_name"),
            "address": lambda: address.add_address_columns(work, "address", "rt_rw"),
            "identifiers": lambda: identifiers.add_identifier_columns(work),
            "phone": lambda: phone.add_phone_columns(work.lazy(), "phone").collect(),
            "regions": lambda: resolve_frame(work),
        }
        for name, fn in stages.items():
            seconds, _ = _best(fn, args.repeat)
            print(f"  {name:<12} {seconds:6.2f} s")

    seconds, out = _best(lambda: prepare.normalise_frame(df), args.repeat)
    print(f"normalise_frame {seconds:6.2f} s  ({out.height:,} rows, {out.width} columns)")
    seconds, problems = _best(lambda: prepare.frame_problems(out), args.repeat)
    print(f"frame_problems  {seconds:6.2f} s  ({problems.height:,} problems)")
    if args.reference:
        return _check_reference(out, args.reference)
    return 0


_REFERENCE_COLUMNS = (
    "province_code",
    "regency_code",
    "district_code",
    "village_code",
    "region_confidence",
    "address_clean",
    "street",
    "house_number",
    "rt",
    "rw",
)


def _check_reference(out: pl.DataFrame, path: Path) -> int:
    """Save the output columns to `path`, or compare them with the ones saved there."""
    import polars as pl  # imported late: POLARS_MAX_THREADS must be set first

    got = out.select(c for c in _REFERENCE_COLUMNS if c in out.columns)
    if not path.exists():
        got.write_parquet(path)
        print(f"reference saved: {path} ({got.height:,} rows, {got.width} columns)")
        return 0
    ref = pl.read_parquet(path)
    if ref.columns != got.columns or ref.height != got.height:
        print(f"reference shape differs: {ref.shape} {ref.columns} vs {got.shape} {got.columns}")
        return 1
    differs = pl.DataFrame([~ref[c].eq_missing(got[c]) for c in got.columns])
    bad = differs.select(pl.any_horizontal(pl.all())).to_series().sum()
    for c in got.columns:
        print(f"  {c:<18} {differs[c].sum():,} rows differ")
    print(f"reference: {got.height - bad:,} of {got.height:,} rows match in every column")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
