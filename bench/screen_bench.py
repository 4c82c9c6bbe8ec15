"""Quality and speed of `sinergi screen` on synthetic aid lists (bench/generate_aid.py).

    python -m bench.screen_bench quality --proposed 20000 --received 100000 [--data DIR]
    python -m bench.screen_bench speed --proposed 100000 --received 1000000 [--data DIR]

`quality` runs the real CLI (`sinergi.cli.main`) and reports precision and recall per
reason code against expected.csv, counting (source_file, source_row, reason) triples.
NIK_* codes are scored only on rows whose NIK was not given a typo or a KK number.
EXCLUDED_* is also reported on the rows the target speaks of: exclusion lists that carry
the NIK, proposed rows whose NIK can be read (valid or damaged, 15 digits kept).
`speed` times the same CLI run end to end (reading, screening, writing every output)
and prints the pipeline's own step timings.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import defaultdict
from pathlib import Path

from bench.generate_aid import generate_aid


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cli_args(data: Path, out: Path) -> list[str]:
    m = json.loads((data / "manifest.json").read_text("utf-8"))
    args = [str(data / "proposed" / f) for f in m["proposed_files"]]
    args += ["--out", str(out), "--quiet", "--received", str(data / "received" / "bpum_salur.csv")]
    args += ["--exclude", *[f"{c}={data / p}" for c, p in m["exclude"].items()]]
    args += ["--period-from", m["period"][0], "--period-to", m["period"][1]]
    return args


def score(data: Path, out: Path) -> dict[str, dict[str, float]]:
    """Per reason: tp, fp, fn, precision, recall (see the module docstring)."""
    m = json.loads((data / "manifest.json").read_text("utf-8"))
    rows = {(r["source_file"], int(r["source_row"])): r for r in _read(data / "rows.csv")}
    nik_scored = {
        k for k, r in rows.items() if not {"nik_typo", "nik_kk"} & set(r["tags"].split(";"))
    }
    readable = {k for k, r in rows.items() if r["nik_readable"] == "1"}
    want = {
        (r["source_file"], int(r["source_row"]), r["reason"]) for r in _read(data / "expected.csv")
    }
    got = {
        (r["source_file"], int(r["source_row"]), r["reason"]) for r in _read(out / "findings.csv")
    }
    reasons = sorted({t[2] for t in want | got})
    result: dict[str, dict[str, float]] = {}

    def tally(name: str, keep) -> None:
        w = {t for t in want if keep(t)}
        g = {t for t in got if keep(t)}
        tp, fp, fn = len(w & g), len(g - w), len(w - g)
        result[name] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }

    for reason in reasons:
        if reason.startswith("NIK_") and reason != "NIK_SHARED":
            tally(reason, lambda t, r=reason: t[2] == r and t[:2] in nik_scored)
        else:
            tally(reason, lambda t, r=reason: t[2] == r)
    with_nik = [f"EXCLUDED_{c.upper()}" for c, v in m["carries_nik"].items() if v]
    tally(
        "EXCLUDED_* (list has NIK, proposed NIK readable)",
        lambda t: t[2] in with_nik and t[:2] in readable,
    )
    tally("EXCLUDED_* (list has NIK, all rows)", lambda t: t[2] in with_nik)
    return result


def misses(data: Path, out: Path, reason: str, limit: int = 10) -> dict[str, list]:
    """Examples of false negatives and false positives for one reason, with tags."""
    rows = {(r["source_file"], r["source_row"]): r for r in _read(data / "rows.csv")}
    want = {
        (r["source_file"], r["source_row"])
        for r in _read(data / "expected.csv")
        if r["reason"] == reason
    }
    got = {
        (r["source_file"], r["source_row"])
        for r in _read(out / "findings.csv")
        if r["reason"] == reason
    }
    return {
        "fn": [(k, rows[k]["tags"], rows[k]["person_id"]) for k in sorted(want - got)[:limit]],
        "fp": [(k, rows[k]["tags"], rows[k]["person_id"]) for k in sorted(got - want)[:limit]],
    }


def run_cli(data: Path, out: Path) -> float:
    from sinergi.cli import main

    t = time.perf_counter()
    code = main(["screen", *cli_args(data, out)])
    if code != 0:
        raise SystemExit(f"sinergi screen exited with {code}")
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.screen_bench")
    p.add_argument("what", choices=("quality", "speed"))
    p.add_argument("--proposed", type=int, default=20_000)
    p.add_argument("--received", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--data", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    data = args.data or Path(f"bench/data/aid_{args.proposed}_{args.received}")
    out = args.out or Path(f"bench/out/screen_{args.proposed}_{args.received}")
    if not (data / "manifest.json").exists():
        t = time.perf_counter()
        generate_aid(data, args.proposed, args.received, args.seed)
        print(f"generated {data} in {time.perf_counter() - t:.1f} s")  # noqa: T201
    seconds = run_cli(data, out)
    print(f"sinergi screen: {seconds:.1f} s")  # noqa: T201
    if args.what == "quality":
        table = score(data, out)
        by_reason: dict[str, list[str]] = defaultdict(list)
        for reason, s in table.items():
            by_reason[reason] = [
                f"{s['precision']:.4f}",
                f"{s['recall']:.4f}",
                str(s["tp"]),
                str(s["fp"]),
                str(s["fn"]),
            ]
        print("| reason | precision | recall | tp | fp | fn |")  # noqa: T201
        print("|---|---:|---:|---:|---:|---:|")  # noqa: T201
        for reason, cells in by_reason.items():
            print(f"| {reason} | " + " | ".join(cells) + " |")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
