"""Everything training takes from the linkage engine, in one place.

The engine is being reorganised (io/, normalize/, model/, screen/ behind a public API in
`sinergi.linkage`); keeping every import of it here means one module to adjust. Training
uses:
- the engine's normalisers for attendance matching: e-mail, phone numbers (E.164), and
  owner names (`name_key` / `name_phonetic`: titles and degrees off, Muhammad unified, old
  spelling folded, phonetic key);
- its table reader (xlsx/csv with raw text kept) for signed attendance sheets and lists;
- the nomination-upload linking of `programs.upload_rows` (column recognition, row check,
  `link_rows` = `linkage.incremental.link_new` against the registry frame), so a
  registration list is linked exactly as a nomination list is.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sinergi.linkage import (
    InputError,
    RawTable,
    add_name_columns,
    input_error,
    normalize_email,
    normalize_phones,
    read_table,
)

__all__ = [
    "InputError",
    "RawTable",
    "input_error",
    "link_list",
    "name_keys",
    "normalize_email",
    "normalize_phones",
    "read_table",
]


def name_keys(names: list[str | None]) -> list[tuple[str, str]]:
    """(name_key, name_phonetic) of each name, '' when nothing is left; one polars pass."""
    if not names:
        return []
    frame = add_name_columns(pl.DataFrame({"owner_name": names}, schema={"owner_name": pl.Utf8}))
    return [(k or "", p or "") for k, p in frame.select("name_key", "name_phonetic").iter_rows()]


def link_list(table: RawTable) -> tuple[dict[int, Any], dict[int, str], list[int]]:
    """Link every row of an uploaded list to the registry as nomination uploads do.

    Returns ({source_row: Match}, {source_row: bad-row message}, every source_row in order).
    The column mapping is the recognised one; an amount column is ignored (a registration
    carries no money), so `check_rows` gets a nominal default amount it then throws away.
    """
    from sinergi.linkage import ROW_ID, SOURCE_ROW, Thresholds, load_spec
    from sinergi.programs.upload_rows import check_rows, column_mapping, guess, link_rows
    from sinergi.review import frames
    from sinergi.review.actions import current_model

    mapping, _recognition = guess(table)
    chosen = {h: ("-" if f == "amount" else f) for h, f in mapping.items()}
    columns = column_mapping(table.file, table.headers, chosen)
    checked = check_rows(table, columns, default_amount=1)
    lm = current_model()
    spec = load_spec()
    registry, _cached = frames.registry_frame(lm.version, spec)
    good = checked.good
    matches = link_rows(
        good, registry, lm.model, spec, Thresholds(lm.low_threshold, lm.high_threshold)
    )
    by_row = {
        row: matches[uid]
        for row, uid in zip(good[SOURCE_ROW].to_list(), good[ROW_ID].to_list(), strict=True)
    }
    return by_row, checked.bad, checked.frame[SOURCE_ROW].to_list()


def phones_of(values: list[str | None]) -> list[list[str]]:
    """Every valid number (E.164) in each cell; one polars pass over all cells."""
    from sinergi.linkage import add_phone_columns

    if not values:
        return []
    frame = add_phone_columns(pl.DataFrame({"phone": values}, schema={"phone": pl.Utf8}))
    return [list(p) if p is not None else [] for p in frame["phones"].to_list()]
