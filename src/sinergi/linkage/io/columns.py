"""Recognising which source column is which canonical field.

Headers are compared after folding: accents, case, punctuation and spacing do not
matter ("No. HP/WA", "NO HP WA" and "nohpwa" are the same header). A header scores
- 100 when it is one of the names Indonesian offices actually use (ALIASES);
- 60+ when such a name starts it ("NIK Pemilik", "Nama Usaha Mikro");
- 40+ when such a name sits inside it ("Tempat/Tanggal Lahir Pemilik");
  longer names win, so "Nama Usaha Pemilik" is a business name, not an owner name.
Header folding and scoring live in `io.headers`, the dictionary in `io.aliases`. The
values then weigh in (`io.profile`, `io.choice`): a "HP" column full of 08... numbers beats a "WA"
column of dashes, a "Nama" column whose values begin with Warung/Toko/Kios is a business
name, a "Kecamatan" column holding a city's name is read as the regency, a column
headed by nothing known but full of NIKs, phones, e-mails or lat,lng pairs is read as
such, and a column of 1, 2, 3... is never an external_id. Every column gets a
confidence 0..1 and its reasons in words (`ColumnMapping.choices`). Each field goes to
at most one header and each header to at most one field, most confident first; ties go
to the leftmost column. `--map` overrides win.

"TTL" (tempat, tanggal lahir: place and date of birth in one cell) is recognised as
birth_date; the birth-date normaliser has to find the date inside the text.
Separate "RT" and "RW" columns are not mapped (rt_rw holds both); they are carried
as unknown columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from sinergi.linkage.io.choice import MIN_SAMPLE, ColumnChoice, field_words, score_column
from sinergi.linkage.io.headers import (
    VETO_TOKENS,
    fold,
    fold_tokens,
    header_candidates,
)
from sinergi.linkage.io.profile import PROFILE_ROWS, prime_nik_profiles, profile_frame
from sinergi.linkage.io.tables import InputError, RawTable
from sinergi.linkage.schema import (
    CANONICAL_FIELDS,
    IDENTIFYING_FIELDS,
    SOURCE_FILE,
    SOURCE_ROW,
    SOURCE_SHEET,
)

EXTRA_PREFIX = "extra:"
# In --map, this "field" means: do not map this header, carry it as unknown.
NO_FIELD = "-"

# --- what sample values look like -------------------------------------------------


def is_row_number_column(values: list[str]) -> bool:
    """1, 2, 3, ... (a running number, perhaps with gaps): not an identifier."""
    if len(values) < MIN_SAMPLE:
        return False
    nums = []
    for v in values:
        s = v.strip().rstrip(".")
        if not s.isdigit() or len(s) > 7:
            return False
        nums.append(int(s))
    steps = sum(1 for a, b in zip(nums, nums[1:], strict=False) if b == a + 1)
    return nums[0] <= 1 and steps >= 0.8 * (len(nums) - 1)


# --- the mapping -------------------------------------------------------------------


@dataclass
class ColumnMapping:
    """Which original header feeds which canonical field, how sure, and why.

    Invariants: every header of the file appears exactly once, either as a value of
    `fields` or in `unknown`; each field maps to one header. `choices` (when recognition
    made the mapping) has one entry per header, in file order.
    """

    fields: dict[str, str]
    unknown: list[str]
    # --map headers that named no column of this file (the CLI decides if that is fatal).
    unmatched_overrides: list[str] = field(default_factory=list)
    choices: list[ColumnChoice] = field(default_factory=list)
    # A second column of the same field ("name:en" beside "name", "Nama Usaha (lama)"):
    # its value stands where the chosen column's cell is empty. Such a header stays in
    # `unknown` too, so it is still carried as is.
    fallbacks: dict[str, list[str]] = field(default_factory=dict)

    def choice_for(self, header: str) -> ColumnChoice | None:
        return next((c for c in self.choices if c.header == header), None)

    def describe(self) -> str:
        """One line per column, e.g. "Nama Pemilik -> owner_name (yakin/sure 0.95: ...)",
        fields in canonical order, then a line for each close call with the --map to switch."""
        lines = []
        for f in CANONICAL_FIELDS:
            if f not in self.fields:
                continue
            header = self.fields[f]
            choice = self.choice_for(header)
            line = f"{header} -> {f}"
            if choice is not None and choice.overridden:
                line += " (--map)"
            elif choice is not None:
                line += (
                    f" (yakin/sure {choice.confidence:.2f}: {choice.reason_id} / "
                    f"{choice.reason_en})"
                )
            lines.append(line)
        fills = {h for hs in self.fallbacks.values() for h in hs}
        for h in self.unknown:
            choice = self.choice_for(h)
            if h in fills and choice is not None:
                lines.append(f"{h} -> ({choice.reason_id} / {choice.reason_en})")
                continue
            line = f"{h} -> (tidak dikenali, dibawa apa adanya / unknown, kept)"
            if choice is not None and choice.alternative and not choice.overridden:
                wid, wen = field_words(choice.alternative)
                line += (
                    f"; bisa juga {wid} / could be {wen} "
                    f"({choice.alternative_confidence:.2f}): {choice.map_argument()}"
                )
            lines.append(line)
        for c in self.choices:
            if c.field is not None and c.close:
                wid, wen = field_words(c.alternative or "")
                lines.append(
                    f"  ! {c.header}: hampir sama yakinnya sebagai {wid} "
                    f"({c.alternative_confidence:.2f} lawan {c.confidence:.2f}); untuk mengganti: "
                    f"{c.map_argument()} / close call: could also be {wen} "
                    f"({c.alternative_confidence:.2f} vs {c.confidence:.2f}); to switch: "
                    f"{c.map_argument()}"
                )
        return "\n".join(lines)

    def missing_identifying(self) -> bool:
        """True when no field that can identify a business or owner was recognised."""
        return not any(f in self.fields for f in IDENTIFYING_FIELDS)


def _match_override(header: str, headers: list[str]) -> str | None:
    if header in headers:
        return header
    key = fold(header)
    found = [h for h in headers if fold(h) == key]
    return found[0] if found else None


def recognise(
    headers: list[str],
    overrides: dict[str, str] | None = None,
    sample: pl.DataFrame | None = None,
) -> ColumnMapping:
    """Map headers to canonical fields, weighing each header against its values.

    Each column's readings come from `column_choice.score_column` (header score and value
    profile, as a confidence 0..1 with reasons). Fields are then given most confident
    first; each field goes to one column and each column to one field; ties go to the
    leftmost column. Overrides always win.

    Args:
        headers: the file's column names (`RawTable.headers`).
        overrides: {header: field} from --map; headers are matched exactly, then folded.
            The field "-" keeps a header unmapped. Overrides always win.
        sample: some rows of the file (columns named by header) to judge values.
    """
    headers = [h for h in headers if h != SOURCE_ROW]
    fields: dict[str, str] = {}
    taken: set[str] = set()
    unmatched: list[str] = []
    overridden: dict[str, str] = {}
    for given, fld in (overrides or {}).items():
        header = _match_override(given, headers)
        if header is None:
            unmatched.append(given)
            continue
        taken.add(header)
        overridden[header] = fld
        if fld != NO_FIELD:
            fields[fld] = header

    readings: dict[str, list] = {}
    ranked: list[tuple[float, int, str, str]] = []  # (-confidence, position, field, header)
    samples = {h: profile_frame(sample, h) for h in headers if h not in taken}
    rows = min(sample.height, PROFILE_ROWS) if sample is not None else 0
    prime_nik_profiles(list(samples.values()))
    for pos, header in enumerate(headers):
        if header in taken:
            continue
        values = samples[header]
        found = header_candidates(header)
        vetoed = bool(set(fold_tokens(header)) & VETO_TOKENS)
        numbers = is_row_number_column(values)
        cands = score_column(header, found, values, vetoed=vetoed, row_numbers=numbers)
        readings[header] = cands
        weight = fill_weight(len(values), rows)
        ranked += [(-c.confidence * weight, pos, c.field, header) for c in cands]
    for _neg, _pos, fld, header in sorted(ranked):
        if fld in fields or header in taken:
            continue
        fields[fld] = header
        taken.add(header)
    unknown = [h for h in headers if h not in set(fields.values())]
    by_header = {h: f for f, h in fields.items()}
    fallbacks = _fallbacks(unknown, readings, fields)
    fills = {h: (f, fields[f]) for f, hs in fallbacks.items() for h in hs}
    choices = [
        _choice(h, by_header.get(h), readings.get(h), overridden, fills.get(h)) for h in headers
    ]
    return ColumnMapping(
        fields=fields,
        unknown=unknown,
        unmatched_overrides=unmatched,
        choices=choices,
        fallbacks=fallbacks,
    )


# Fields a second column may fill where the chosen one is empty, and how sure the second
# column's own reading must be (its best reading, that field).
FILL_FIELDS = ("business_name", "owner_name", "address")
FILL_MIN = 0.6


def _fallbacks(unknown: list[str], readings: dict[str, list], fields: dict[str, str]):
    out: dict[str, list[str]] = {}
    for header in unknown:
        cands = readings.get(header) or []
        best = cands[0] if cands else None
        if best is None or best.field not in FILL_FIELDS or best.confidence < FILL_MIN:
            continue
        if best.field in fields:
            out.setdefault(best.field, []).append(header)
    return out


def fill_weight(filled: int, rows: int) -> float:
    """How much a column's readings weigh when two columns could be the same field: its
    confidence times the share of rows it fills. "name:en" filled on a third of an
    OpenStreetMap export's rows loses the business name to "name", filled on two thirds,
    unless it is clearly the surer reading. Each column's own readings keep their order."""
    return filled / rows if rows else 1.0


