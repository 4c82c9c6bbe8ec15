"""Pairwise precision, recall and F1 of a clustering against the generator's ground truth,
for `sinergi dedupe` and two baselines on the same files in the same run, plus an error
analysis (which damage causes missed links, which hard negatives cause false merges).

    python -m bench.quality DATA_DIR [--methods sinergi nik splink] [--model PATH]
                                     [--work DIR] [--analysis]

Pairwise metrics count unordered row pairs placed in the same cluster:
    TP = sum over (predicted cluster ∩ true entity) groups of C(n, 2)
    predicted pairs P = sum over predicted clusters of C(n, 2); true pairs T likewise
    precision = TP / P, recall = TP / T, F1 = 2PR / (P + R).
Counted from group sizes, never by listing pairs, so 1M rows cost one group-by.
A truth row the method did not return counts as a singleton (and is reported).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

KEY = ["source_file", "source_row"]
BIG_CLUSTER = 50  # predicted clusters larger than this are summarised, not enumerated


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    predicted_pairs: int
    true_pairs: int
    rows: int
    missing_rows: int  # truth rows absent from the prediction (scored as singletons)

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _pairs(col: str) -> pl.Expr:
    n = pl.col(col).cast(pl.Int64)
    return (n * (n - 1) // 2).sum()


def pairwise_scores(truth: pl.DataFrame, pred: pl.DataFrame) -> Scores:
    """Score `pred` (source_file, source_row, cluster_id) against `truth`
    (source_file, source_row, entity_id). Precision of an empty prediction is 1 by convention."""
    pred = pred.select(
        pl.col("source_file").cast(pl.Utf8),
        pl.col("source_row").cast(pl.Int64),
        pl.col("cluster_id").cast(pl.Utf8),
    ).unique(subset=KEY, keep="first")
    joined = truth.select(
        pl.col("source_file").cast(pl.Utf8),
        pl.col("source_row").cast(pl.Int64),
        pl.col("entity_id").cast(pl.Utf8),
    ).join(pred, on=KEY, how="left")
    missing = joined["cluster_id"].null_count()
    joined = joined.with_columns(
        pl.coalesce(
            "cluster_id",
            pl.lit("missing:") + pl.col("source_file") + ":" + pl.col("source_row").cast(pl.Utf8),
        ).alias("cluster_id")
    )
    tp = joined.group_by("cluster_id", "entity_id").len().select(_pairs("len")).item()
    p = joined.group_by("cluster_id").len().select(_pairs("len")).item()
    t = joined.group_by("entity_id").len().select(_pairs("len")).item()
    tp, p, t = int(tp or 0), int(p or 0), int(t or 0)
    precision = tp / p if p else 1.0
    recall = tp / t if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, tp, p, t, joined.height, missing)


# --- error analysis ------------------------------------------------------------------------


def _row_pairs(detail: pl.DataFrame, by: str) -> pl.DataFrame:
    """All unordered row pairs sharing `by` (suffixes _l/_r), from a frame with `rid`."""
    left = detail.rename({c: f"{c}_l" for c in detail.columns if c != by})
    right = detail.rename({c: f"{c}_r" for c in detail.columns if c != by})
    return left.join(right, on=by).filter(pl.col("rid_l") < pl.col("rid_r"))


def missed_links(detail: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    """Per corruption tag: true pairs touching the tag, how many were missed, the miss rate,
    the tag's share of all missed pairs, and lift = miss rate / overall miss rate (above 1:
    this damage makes links harder). A pair has a tag if either row has it; `kinds:a+b`
    tags say which two source kinds the pair joins."""
    d = _with_clusters(detail, pred)
    pairs = _row_pairs(d.select("rid", "entity_id", "cluster_id", "tags", "kind"), "entity_id")
    pairs = pairs.with_columns(
        (pl.col("cluster_id_l") != pl.col("cluster_id_r")).alias("missed"),
        pl.concat_list(
            pl.col("tags_l").str.split(";"),
            pl.col("tags_r").str.split(";"),
            pl.concat_str(
                pl.lit("kinds:"),
                pl.min_horizontal("kind_l", "kind_r"),
                pl.lit("+"),
                pl.max_horizontal("kind_l", "kind_r"),
            ),
        )
        .list.unique()
        .alias("tag"),
    )
    total_missed = max(1, int(pairs["missed"].sum()))
    overall_rate = total_missed / max(1, pairs.height)
    exploded = pairs.select("missed", "tag").explode("tag").filter(pl.col("tag") != "")
    return (
        exploded.group_by("tag")
        .agg(pl.len().alias("true_pairs"), pl.col("missed").sum().alias("missed"))
        .with_columns(
            (pl.col("missed") / pl.col("true_pairs")).alias("miss_rate"),
            (pl.col("missed") / total_missed).alias("share_of_missed"),
        )
        .with_columns((pl.col("miss_rate") / overall_rate).alias("lift"))
        .sort("missed", descending=True)
    )


def false_merges(detail: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    """False merged pairs by the closest relation between the two true businesses:
    same owner (split: one row from an aid list, which names no business, so it is
    ambiguous by construction; other business on the same street; elsewhere), same common
    name, same street, same regency, other.
    Predicted clusters over BIG_CLUSTER rows are summarised as one line each kind."""
    d = _with_clusters(detail, pred)
    sizes = d.group_by("cluster_id").len()
    big = sizes.filter(pl.col("len") > BIG_CLUSTER)
    small = d.join(big.select("cluster_id"), on="cluster_id", how="anti")
    cols = ["rid", "cluster_id", "entity_id", "person_id", "common_name", "street_key",
            "regency_code", "kind"]  # fmt: skip
    pairs = _row_pairs(small.select(cols), "cluster_id").filter(
        pl.col("entity_id_l") != pl.col("entity_id_r")
    )
    same_owner = pl.col("person_id_l") == pl.col("person_id_r")
    relation = (
        pl.when(same_owner & ((pl.col("kind_l") == "bantuan") | (pl.col("kind_r") == "bantuan")))
        .then(pl.lit("same owner, aid row (no business name)"))
        .when(same_owner & (pl.col("street_key_l") == pl.col("street_key_r")))
        .then(pl.lit("same owner, other business on the same street"))
        .when(same_owner)
        .then(pl.lit("same owner, other business elsewhere"))
        .when((pl.col("common_name_l") == 1) & (pl.col("common_name_r") == 1))
        .then(pl.lit("common name, different people"))
        .when(pl.col("street_key_l") == pl.col("street_key_r"))
        .then(pl.lit("same street, different owners"))
        .when(pl.col("regency_code_l") == pl.col("regency_code_r"))
        .then(pl.lit("same regency, unrelated"))
        .otherwise(pl.lit("different regencies"))
    )
    out = pairs.group_by(relation.alias("relation")).len().rename({"len": "false_pairs"})
    if big.height:
        extra = pl.DataFrame(
            {
                "relation": [f"clusters over {BIG_CLUSTER} rows ({big.height})"],
                "false_pairs": [int(big.select(_pairs("len")).item())],
            },
            schema={"relation": pl.Utf8, "false_pairs": pl.UInt32},
        )
        out = pl.concat([out, extra.cast({"false_pairs": out.schema["false_pairs"]})])
    return out.sort("false_pairs", descending=True)


def _with_clusters(detail: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    p = pred.select(
        pl.col("source_file").cast(pl.Utf8),
        pl.col("source_row").cast(pl.Int64),
        pl.col("cluster_id").cast(pl.Utf8),
    ).unique(subset=KEY, keep="first")
    d = detail.with_columns(pl.col("source_row").cast(pl.Int64), pl.col("tags").fill_null(""))
    d = d.join(p, on=KEY, how="left").with_row_index("rid")
    return d.with_columns(
        pl.coalesce("cluster_id", pl.lit("missing:") + pl.col("rid").cast(pl.Utf8)).alias(
            "cluster_id"
        )
    )


# --- running the methods -------------------------------------------------------------------


def source_paths(data_dir: Path) -> list[Path]:
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    return [data_dir / "sources" / f["file"] for f in manifest["files"]]


def run_sinergi(
    data_dir: Path, out_dir: Path, model: Path | None = None, extra: list[str] | None = None
) -> pl.DataFrame:
    """Run the real CLI in a subprocess (as a user would) and read DIR/clusters.csv."""
    cmd = [sys.executable, "-m", "sinergi.cli", "dedupe", *map(str, source_paths(data_dir))]
    cmd += ["--out", str(out_dir)]
    if model:
        cmd += ["--model", str(model)]
    cmd += extra or []
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"sinergi dedupe failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return read_clusters(out_dir / "clusters.csv")


def read_clusters(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False).select(
        pl.col("source_file"), pl.col("source_row").cast(pl.Int64), pl.col("cluster_id")
    )


def read_truth(data_dir: Path, detail: bool = False) -> pl.DataFrame:
    name = "truth_detail.csv" if detail else "truth.csv"
    df = pl.read_csv(data_dir / name, infer_schema=False, empty_string_is_null=False)
    df = df.with_columns(pl.col("source_row").cast(pl.Int64))
    if detail:
        df = df.with_columns(pl.col("common_name").cast(pl.Int8))
    return df


def evaluate(
    data_dir: Path,
    methods: tuple[str, ...] = ("sinergi", "nik", "splink"),
    work: Path | None = None,
    model: Path | None = None,
) -> dict[str, dict[str, object]]:
    """Scores and wall-clock seconds per method on one generated set."""
    from bench.baseline_generic import exact_nik_clusters, read_sources, splink_generic_clusters

    truth = read_truth(data_dir)
    work = work or data_dir / "work"
    results: dict[str, dict[str, object]] = {}
    raw = None
    for m in methods:
        start = time.perf_counter()
        if m == "sinergi":
            pred = run_sinergi(data_dir, work / "sinergi", model)
        else:
            raw = raw if raw is not None else read_sources(data_dir)
            pred = exact_nik_clusters(raw) if m == "nik" else splink_generic_clusters(raw)
        seconds = time.perf_counter() - start
        work.mkdir(parents=True, exist_ok=True)
        pred.write_csv(work / f"clusters_{m}.csv")
        results[m] = {**pairwise_scores(truth, pred).as_dict(), "seconds": round(seconds, 1)}
    return results


def markdown_scores(results: dict[str, dict[str, object]], label: str = "") -> str:
    names = {"sinergi": "sinergi dedupe", "nik": "(a) exact NIK", "splink": "(b) generic Splink"}
    lines = [
        "| set | method | precision | recall | F1 | true pairs | predicted pairs | seconds |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m, r in results.items():
        lines.append(
            f"| {label} | {names.get(m, m)} | {r['precision']:.4f} | {r['recall']:.4f} | "
            f"**{r['f1']:.4f}** | {r['true_pairs']:,} | {r['predicted_pairs']:,} | {r['seconds']} |"
        )
    return "\n".join(lines)


def markdown_frame(df: pl.DataFrame, floats: int = 3) -> str:
    head = "| " + " | ".join(df.columns) + " |"
    sep = "|" + "|".join("---" for _ in df.columns) + "|"
    rows = []
    for r in df.iter_rows():
        cells = [f"{v:.{floats}f}" if isinstance(v, float) else f"{v}" for v in r]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([head, sep, *rows])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.quality")
    p.add_argument("data_dir", type=Path)
    p.add_argument("--methods", nargs="+", default=["sinergi", "nik", "splink"])
    p.add_argument("--model", type=Path, default=None)
    p.add_argument("--work", type=Path, default=None)
    p.add_argument("--analysis", action="store_true", help="error analysis of sinergi's output")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(argv)
    results = evaluate(args.data_dir, tuple(args.methods), args.work, args.model)
    print(markdown_scores(results, args.data_dir.name))
    if args.analysis:
        work = args.work or args.data_dir / "work"
        detail = read_truth(args.data_dir, detail=True)
        for m in args.methods:
            pred = read_clusters(work / f"clusters_{m}.csv")
            print(f"\n### {m}: missed links by tag\n")
            print(markdown_frame(missed_links(detail, pred).head(args.top)))
            print(f"\n### {m}: false merges by relation\n")
            print(markdown_frame(false_merges(detail, pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
