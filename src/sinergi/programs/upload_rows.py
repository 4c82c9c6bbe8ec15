"""The pure half of nominating from a file: columns, row checks, links, masking.

No ORM here (`programs.uploads` feeds these from the database and stores what they
decide): a `RawTable` and a mapping in, normalised rows, bad-row messages and each
row's match out. See `programs.uploads` for the outcomes and their order.

Invariants: `check_rows` returns every row of the table, in order, with its
`source_row`; a row is either in `bad` (with a message naming file, row and column) or
usable; an amount is an int of whole rupiah or null, never a rounded fraction.
`link_rows` returns one `Match` per usable row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sinergi.core.masking import mask_nik
from sinergi.linkage import (
    BUSINESS_ID,
    CANONICAL_FIELDS,
    IDENTIFYING_FIELDS,
    NO_FIELD,
    ROW_ID,
    SOURCE_ROW,
    ColumnMapping,
    RawTable,
    Thresholds,
    frame_problems,
    identifier_stages,
    input_error,
    link_new,
    model_frame,
    normalise_frame,
    present_expr,
    recognise_table,
    registry_prior_for,
    to_canonical,
)

__all__ = [
    "CheckedRows",
    "Match",
    "amount_values",
    "check_rows",
    "column_mapping",
    "guess",
    "guess_mapping",
    "link_rows",
    "mapping_value",
    "shown_cells",
]

# Cells of these fields are personal data: masked wherever a row is shown.
PERSONAL_FIELDS = frozenset({"nik", "kk", "phone", "birth_date", "email", "npwp"})
# Any other cell with a long run of digits may be a NIK in a column nobody mapped.
_DIGIT_RUN = re.compile(r"\d[\d .\-]{7,}\d")
_LONG_RUN_DIGITS = 9
# Problems the row check reports itself (as a bad row) rather than as a note.
_OWN_CODES = frozenset({"EMPTY_ROW", "NAME_MISSING", "AMOUNT_INVALID"})

MATCHED_BY_NIK = "nik"
MATCHED_BY_MODEL = "model"


def guess_mapping(table: RawTable) -> dict[str, str]:
    """{header: canonical field or "-"} for every header, as column recognition guesses."""
    return guess(table)[0]


def guess(table: RawTable) -> tuple[dict[str, str], list[dict[str, object]]]:
    """The guessed mapping and, per header, what recognition read it as, how sure and why
    (`ColumnChoice.as_dict`), for the mapping page."""
    found = recognise_table(table)
    by_header = {h: f for f, h in found.fields.items()}
    mapping = {h: by_header.get(h, NO_FIELD) for h in table.headers}
    return mapping, [c.as_dict() for c in found.choices]


def column_mapping(file: str, headers: list[str], chosen: dict[str, str]) -> ColumnMapping:
    """The ColumnMapping of the officer's choices ({header: field or "-"}).

    Raises InputError naming the file when one field is given to two columns, or when no
    column can identify anyone. Anything that is not a canonical field counts as "-".
    """
    fields: dict[str, str] = {}
    for header in headers:
        fld = chosen.get(header, NO_FIELD)
        if fld not in CANONICAL_FIELDS:
            continue
        if fld in fields:
            raise input_error(
                file,
                f"field {fld} dipilih untuk dua kolom ('{fields[fld]}' dan '{header}')",
                f"field {fld} is chosen for two columns ('{fields[fld]}' and '{header}')",
            )
        fields[fld] = header
    used = set(fields.values())
    mapping = ColumnMapping(fields=fields, unknown=[h for h in headers if h not in used])
    if mapping.missing_identifying():
        raise input_error(
            file,
            "tidak ada kolom pengenal (nama pemilik, nama usaha, NIK, NIB atau HP)",
            "no identifying column (owner name, business name, NIK, NIB or phone)",
        )
    return mapping


def row_message(file: str, row: int, column: str, text_id: str, text_en: str) -> str:
    """House style: "file: baris 4, kolom 'Nominal': ... / row 4, column 'Nominal': ..."."""
    where_id = f"baris {row}" + (f", kolom '{column}'" if column else "")
    where_en = f"row {row}" + (f", column '{column}'" if column else "")
    return f"{file}: {where_id}: {text_id} / {where_en}: {text_en}"


def amount_values(cells: pl.Series) -> pl.DataFrame:
    """Per cell: `amount_idr` (Int64, null unless ok) and `amount_ok` (whole rupiah > 0).

    Parsed by the engine's own rupiah stages ("Rp 2.400.000", "2,4 juta", "2400000.0"),
    stopping before its rounding: "2.400.000,50" is refused rather than quietly paid as
    Rp2.400.000. The float exists only to test wholeness; the amount kept is an integer.
    """
    stages, _ = identifier_stages()["amount"]
    lazy = pl.DataFrame({"amount": cells}, schema={"amount": pl.Utf8}).lazy()
    for stage in stages[:-1]:
        lazy = lazy.with_columns(stage)
    value = pl.col("_m_value")
    whole = value.is_not_null() & (value >= 1) & (value < 1e15) & (value == value.round(0))
    return lazy.select(
        pl.when(whole).then(value.round(0).cast(pl.Int64)).alias("amount_idr"),
        whole.fill_null(False).alias("amount_ok"),
    ).collect()


@dataclass
class CheckedRows:
    """What `check_rows` found. `frame`: every row, normalised, with `unique_id`,
    `source_row`, `amount_idr` (null on bad rows); `bad`: {source_row: message};
    `notes`: {source_row: [problem dicts]} for rows that are usable anyway."""

    frame: pl.DataFrame
    bad: dict[int, str]
    notes: dict[int, list[dict[str, str]]]

    @property
    def good(self) -> pl.DataFrame:
        return self.frame.filter(~pl.col(SOURCE_ROW).is_in(list(self.bad)))


def check_rows(table: RawTable, mapping: ColumnMapping, default_amount: int | None) -> CheckedRows:
    """Normalise every row with the engine and decide which rows are bad (module doc)."""
    canonical = to_canonical(table, mapping).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW_ID)
    )
    numeric = {table.file} if mapping.fields.get("nik") in table.numeric_columns else set()
    norm = normalise_frame(canonical, numeric)
    # The registry frame keeps dates as ISO text; the new rows must compare alike.
    dates = [c for c, t in norm.schema.items() if t in (pl.Date, pl.Datetime)]
    norm = norm.with_columns(pl.col(c).cast(pl.Utf8) for c in dates)

    amount_header = mapping.fields.get("amount", "")
    amounts = amount_values(norm["amount"])
    given = pl.col("amount").str.strip_chars().fill_null("").is_in(["", "-"]).not_()
    identifying = pl.any_horizontal(present_expr(pl.col(f)) for f in IDENTIFYING_FIELDS)
    anything = pl.any_horizontal(
        present_expr(pl.col(f)) | (pl.col(f).str.strip_chars().fill_null("") != "")
        for f in mapping.fields
    )
    flags = norm.select(
        SOURCE_ROW,
        "amount",
        anything.fill_null(False).alias("_any"),
        identifying.fill_null(False).alias("_id"),
        given.alias("_given"),
    ).hstack(amounts)

    file = table.file
    bad: dict[int, str] = {}
    chosen: list[int | None] = []
    for row, cell, any_value, has_id, has_amount, amount, ok in flags.iter_rows():
        value: int | None = None
        if not any_value:
            bad[row] = row_message(
                file, row, "", "baris kosong (semua kolom terpakai kosong)",
                "empty row (every mapped column is empty)",
            )  # fmt: skip
        elif not has_id:
            bad[row] = row_message(
                file, row, "", "tidak ada nama pemilik, nama usaha, NIK, NIB maupun HP",
                "no owner name, business name, NIK, NIB or phone",
            )  # fmt: skip
        elif has_amount and not ok:
            bad[row] = row_message(
                file, row, amount_header,
                f"'{cell}' bukan rupiah bulat > 0 (contoh: 2.400.000)",
                f"'{cell}' is not a whole rupiah amount > 0 (e.g. 2.400.000)",
            )  # fmt: skip
        elif has_amount:
            value = amount
        elif default_amount is not None:
            value = default_amount
        else:
            bad[row] = row_message(
                file, row, amount_header or "amount",
                "nominal kosong dan tidak ada nominal bawaan",
                "no amount and no default amount given",
            )  # fmt: skip
        chosen.append(value)
    frame = norm.with_columns(pl.Series("amount_idr", chosen, dtype=pl.Int64))

    header_of = mapping.fields
    notes: dict[int, list[dict[str, str]]] = {}
    problems = frame_problems(norm).filter(~pl.col("code").is_in(list(_OWN_CODES)))
    for row, column, code, text_id, text_en in problems.select(
        "row", "column", "code", "message_id", "message_en"
    ).iter_rows():
        if row in bad:
            continue
        notes.setdefault(row, []).append(
            {
                "column": header_of.get(column, column),
                "code": code,
                "message_id": text_id,
                "message_en": text_en,
            }
        )
    return CheckedRows(frame=frame, bad=bad, notes=notes)


@dataclass
class Match:
    """A row's link: one business (by NIK or by the model) or candidates to choose from."""

    business_id: int | None = None
    matched_by: str = ""
    probability: float | None = None
    candidates: list[tuple[int, float | None]] = field(default_factory=list)