def _choice(
    header: str,
    fld: str | None,
    cands,
    overridden: dict[str, str],
    fills: tuple[str, str] | None = None,
) -> ColumnChoice:
    if header in overridden:
        return ColumnChoice(
            header,
            fld,
            1.0,
            "dipetakan oleh pengguna (--map)",
            "mapped by the user (--map)",
            overridden=True,
        )
    cands = cands or []
    chosen = next((c for c in cands if c.field == fld), None)
    others = [c for c in cands if c.field != fld]
    alt = others[0] if others else None
    if chosen is None and fills is not None:
        fid, fen = field_words(fills[0])
        return ColumnChoice(
            header,
            None,
            0.0,
            f'mengisi {fid} bila "{fills[1]}" kosong, dibawa apa adanya',
            f'fills the {fen} where "{fills[1]}" is empty, kept',
            alternative=alt.field if alt else None,
            alternative_confidence=alt.confidence if alt else 0.0,
        )
    if chosen is None:
        return ColumnChoice(
            header,
            None,
            0.0,
            "tidak dikenali; dibawa apa adanya",
            "not recognised; carried as is",
            alternative=alt.field if alt else None,
            alternative_confidence=alt.confidence if alt else 0.0,
        )
    return ColumnChoice(
        header,
        fld,
        chosen.confidence,
        chosen.reason_id,
        chosen.reason_en,
        alternative=alt.field if alt else None,
        alternative_confidence=alt.confidence if alt else 0.0,
    )


