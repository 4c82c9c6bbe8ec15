"""Quality and wall time of `sinergi dedupe` on dialect sets (bench/dialects.py).

    python -m bench.dialect_eval --split tuning [--rows 30000] [--seeds 101 102]
                                 [--dense-seed 103] [--baseline] [--work bench/data]

Per set: one run of the real command (`python -m sinergi.cli dedupe`, a child process,
as a user runs it), its wall time, pairwise precision/recall/F1 against the truth; with
`--baseline`, generic Splink 5 (`bench.baseline_generic`) on the same files, timed the
same way from reading to clusters. The "national" set spreads rows over 4 kinds of source
across 9 provinces; the "dense" set packs them into 10 regencies, so blocks hold many
common names.

Only tuning seeds are accepted here; `bench.locked_eval` runs the locked split once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.dialects import check_seed, make
from bench.quality import pairwise_scores, read_clusters, read_truth, source_paths

DATA = Path("bench/data")


def run_dedupe(data: Path, out: Path) -> tuple[float, Path]:
    cmd = [sys.executable, "-m", "sinergi.cli", "dedupe", *map(str, source_paths(data))]
    cmd += ["--out", str(out), "--quiet"]
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"sinergi dedupe failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, out / "clusters.csv"


def run_generic(data: Path) -> tuple[float, object]:
    """Generic Splink 5 (bench.baseline_generic) as a child process, timed like dedupe."""
    import polars as pl

    out = data.parent / f"{data.name}.generic.csv"
    cmd = [sys.executable, "-m", "bench.baseline_generic", str(data), str(out)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"generic Splink failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, pl.read_csv(out, infer_schema=False)


def evaluate_set(data: Path, baseline: bool) -> dict[str, object]:
    truth = read_truth(data)
    seconds, clusters = run_dedupe(data, data.parent / f"{data.name}.out")
    s = pairwise_scores(truth, read_clusters(clusters))
    result: dict[str, object] = {
        "rows": s.rows,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "missing_rows": s.missing_rows,
        "seconds": round(seconds, 1),
    }
    if baseline:
        g_seconds, pred = run_generic(data)
        g = pairwise_scores(truth, pred)  # type: ignore[arg-type]
        result["generic"] = {"f1": round(g.f1, 4), "seconds": round(g_seconds, 1)}
        result["time_ratio"] = round(seconds / g_seconds, 2) if g_seconds else None
    return result


def run_screen(split: str, seed: int, proposed: int, received: int, work: Path) -> dict:
    """`sinergi screen --per-kind` (the default) on a dialect aid set: one run, scored."""
    from bench.dialects import rewrite_aid
    from bench.generate_aid import generate_aid
    from bench.screen_bench import cli_args, score

    check_seed(seed, split)
    base = work / f"{split}-aid-{proposed}-{seed}.base"
    data = work / f"{split}-aid-{proposed}-{seed}"
    if not (base / "manifest.json").exists():
        generate_aid(base, proposed, received, seed)
    rewrite_aid(base, data, seed, split)
    out = work / f"{split}-aid-{proposed}-{seed}.out"
    cmd = [sys.executable, "-m", "sinergi.cli", "screen", *cli_args(data, out), "--per-kind"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"sinergi screen failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    table = score(data, out)
    keep = ("DUPLICATE_IN_LIST", "ALREADY_RECEIVED")
    return {
        "seconds": round(seconds, 1),
        **{
            k: {m: round(v[m], 4) for m in ("precision", "recall", "tp", "fp", "fn")}
            for k, v in table.items()
            if k in keep
        },
    }


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}"
    )


def run(
    split: str,
    rows: int,
    seeds: list[int],
    dense_seed: int | None,
    baseline: bool,
    work: Path,
    screen_seed: int | None = None,
) -> dict[str, object]:
    results: dict[str, object] = {"machine": machine(), "split": split}
    for seed in seeds:
        check_seed(seed, split)
        data = make(work / f"{split}-national-{rows}-{seed}", rows, seed, split)
        results[f"national seed {seed}"] = evaluate_set(
            Path(str(work / f"{split}-national-{rows}-{seed}")), baseline
        )
        del data
    if screen_seed is not None:
        results[f"screen seed {screen_seed}"] = run_screen(
            split, screen_seed, rows // 3, rows, work
        )
    if dense_seed is not None:
        check_seed(dense_seed, split)
        folder = work / f"{split}-dense-{rows}-{dense_seed}"
        if not (folder / "manifest.json").exists():
            make(folder, rows, dense_seed, split, regencies=10)
        results[f"dense seed {dense_seed}"] = evaluate_set(folder, False)
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.dialect_eval", description=__doc__.split("\n")[0]
    )
    p.add_argument("--split", choices=("tuning",), default="tuning")
    p.add_argument("--rows", type=int, default=30_000)
    p.add_argument("--seeds", type=int, nargs="+", default=[101])
    p.add_argument("--dense-seed", type=int, default=None)
    p.add_argument("--screen-seed", type=int, default=None)
    p.add_argument("--baseline", action="store_true")
    p.add_argument("--work", type=Path, default=DATA)
    a = p.parse_args(argv)
    out = run(a.split, a.rows, a.seeds, a.dense_seed, a.baseline, a.work, a.screen_seed)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