def link_rows(
    good: pl.DataFrame,
    registry: pl.DataFrame,
    model: dict[str, Any],
    spec: dict[str, Any],
    thresholds: Thresholds,
) -> dict[int, Match]:
    """{unique_id: Match} for normalised rows against the registry frame (no ORM).

    The engine decides exactly as for intake (new x registry, new x new, the cluster
    guard); an exact NIK then overrides it: one business with that NIK is the match;
    several are candidates unless the engine chose one of them and no other clears the
    high threshold.
    """
    out = {int(uid): Match() for uid in good[ROW_ID].to_list()}
    if not out or registry.height == 0:
        return out
    result = link_new(
        model_frame(good, spec),
        registry,
        model,
        spec,
        thresholds,
        registry_prior=registry_prior_for(registry.height),
    )
    pairs = (
        result.to_registry.group_by("unique_id_l", BUSINESS_ID)
        .agg(pl.col("match_probability").max())
        .sort(["unique_id_l", "match_probability", BUSINESS_ID], descending=[False, True, False])
    )
    scored: dict[int, list[tuple[int, float | None]]] = {}
    for uid, business, p in pairs.iter_rows():
        scored.setdefault(uid, []).append((business, p))
    for uid, business, p in result.records.select(
        ROW_ID, BUSINESS_ID, "match_probability"
    ).iter_rows():
        if business is not None:
            out[uid] = Match(business, MATCHED_BY_MODEL, p)
        else:
            out[uid] = Match(candidates=scored.get(uid, []))

    with_nik = good.select(ROW_ID, "nik_full").drop_nulls()
    carriers = registry.select("nik_full", BUSINESS_ID).drop_nulls().unique()
    same_nik = (
        with_nik.join(carriers, on="nik_full")
        .group_by(ROW_ID)
        .agg(pl.col(BUSINESS_ID).unique().sort())
    )
    for uid, businesses in same_nik.iter_rows():
        found = out[uid]
        prob = dict(scored.get(uid, []))
        if len(businesses) == 1:
            out[uid] = Match(businesses[0], MATCHED_BY_NIK, prob.get(businesses[0]))
            continue
        # One owner, several businesses: the engine's pick stands only when no other
        # business of that NIK also clears the high threshold (else it is a coin toss).
        rivals = [
            b
            for b in businesses
            if b != found.business_id and (prob.get(b) or 0.0) >= thresholds.high
        ]
        if found.business_id not in businesses or rivals:
            rest = [c for c in found.candidates if c[0] not in businesses]
            out[uid] = Match(candidates=[(b, prob.get(b)) for b in businesses] + rest)
    return out


def _mask_long_run(found: re.Match[str]) -> str:
    run = found.group()
    return mask_nik(run) if sum(c.isdigit() for c in run) >= _LONG_RUN_DIGITS else run


def shown_cells(raw: dict[str, Any], headers: Iterable[str], mapping: dict[str, str]) -> list[str]:
    """A row's cells for a page: personal columns masked, and any long digit run masked
    too (a NIK in a column nobody mapped must not show in full either)."""
    cells = []
    for header in headers:
        value = raw.get(header)
        text = "" if value is None else str(value)
        if mapping.get(header) in PERSONAL_FIELDS:
            text = mask_nik(text)
        else:
            text = _DIGIT_RUN.sub(_mask_long_run, text)
        cells.append(text)
    return cells


def mapping_value(mapping: ColumnMapping, header: str) -> str:
    """The field `header` feeds in `mapping`, or "-"."""
    for fld, h in mapping.fields.items():
        if h == header:
            return fld
    return NO_FIELD
