"""What a screening run takes and gives: options, list roles, the result.

Shared by every part of `screen` (reading, references, findings, outputs) so that none of
them needs the pipeline module itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from sinergi.linkage.io.frames import ListFrame

PROPOSED = "proposed"
RECEIVED = "received"
EXCLUDE_PREFIX = "exclude:"
ROLE = "role"
COMPATIBLE = "compatible"
KIND = "aid_kind_clean"

# Lower than dedupe's 0.9: a screening finding holds a payment until an officer looks,
# which costs far less than paying twice. At 0.6 a same-name, same-village pair with
# nothing against it is flagged (with that evidence); measured in docs/benchmarks.md.
DEFAULT_THRESHOLD = 0.6
# Reference lists with at least this many rows are normalised in two passes (see
# `screen_refs.reference_candidates`); below it one full pass is cheaper than two.
PREFILTER_FROM_ROWS = 250_000
# Reference rows (a seeded random sample, fully normalised) added to the proposed rows
# for training. Never the pre-filtered candidates: those were chosen for sharing names
# and places with proposed rows, so random pairs among them agree far more often than
# random people do, and u (hence every agreement weight) would come out too low.
TRAINING_REFERENCE_SAMPLE = 20_000
TRAINING_SEED = 42
# Blocking rules screening adds to the spec's: the same first name in the same village
# catches a typo in the rest of the name when the NIK is missing on one side; the same
# street and house number in the same village catches a shortened name ("Rofiq Hasan" /
# "Rofiq") when one side's NIK is wrong. Both are narrow (a village, a house).
EXTRA_BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("name_first", "village_code"),
    ("street", "house_number", "village_code"),
)
# Linking proposed rows to reference rows also pairs the same district code inside the
# NIK with the same-sounding name: a NIK with a typo in its date or serial part is then
# still compared (the model's "NIK one typo apart" level), although both sides carry a
# readable NIK and the pre-filter otherwise leaves such pairs to the NIK.
NIK_DISTRICT = "nik_district"
LINK_RULES: tuple[tuple[str, ...], ...] = ((NIK_DISTRICT, "name_phonetic"),)
# Categories the audit names; any other lower-case word is accepted too.
KNOWN_CATEGORIES: tuple[str, ...] = ("asn", "bumn", "deceased", "credit")
_CATEGORY_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


@dataclass
class ScreenOptions:
    """Knobs of one screening run. Paths are the reference lists; see `screen()`."""

    # Files, or lists already in memory (`ListFrame`, columns named by field).
    received: list[str | Path | ListFrame] = field(default_factory=list)
    # category (lower case, e.g. "asn") -> files or in-memory lists
    exclude: dict[str, list[str | Path | ListFrame]] = field(default_factory=dict)
    per_kind: bool = True
    period_from: date | None = None
    period_to: date | None = None
    threshold: float = DEFAULT_THRESHOLD
    keep: str = "first"  # which row of a duplicate group is kept: "first" | "last"
    engine: str = "duckdb"
    model: dict[str, Any] | None = None
    spec: dict[str, Any] | None = None
    sheet: str | None = None
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    prefilter_from_rows: int = PREFILTER_FROM_ROWS
    quiet: bool = True
    on_file: Callable[[ListFile], None] | None = None


@dataclass
class ListFile:
    """One input list as read: role, name, rows and the recognised columns."""

    role: str
    file: str
    sheet: str | None
    rows: int
    mapping: Any
    headers: list[str]
    numeric_nik: bool = False
    date_column: str | None = None
    outside_period: int = 0

    @property
    def category(self) -> str | None:
        return self.role.removeprefix(EXCLUDE_PREFIX) if self.role != PROPOSED else None


@dataclass
class ScreenResult:
    """Everything a run produced; `findings` has one row per finding (FINDING_COLUMNS)."""

    proposed: pl.DataFrame
    findings: pl.DataFrame
    references: pl.DataFrame
    files: list[ListFile]
    model: dict[str, Any]
    options: ScreenOptions
    person_based: bool
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return self.proposed.height


def screening_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The model spec with EXTRA_BLOCKING_RULES appended (comparisons unchanged, so
    models trained by `dedupe` stay compatible)."""
    rules = [list(r) for r in spec["blocking_rules"]]
    for extra in EXTRA_BLOCKING_RULES:
        if list(extra) not in rules:
            rules.append(list(extra))
    return {**spec, "blocking_rules": rules}


def parse_category(text: str) -> str:
    """'ASN' -> 'asn'; raises ValueError for names that cannot be a reason code."""
    cat = text.strip().lower().replace("-", "_")
    if not _CATEGORY_RE.match(cat):
        raise ValueError(
            f"kategori {text!r} tidak valid (huruf, angka, _) / invalid category {text!r} "
            "(letters, digits, _)"
        )
    return cat
