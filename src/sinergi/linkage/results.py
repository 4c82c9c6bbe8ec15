"""What a dedupe run takes and gives: `DedupeOptions`, `FileSummary`, `DedupeResult`.

Apart from the pipeline (`dedupe`) so that the report and the platform can name the
result without importing the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sinergi.linkage.clusters import CLUSTER_ID, ClusterResult
from sinergi.linkage.model.scoring import Scored

DEFAULT_THRESHOLD = 0.99
DEFAULT_REVIEW_BAND = (0.5, 0.995)


@dataclass
class DedupeOptions:
    """Knobs of one run; the defaults are the benchmarked ones (docs/linkage.md)."""

    threshold: float = DEFAULT_THRESHOLD
    review_band: tuple[float, float] = DEFAULT_REVIEW_BAND
    engine: str = "duckdb"
    model: dict[str, Any] | None = None
    sheet: str | None = None
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    quiet: bool = True
    spec: dict[str, Any] | None = None
    # Called with each FileSummary as soon as the file is read (the CLI prints it).
    on_file: Callable[[FileSummary], None] | None = None


@dataclass
class FileSummary:
    """One input file as read: its name, sheet, row count and recognised columns."""

    file: str
    sheet: str | None
    rows: int
    mapping: Any
    numeric_nik: bool = False
    # The row the header was found on, as the spreadsheet numbers it, and how many title
    # rows above it were skipped (reported as PREAMBLE problems, never read as data).
    header_row: int = 1
    preamble: int = 0


@dataclass
class DedupeResult:
    """Everything a run produced. `records` is one row per input row, input order."""

    records: pl.DataFrame
    pairs: pl.DataFrame
    problems: pl.DataFrame
    model: dict[str, Any]
    files: list[FileSummary]
    clustering: ClusterResult
    scored: Scored
    options: DedupeOptions
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return self.records.height

    @property
    def n_clusters(self) -> int:
        return self.records[CLUSTER_ID].n_unique()
