"""Incremental linking: a batch of new rows against a resolved registry (issue 5 target:
10k new rows against 1M registry rows in <= 30 s).

    python -m bench.link_bench [--registry 1000000] [--new 10000] [--seed 7]

Preparation (not timed, cached in bench/out/link-<rows>-s<seed>/): generate registry+new
rows with bench.generate, read and normalise them with the engine, give every registry
row the business id of its true entity (the registry is resolved), draw the new rows at
random (seeded), and write the registry frame as the web app caches it (parquet: model
columns + business_id). The timed part is what `review.actions.link_records` does after
reading the new rows from the database: read the cached registry parquet, then
`linkage.incremental.link_new` (new x registry via Splink's link-only predict_between,
new x new, and the attach/new/review decision). The model is the spec's built-in model
with the web app's registry prior (`incremental.registry_prior_for`); training is a
separate, offline step.

Prints seconds per step and, against the truth, how many new rows were attached to the
right business, to a wrong one, or made new while their business existed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import polars as pl

from bench.quality import read_truth, source_paths
from bench.speed import dataset

OUT = Path(__file__).parent / "out"
TARGET_SECONDS = 30.0


def prepare(registry_rows: int, new_rows: int, seed: int) -> Path:
    from sinergi.linkage import prepare as prep
    from sinergi.linkage.dedupe import read_inputs
    from sinergi.linkage.incremental import BUSINESS_ID
    from sinergi.linkage.model.scoring import load_spec, model_frame

    folder = OUT / f"link-{registry_rows}-{new_rows}-s{seed}"
    if (folder / "registry.parquet").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    data = dataset(registry_rows + new_rows, seed)
    t = time.perf_counter()
    canonical, files, _ = read_inputs(source_paths(data))
    numeric = {f.file for f in files if f.numeric_nik}
    records = prep.normalise_frame(canonical, numeric_nik_files=numeric)
    print(f"read + normalised {records.height:,} rows in {time.perf_counter() - t:.0f} s")
    truth = read_truth(data).select(
        pl.col("source_file"), pl.col("source_row").cast(pl.Int64), pl.col("entity_id")
    )
    records = records.with_columns(pl.col("source_row").cast(pl.Int64)).join(
        truth, on=["source_file", "source_row"], how="left", maintain_order="left"
    )
    ids = records["entity_id"].cast(pl.Utf8).cast(pl.Categorical).to_physical().cast(pl.Int64)
    records = records.with_columns(ids.alias(BUSINESS_ID))
    rng = random.Random(seed)
    new_idx = set(rng.sample(range(records.height), new_rows))
    is_new = pl.Series([i in new_idx for i in range(records.height)])
    spec = load_spec()
    registry = records.filter(~is_new).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("unique_id")
    )
    new = records.filter(is_new).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("unique_id")
    )
    reg_mf = model_frame(registry, spec).with_columns(registry[BUSINESS_ID])
    reg_mf.write_parquet(folder / "registry.parquet")
    model_frame(new, spec).with_columns(new[BUSINESS_ID].alias("true_business")).write_parquet(
        folder / "new.parquet"
    )
    return folder


def run(registry_rows: int, new_rows: int, seed: int) -> dict[str, object]:
    from sinergi.linkage.incremental import (
        BUSINESS_ID,
        Thresholds,
        link_new,
        registry_prior_for,
    )
    from sinergi.linkage.model.scoring import builtin_model, load_spec, regularise

    folder = prepare(registry_rows, new_rows, seed)
    spec = load_spec()
    new_all = pl.read_parquet(folder / "new.parquet")
    truth = new_all.select("unique_id", "true_business")
    new = new_all.drop("true_business")
    t0 = time.perf_counter()
    registry = pl.read_parquet(folder / "registry.parquet")
    t_read = time.perf_counter() - t0
    model = regularise(builtin_model(spec, 1e-4), spec)
    result = link_new(
        new,
        registry,
        model,
        spec,
        Thresholds(0.5, 0.95),
        registry_prior=registry_prior_for(registry.height),
    )
    total = time.perf_counter() - t0
    known = set(registry[BUSINESS_ID].unique().to_list())
    checked = result.records.join(truth, on="unique_id")
    exists = pl.col("true_business").is_in(list(known))
    counts = {
        "attached_right": checked.filter(pl.col(BUSINESS_ID) == pl.col("true_business")).height,
        "attached_wrong": checked.filter(
            pl.col(BUSINESS_ID).is_not_null() & (pl.col(BUSINESS_ID) != pl.col("true_business"))
        ).height,
        "new_correctly": checked.filter(pl.col(BUSINESS_ID).is_null() & ~exists).height,
        "new_but_existed": checked.filter(pl.col(BUSINESS_ID).is_null() & exists).height,
        "review_pairs": result.review.height,
        "pairs_to_registry": result.to_registry.height,
        "pairs_within_new": result.within.height,
    }
    out = {
        "registry_rows": registry.height,
        "new_rows": new.height,
        "seconds_total": round(total, 2),
        "seconds_read_registry_parquet": round(t_read, 2),
        **{f"seconds_{k}": round(v, 2) for k, v in result.timings.items()},
        **counts,
        "target_seconds": TARGET_SECONDS,
        "ok": total <= TARGET_SECONDS,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = run(args.registry, args.new, args.seed)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
