"""The LOCKED evaluation: run once, at the end, and report what it says.

    python -m bench.locked_eval [--rows 30000] [--work bench/data] [--out bench/out/locked.json]

Reads only the newest locked draw of `bench.dialect_pools` (FRESH4_HEADERS and
FRESH4_SEEDS, written and committed before any engine change of session 6 and before any
run of it, never used while tuning): a national set (seed 5001: 4 kinds of list over 9
provinces), a dense set (seed 5002: the same in 10 regencies, many common names per
block), an aid-list set for `sinergi screen --per-kind` (seed 5003: doubles and
already-received), and generic Splink 5 on the national set's files for wall time. The
earlier draws were read once each on 2026-12-07 and are spent: the first locked half
(seeds 901-903), the first fresh draw (seeds 2001-2003), the second (seeds 3001-3003) and
the third (seeds 4001-4003). Every figure comes from one run of the real command in a child
process. The result is printed and written as JSON, with the machine and its load.

Do not run it to tune: a change made after reading these figures makes them tuning
figures. Record the run in docs/benchmarks.md, even when a target is missed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.dialect_eval import DATA, evaluate_set, machine, run_screen
from bench.dialects import make

SPLIT = "fresh4"
NATIONAL_SEED, DENSE_SEED, SCREEN_SEED = 5001, 5002, 5003
TARGETS = {"national_f1": 0.97, "dense_f1": 0.95, "screen": 0.97, "time_ratio": 1.0}


def locked_run(rows: int, work: Path) -> dict[str, object]:
    result: dict[str, object] = {"machine_before": machine(), "rows": rows}
    national = work / f"{SPLIT}-national-{rows}-{NATIONAL_SEED}"
    make(national, rows, NATIONAL_SEED, SPLIT)
    result["national"] = evaluate_set(national, baseline=True)
    dense = work / f"{SPLIT}-dense-{rows}-{DENSE_SEED}"
    make(dense, rows, DENSE_SEED, SPLIT, regencies=10)
    result["dense"] = evaluate_set(dense, baseline=False)
    result["screen"] = run_screen(SPLIT, SCREEN_SEED, rows // 3, rows, work)
    result["machine_after"] = machine()
    result["targets"] = TARGETS
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.locked_eval", description=__doc__.split("\n")[0]
    )
    p.add_argument("--rows", type=int, default=30_000)
    p.add_argument("--work", type=Path, default=DATA)
    p.add_argument("--out", type=Path, default=Path("bench/out/locked.json"))
    a = p.parse_args(argv)
    result = locked_run(a.rows, a.work)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