def recognise_table(table: RawTable, overrides: dict[str, str] | None = None) -> ColumnMapping:
    """`recognise` on a table's headers, judging values on its first PROFILE_ROWS rows."""
    return recognise(table.headers, overrides, table.frame.head(PROFILE_ROWS))


def require_identifying(mapping: ColumnMapping, file: str) -> None:
    """Raise InputError when a file has no column that can identify anyone."""
    if mapping.missing_identifying():
        names = ", ".join(mapping.unknown) or "-"
        raise InputError(
            f"{file}: tidak ada kolom pengenal (nama pemilik, nama usaha, NIK, NIB atau HP); "
            f'kolom: {names}; gunakan --map "Judul=field" / no identifying column '
            f"(owner name, business name, NIK, NIB or phone); columns: {names}; use --map"
        )


# --- --map arguments ---------------------------------------------------------------

ALL_FILES = "*"
_FILE_SUFFIX = re.compile(r"\.(csv|txt|tsv|xlsx|xlsm|xls|ods)$", re.IGNORECASE)


def parse_map_args(values: Iterable[str]) -> dict[str, dict[str, str]]:
    """Parse --map arguments into {file base name: {header: field}}.

    "FILE:Header=field" applies to one file (FILE is a base name with a spreadsheet or
    text extension); "Header=field" applies to all files and is stored under "*" (see
    `overrides_for`). The field is a canonical field name, or "-" to leave the header
    unmapped. A header may itself contain ":"; the last "=" separates the field.

    Raises:
        InputError: bad syntax or unknown field, naming the argument.
    """
    result: dict[str, dict[str, str]] = {}
    for arg in values:
        target, sep, fld = arg.rpartition("=")
        fld = fld.strip()
        if not sep or not target.strip():
            raise InputError(
                f'--map {arg!r}: bentuknya harus "BERKAS:Judul=field" atau "Judul=field" '
                f'/ expected "FILE:Header=field" or "Header=field"'
            )
        if fld != NO_FIELD and fld not in CANONICAL_FIELDS:
            fld_l = fld.lower()
            if fld_l in CANONICAL_FIELDS:
                fld = fld_l
            else:
                choices = ", ".join(CANONICAL_FIELDS)
                raise InputError(
                    f"--map {arg!r}: field {fld!r} tidak dikenal; pilihan: {choices}, - "
                    f"/ unknown field {fld!r}; choose one of: {choices}, -"
                )
        file, colon, header = target.partition(":")
        if colon and _FILE_SUFFIX.search(file.strip()):
            file = file.strip().replace("\\", "/").rsplit("/", 1)[-1]
        else:
            file, header = ALL_FILES, target
        if not header.strip():
            raise InputError(f"--map {arg!r}: judul kolom kosong / empty column header")
        per_file = result.setdefault(file, {})
        if header in per_file and per_file[header] != fld:
            raise InputError(
                f"--map {arg!r}: kolom {header!r} sudah dipetakan ke {per_file[header]} "
                f"/ column {header!r} is already mapped to {per_file[header]}"
            )
        clash = [h for h, f in per_file.items() if f == fld and h != header and f != NO_FIELD]
        if clash:
            raise InputError(
                f"--map {arg!r}: field {fld} sudah dipakai kolom {clash[0]!r} "
                f"/ field {fld} is already given to column {clash[0]!r}"
            )
        per_file[header] = fld
    return result


