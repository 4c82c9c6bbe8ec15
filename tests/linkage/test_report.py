"""The HTML report: self-contained, bilingual, with counts, charts, examples and review."""

from __future__ import annotations

import random
import re

import polars as pl
import pytest

from sinergi.linkage.clusters import cluster
from sinergi.linkage.dedupe import DedupeOptions, DedupeResult, FileSummary, _annotate_pairs
from sinergi.linkage.io.columns import ColumnMapping
from sinergi.linkage.model import scoring as M
from sinergi.linkage.report import (
    bar_chart,
    render_report,
    source_pair_counts,
    waterfall,
)

NAMES = [
    "siti rahayu",
    "agus santoso",
    "budi wijaya",
    "dewi lestari",
    "rina saputra",
    "joko hidayat",
    "ahmad nugroho",
    "sri kurniawan",
    "eko putra",
    "nur sari",
]


def _records() -> pl.DataFrame:
    rng = random.Random(1)
    rows = []
    for i in range(90):
        person = i % 45
        name = NAMES[person % 10] + ("" if person < 10 else f" {person}")
        nik = f"3201{person:02d}4107850{person:03d}"
        rows.append(
            {
                "unique_id": i,
                "source_file": "a.csv" if i < 45 else "b.xlsx",
                "source_row": (i % 45) + 1,
                "owner_name": name.title(),
                "business_name": f"Toko {name.title()}",
                "nik": nik,
                "phone": f"08123{person:05d}",
                "nik_full": nik,
                "nik15": nik[:15],
                "name_key": name,
                "name_phonetic": name,
                "name_first": name.split()[0],
                "name_last": name.split()[-1],
                "business_key": f"{name.replace(' ', '')}",
                "phone_e164": f"+628123{person:05d}" if rng.random() < 0.8 else None,
                "regency_code": "3201",
                "district_code": f"3201{person % 5:02d}",
            }
        )
    return pl.DataFrame(rows)


@pytest.fixture(scope="module")
def result() -> DedupeResult:
    records = _records()
    scored = M.score(M.model_frame(records))
    options = DedupeOptions(threshold=0.9, review_band=(0.0, 1.0))
    clustering = cluster(records["unique_id"], scored.pairs, options.threshold)
    records = records.join(clustering.clusters, on="unique_id").sort("unique_id")
    mapping = ColumnMapping(
        fields={"owner_name": "Nama", "business_name": "Usaha", "nik": "NIK", "phone": "HP"},
        unknown=["Catatan"],
    )
    files = [FileSummary("a.csv", None, 45, mapping), FileSummary("b.xlsx", "Data", 45, mapping)]
    problems = pl.DataFrame(
        [{"file": "a.csv", "row": 3, "column": "NIK", "value": "123", "code": "NIK_INVALID",
          "message_id": "NIK harus 16 angka", "message_en": "NIK must have 16 digits"}]
    )  # fmt: skip
    return DedupeResult(
        records=records,
        pairs=_annotate_pairs(scored.pairs, records, options),
        problems=problems,
        model=scored.model,
        files=files,
        clustering=clustering,
        scored=scored,
        options=options,
        timings={"splink": 1.0},
    )


@pytest.fixture(scope="module")
def html(result: DedupeResult) -> str:
    return render_report(result)


def test_the_report_loads_nothing_from_the_network(html: str):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html


def test_the_report_counts_rows_clusters_and_duplicates_by_source_pair(html, result):
    assert f"<b>{result.n_rows:,}</b>" in html
    assert f"<b>{result.n_clusters:,}</b>" in html
    counts = source_pair_counts(result.records)
    across = counts.filter((pl.col("file_a") == "a.csv") & (pl.col("file_b") == "b.xlsx"))
    assert across["pairs"][0] >= 40


def test_the_report_draws_its_charts_as_inline_svg(html: str):
    assert html.count("<svg") >= 4
    for title in ("match-weight distribution", "cluster sizes", "weight of each comparison"):
        assert title in html


def test_the_report_explains_examples_and_lists_pairs_to_review(html: str):
    assert "explained examples" in html and "awal / prior" in html
    assert "to check by hand" in html and "<details>" in html


def test_the_report_lists_problems_and_blocking_rules(html: str):
    assert "NIK_INVALID" in html
    assert "blk_nik" in html


def test_text_from_the_data_is_escaped(result: DedupeResult):
    evil = result.records.with_columns(
        pl.when(pl.col("unique_id") == 0)
        .then(pl.lit("<script>alert(1)</script>"))
        .otherwise(pl.col("owner_name"))
        .alias("owner_name")
    )
    html = render_report(
        DedupeResult(**{**result.__dict__, "records": evil, "options": result.options})
    )
    assert "<script>alert" not in html


def test_source_pair_counts_count_pairs_inside_clusters_per_file_pair():
    records = pl.DataFrame(
        {
            "source_file": ["a", "a", "b", "b", "a"],
            "cluster_id": ["C1", "C1", "C1", "C2", "C3"],
            "cluster_size": [3, 3, 3, 1, 1],
        }
    )
    counts = source_pair_counts(records).sort(["file_a", "file_b"])
    assert counts.rows() == [("a", "a", 1, 1), ("a", "b", 2, 1)]


def test_a_waterfall_ends_at_the_sum_of_its_steps():
    svg = waterfall([("prior", -10.0), ("nik", 15.0), ("phone", 4.5)], title="w")
    assert "+9.5" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_a_bar_chart_has_one_bar_per_value():
    svg = bar_chart(["1", "2", "3"], [5, 0, 2], title="t")
    assert svg.count("<rect") == 3
