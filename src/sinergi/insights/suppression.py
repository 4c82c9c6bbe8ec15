"""Small-count suppression for published tables: THE one rule (open data, public pages).

A table of counts is published with its row totals, column totals and grand total.

1. Primary: every cell (inner or total) below `threshold` (10) is hidden.
2. Secondary: a row, a column, the total row and the total column each say "these cells
   add up to this total". When exactly one cell of such a group is hidden, it could be
   recovered by subtraction, so another cell of the group is hidden too — the smallest
   visible one, preferring a non-zero inner cell — and the groups are checked again until
   no group has exactly one hidden cell.

Invariant (tested, tests/insights/test_suppression.py): solving the published groups by
subtraction, repeatedly, recovers no hidden cell. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

TOTAL = "__total__"
THRESHOLD = 10


@dataclass(frozen=True)
class Published:
    """The table as published: `cells[(row, col)]` is a count or None (hidden). Rows and
    columns include `TOTAL`."""

    rows: list[Hashable]
    cols: list[Hashable]
    cells: dict[tuple[Hashable, Hashable], int | None]


def with_totals(
    counts: Mapping[tuple[Hashable, Hashable], int], rows: list[Hashable], cols: list[Hashable]
) -> dict[tuple[Hashable, Hashable], int]:
    """The full table: inner cells (missing = 0), row and column totals, grand total."""
    table = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in cols}
    for r in rows:
        table[(r, TOTAL)] = sum(table[(r, c)] for c in cols)
    for c in cols:
        table[(TOTAL, c)] = sum(table[(r, c)] for r in rows)
    table[(TOTAL, TOTAL)] = sum(table[(r, TOTAL)] for r in rows)
    return table


def groups(rows: list[Hashable], cols: list[Hashable]) -> list[list[tuple[Hashable, Hashable]]]:
    """Each group of cells adding up: its parts followed by its total."""
    out = []
    for r in [*rows, TOTAL]:
        out.append([(r, c) for c in cols] + [(r, TOTAL)])
    for c in [*cols, TOTAL]:
        out.append([(r, c) for r in rows] + [(TOTAL, c)])
    return out


def suppress(
    counts: Mapping[tuple[Hashable, Hashable], int],
    rows: list[Hashable],
    cols: list[Hashable],
    threshold: int = THRESHOLD,
) -> Published:
    """The table with primary and secondary suppression applied (module docstring)."""
    table = with_totals(counts, rows, cols)
    hidden = {key for key, n in table.items() if 0 < n < threshold}
    all_groups = groups(rows, cols)
    changed = True
    while changed:
        changed = False
        for group in all_groups:
            if sum(1 for key in group if key in hidden) != 1:
                continue
            visible = [key for key in group if key not in hidden]
            if not visible:
                continue
            pick = min(
                visible,
                key=lambda k: (TOTAL in k, table[k] == 0, table[k], str(k)),
            )
            hidden.add(pick)
            changed = True
    cells = {key: (None if key in hidden else n) for key, n in table.items()}
    return Published(rows=[*rows, TOTAL], cols=[*cols, TOTAL], cells=cells)


def recover_by_subtraction(published: Published) -> dict[tuple[Hashable, Hashable], int]:
    """What an attacker derives: any group with one unknown cell is solved, repeatedly.
    Returns the hidden cells so recovered (empty when suppression holds)."""
    inner_rows = [r for r in published.rows if r != TOTAL]
    inner_cols = [c for c in published.cols if c != TOTAL]
    known = {k: v for k, v in published.cells.items() if v is not None}
    recovered: dict[tuple[Hashable, Hashable], int] = {}
    changed = True
    while changed:
        changed = False
        for group in groups(inner_rows, inner_cols):
            *parts, total = group
            unknown = [k for k in group if k not in known]
            if len(unknown) != 1:
                continue
            key = unknown[0]
            if key == total:
                value = sum(known[k] for k in parts)
            else:
                value = known[total] - sum(known[k] for k in parts if k != key)
            known[key] = recovered[key] = value
            changed = True
    return recovered