def overrides_for(maps: dict[str, dict[str, str]], file: str) -> dict[str, str]:
    """The overrides that apply to one file: "*" ones, then the file's own (which win,
    also over a "*" entry giving the same field to another header)."""
    own = maps.get(file, {})
    claimed = {f for f in own.values() if f != NO_FIELD}
    merged = {h: f for h, f in maps.get(ALL_FILES, {}).items() if f not in claimed}
    merged.update(own)
    return merged


# --- canonical frame ---------------------------------------------------------------


def to_canonical(table: RawTable, mapping: ColumnMapping) -> pl.DataFrame:
    """The table renamed to the column contract of `schema`.

    Columns: source_file, source_row, source_sheet, every CANONICAL_FIELD (Utf8, null
    when the file has no such column; where its column's cell is empty, the cell of a
    fallback column of that field), then each unknown column as "extra:<header>".
    Cell values are not touched.
    """
    frame = table.frame
    cols: list[pl.Expr] = [
        pl.lit(table.file, dtype=pl.Utf8).alias(SOURCE_FILE),
        pl.col(SOURCE_ROW).cast(pl.Int64),
        pl.lit(table.sheet, dtype=pl.Utf8).alias(SOURCE_SHEET),
    ]
    for fld in CANONICAL_FIELDS:
        header = mapping.fields.get(fld)
        if header is None:
            cols.append(pl.lit(None, dtype=pl.Utf8).alias(fld))
            continue
        value = pl.col(header).cast(pl.Utf8)
        for other in mapping.fallbacks.get(fld, ()):
            empty = value.is_null() | (value.str.strip_chars() == "")
            value = pl.when(empty).then(pl.col(other).cast(pl.Utf8)).otherwise(value)
        cols.append(value.alias(fld))
    cols += [pl.col(h).cast(pl.Utf8).alias(EXTRA_PREFIX + h) for h in mapping.unknown]
    return frame.select(cols)
