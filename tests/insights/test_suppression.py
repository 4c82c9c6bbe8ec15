"""Small-count suppression: no hidden cell can be recovered from what is published."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.insights.suppression import (
    TOTAL,
    Published,
    recover_by_subtraction,
    suppress,
    with_totals,
)

ROWS = ["1901", "1902", "1903"]
COLS = ["mikro", "kecil", "menengah"]


def test_a_single_small_cell_takes_a_second_cell_of_its_row_and_column_with_it() -> None:
    counts = {("1901", "mikro"): 40, ("1901", "kecil"): 3, ("1901", "menengah"): 20,
              ("1902", "mikro"): 50, ("1902", "kecil"): 30, ("1902", "menengah"): 25}  # fmt: skip
    published = suppress(counts, ["1901", "1902"], COLS)
    assert published.cells[("1901", "kecil")] is None  # primary
    row = [published.cells[("1901", c)] for c in [*COLS, TOTAL]]
    col = [published.cells[(r, "kecil")] for r in ["1901", "1902", TOTAL]]
    assert row.count(None) >= 2 and col.count(None) >= 2
    assert published.cells[("1902", "mikro")] == 50  # the rest stays
    assert recover_by_subtraction(published) == {}


def test_without_the_secondary_rule_the_total_gives_the_cell_away() -> None:
    """The check itself can fail: with only the primary rule, subtraction finds the 3."""
    table = with_totals({("1901", "mikro"): 40, ("1901", "kecil"): 3}, ["1901"], COLS[:2])
    primary_only = {k: (None if 0 < v < 10 else v) for k, v in table.items()}
    leaked = Published(["1901", TOTAL], [*COLS[:2], TOTAL], primary_only)
    assert recover_by_subtraction(leaked)[("1901", "kecil")] == 3


def test_cells_of_ten_or_more_and_zeros_are_shown() -> None:
    published = suppress({("1901", "mikro"): 10}, ["1901"], ["mikro", "kecil"])
    assert published.cells[("1901", "mikro")] == 10
    assert published.cells[("1901", "kecil")] == 0


tables = st.dictionaries(
    st.tuples(st.sampled_from(ROWS), st.sampled_from(COLS)),
    st.one_of(st.integers(0, 12), st.integers(0, 500)),
)


@given(tables)
@examples(300)
@example({("1901", "mikro"): 5})
@example({("1901", "mikro"): 5, ("1902", "kecil"): 5, ("1903", "menengah"): 5})
def test_no_hidden_cell_is_recovered_by_subtraction(counts: dict) -> None:
    published = suppress(counts, ROWS, COLS)
    assert recover_by_subtraction(published) == {}
    for value in published.cells.values():
        assert value is None or value == 0 or value >= 10
