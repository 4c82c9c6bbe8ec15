"""Baselines for the quality benchmark: what you get without Indonesian knowledge.

(a) exact NIK: rows whose cleaned NIK (digits only) is the same 16 digits are linked;
    every other row is a singleton.
(b) generic Splink 5: lower-case text, digits-only NIK and phone, standard comparisons
    (Jaro-Winkler on name and address, exact NIK and phone), blocking on exact NIK, phone
    and name, default training (random-sampling u, EM on two blocking rules), connected
    components at match probability 0.9.

Both read the source files through the generator's manifest (which column holds which
field), so the baselines are not penalised for column recognition: they only lack the
Indonesian normalisation and model the real pipeline has.

Invariants: every function returns one row per source row, keyed by
(source_file, source_row), with a `cluster_id`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import polars as pl

FIELDS = ("owner_name", "nik", "business_name", "address", "phone", "regency", "nib")
KEY = ("source_file", "source_row")


def read_sources(data_dir: Path) -> pl.DataFrame:
    """All source rows as raw text, with canonical column names, `unique_id`, `source_file`,
    `source_row` (1-based, header and title rows excluded)."""
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    frames = []
    for f in manifest["files"]:
        path = data_dir / "sources" / f["file"]
        if path.suffix == ".xlsx":
            df = pl.read_excel(
                path,
                engine="calamine",
                read_options={"header_row": f["title_rows"]},
                infer_schema_length=0,
            )
        else:
            df = pl.read_csv(
                path,
                skip_rows=f["title_rows"],
                separator=f["delimiter"],
                encoding="utf8-lossy",
                infer_schema=False,
                empty_string_is_null=False,
            )
        cols = {field: f["columns"].get(field) for field in FIELDS}
        df = df.select(
            [
                (pl.col(h) if h else pl.lit(None, dtype=pl.Utf8)).cast(pl.Utf8).alias(field)
                for field, h in cols.items()
            ]
        ).with_columns(
            pl.lit(f["file"]).alias("source_file"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        )
        frames.append(df)
    out = pl.concat(frames, how="vertical")
    return out.with_row_index("unique_id").with_columns(pl.col("unique_id").cast(pl.Int64))


def _null_if_empty(e: pl.Expr) -> pl.Expr:
    return pl.when(e.str.len_chars() > 0).then(e).otherwise(None)


def generic_clean(raw: pl.DataFrame) -> pl.DataFrame:
    """Lower case and single spaces for text; digits only for NIK and phone; '' -> null."""

    def text(c: str) -> pl.Expr:
        return _null_if_empty(
            pl.col(c).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
        ).alias(c)

    def digits(c: str) -> pl.Expr:
        d = pl.col(c).str.replace_all(r"\D", "")
        return _null_if_empty(
            pl.when(d.str.contains(r"[1-9]")).then(d).otherwise(pl.lit(""))
        ).alias(c)

    return raw.select(
        "unique_id",
        *KEY,
        text("owner_name"),
        text("business_name"),
        text("address"),
        text("regency"),
        digits("nik"),
        digits("phone"),
        digits("nib"),
    )


def _components(ids: pl.Series, left: pl.Series, right: pl.Series) -> dict[int, int]:
    """Union-find over edges; returns node -> smallest node id of its component."""
    parent: dict[int, int] = {int(i): int(i) for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left.to_list(), right.to_list(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def exact_nik_clusters(raw: pl.DataFrame) -> pl.DataFrame:
    """(a) Link rows with the same cleaned 16-digit NIK; others stay alone."""
    clean = generic_clean(raw)
    nik16 = pl.when(pl.col("nik").str.len_chars() == 16).then(pl.col("nik"))
    return clean.select(
        *KEY,
        pl.when(nik16.is_not_null())
        .then(pl.lit("nik:") + nik16)
        .otherwise(pl.lit("row:") + pl.col("unique_id").cast(pl.Utf8))
        .alias("cluster_id"),
    )


def splink_generic_clusters(
    raw: pl.DataFrame, threshold: float = 0.9, seed: int = 1
) -> pl.DataFrame:
    """(b) Generic Splink 5 deduplication over all rows; see the module docstring."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    clean = generic_clean(raw).rename({"owner_name": "name"})
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
            cl.ExactMatch("nik"),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("phone"),
            block_on("name"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    table = clean.select("unique_id", "name", "nik", "phone", "address").to_arrow()
    sdf = db_api.register(table, table_name="rows")
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("nik")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    pred = linker.inference.predict(threshold_match_probability=threshold)
    edges = pl.from_arrow(pred.as_pyarrow_table())
    assert isinstance(edges, pl.DataFrame)
    comp = _components(
        clean["unique_id"],
        edges["unique_id_l"] if edges.height else pl.Series([], dtype=pl.Int64),
        edges["unique_id_r"] if edges.height else pl.Series([], dtype=pl.Int64),
    )
    ids = pl.DataFrame(
        {"unique_id": list(comp), "root": list(comp.values())},
        schema={"unique_id": pl.Int64, "root": pl.Int64},
    )
    return clean.join(ids, on="unique_id", how="left").select(
        *KEY, (pl.lit("splink:") + pl.col("root").cast(pl.Utf8)).alias("cluster_id")
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.baseline_generic DATA_DIR OUT_CSV`: (b) as a command, so its wall
    time can be measured the same way as `sinergi dedupe`'s (a child process, reading the
    files, writing the clusters)."""
    import sys

    data, out = (argv if argv is not None else sys.argv[1:])[:2]
    splink_generic_clusters(read_sources(Path(data))).write_csv(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
