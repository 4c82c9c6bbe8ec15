"""CI FLOOR for dedupe quality: ~2,000 synthetic rows from bench/generate.py, run through the
real `sinergi dedupe` command, must reach pairwise F1 >= 0.93 against the ground truth.

This is the small, always-on version of `python -m bench.run_all` (which targets F1 >= 0.97
on 100k rows). If it fails, dedupe got worse: run `python -m bench.quality DIR --analysis` on
a generated set to see which damage or which hard negative causes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from bench.quality import pairwise_scores, read_clusters, read_truth, source_paths
from sinergi.cli import main

CI_FLOOR_F1 = 0.93
ROWS = 2000


@pytest.mark.slow
def test_ci_floor_dedupe_reaches_pairwise_f1_of_093_on_2k_synthetic_rows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generate(data, ROWS, seed=2024)
    out = tmp_path / "out"
    files = [str(p) for p in source_paths(data)]
    assert main(["dedupe", *files, "--out", str(out), "--quiet"]) == 0
    scores = pairwise_scores(read_truth(data), read_clusters(out / "clusters.csv"))
    assert scores.missing_rows == 0, "dedupe must return every input row"
    assert scores.f1 >= CI_FLOOR_F1, scores
