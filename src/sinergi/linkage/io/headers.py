"""Header detection: which row is the header, and which fields a header could name.

Headers are compared after folding: accents, case, punctuation and spacing do not
matter ("No. HP/WA", "NO HP WA" and "nohpwa" are the same header). The readers
(`io.text`, `io.excel`) use `find_header_row` and `is_numbering_row` to find the table
in a sheet; `io.columns` uses `header_candidates` before it weighs the values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from sinergi.linkage.io.aliases import ALIASES, ROW_NUMBER_ALIASES

# Words that make a partial match wrong: "Nama Ibu Kandung" is not the owner's name,
# "No HP Pendamping" is not the owner's phone, "Kode Desa" is not a village name, and a
# "No Rekening" full of 16-digit numbers is not a NIK column. Only words outside the
# matched name count ("Tanggal Lahir" is itself a name), and exact names are never vetoed.
VETO_TOKENS = frozenset(
    "ibu ayah kandung suami istri pasangan waris ahli bank rekening pendamping "
    "petugas verifikator operator enumerator surveyor pewawancara penginput input "
    "keterangan catatan status tanggal tgl kode".split()
)
# Names too generic to recognise inside a longer header: "Nama Kota", "Jumlah Anggota",
# "Nilai Aset", "Kode Desa" and "Kota Lahir" are not owner, amount, id or regency.
_NO_PARTIAL = frozenset(
    "nama name kode id jumlah nilai besaran plafon kota kab kec kel program bantuan "
    "merek merk brand company kontak mobile jalan bidang owner nominal amount usaha".split()
)
# Units that say nothing about the field: "Nominal (Rp)" is "Nominal".
_NOISE_TOKENS = frozenset(("rp", "idr", "rupiah"))

SCORE_EXACT = 100
SCORE_PREFIX = 60
SCORE_INSIDE = 40


def fold_tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens of a header: accents, punctuation and spacing dropped."""
    if text.isascii():  # nothing to decompose (most cells): the same tokens, faster
        return _TOKEN.findall(text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _TOKEN.findall(ascii_text)


_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """The comparison key of a header: "No. HP/WA" -> "nohpwa"."""
    return "".join(fold_tokens(text))


def _build_alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for fld, names in ALIASES.items():
        for name in names:
            key = fold(name)
            if index.get(key, fld) != fld:
                raise ValueError(f"alias {name!r} claimed by {index[key]} and {fld}")
            index[key] = fld
    return index


ALIAS_INDEX: dict[str, str] = _build_alias_index()
ROW_NUMBER_KEYS: frozenset[str] = frozenset(fold(a) for a in ROW_NUMBER_ALIASES)


# Headers that name two things: "Merek Usaha (Nama Lengkap Pemilik)", "Nama / No. WA",
# "Lat/Long", "Usaha & Pemilik". Split at brackets, slashes, ampersands, pluses, bars and
# the words "dan"/"atau"; each part is read on its own, and some pairs mean one column
# that holds both (the normalisers split the cell: `normalize.split`).
_PART_SPLIT = re.compile(r"\s*[()\[\]<>/&+|;]\s*|\s+(?:dan|atau|and|or)\s+", re.IGNORECASE)
# Words that make an otherwise unknown part a business ("Merek Usaha", "Usaha", "Toko").
_BUSINESS_HINTS = frozenset(
    "usaha merek merk brand toko warung kios umkm ukm ikm dagang outlet gerai bisnis "
    "perusahaan lapak kedai depot".split()
)
# {fields of the parts} -> the field of a column holding them together.
COMBINED: dict[frozenset[str], str] = {
    frozenset(("business_name", "owner_name")): "business_name",
    frozenset(("owner_name", "phone")): "owner_name",
    frozenset(("latitude", "longitude")): "coordinates",
    frozenset(("coordinates", "latitude")): "coordinates",
    frozenset(("coordinates", "longitude")): "coordinates",
    frozenset(("nik", "kk")): "nik",
    # "Lokasi (lat, lng)": a place written as a point.
    frozenset(("address", "coordinates")): "coordinates",
}
SCORE_COMBINED = 90


def _part_field(part: str) -> str | None:
    """The field one part of a compound header names (None: it names nothing known)."""
    found = _simple_candidates(part)
    if found:
        return found[0][0]
    if set(fold_tokens(part)) & _BUSINESS_HINTS:
        return "business_name"
    return None


def compound_fields(header: str) -> tuple[str, tuple[str, ...]] | None:
    """(field, fields of the parts) when the header names two things that one column
    holds together ("Merek Usaha (Nama Lengkap Pemilik)" -> business_name: the business
    with its owner, who is split out of each cell); None otherwise."""
    parts = [p for p in _PART_SPLIT.split(header) if fold(p)]
    if len(parts) < 2:
        return None
    named = tuple(f for f in (_part_field(p) for p in parts) if f)
    fields = frozenset(named)
    if fields in COMBINED:
        return COMBINED[fields], named
    return None


def header_candidates(header: str) -> list[tuple[str, int]]:
    """Every field this header could be, with its header-only score, best first."""
    tokens = [t for t in fold_tokens(header) if t not in _NOISE_TOKENS] or fold_tokens(header)
    key = "".join(tokens)
    if not key or key in ROW_NUMBER_KEYS:
        return []
    if key in ALIAS_INDEX:
        return [(ALIAS_INDEX[key], SCORE_EXACT)]
    combined = compound_fields(header)
    if combined is not None:
        return [(combined[0], SCORE_COMBINED)]
    return _simple_candidates(header)


def _simple_candidates(header: str) -> list[tuple[str, int]]:
    """Header candidates without reading the header as two things."""
    tokens = [t for t in fold_tokens(header) if t not in _NOISE_TOKENS] or fold_tokens(header)
    key = "".join(tokens)
    if not key or key in ROW_NUMBER_KEYS:
        return []
    if key in ALIAS_INDEX:
        return [(ALIAS_INDEX[key], SCORE_EXACT)]
    best: dict[str, int] = {}
    n = len(tokens)
    for start in range(n):
        for end in range(start + 1, n + 1):
            span = "".join(tokens[start:end])
            fld = ALIAS_INDEX.get(span)
            if fld is None or span in _NO_PARTIAL:
                continue
            outside = set(tokens[:start]) | set(tokens[end:])
            if outside & VETO_TOKENS:
                continue
            if start == 0 and len(span) >= 2:
                score = SCORE_PREFIX + min(len(span), 20)
            elif len(span) >= 4:
                score = SCORE_INSIDE + min(len(span), 20)
            else:
                continue
            best[fld] = max(best.get(fld, 0), score)
    for fld, score in (_qualified_region(tokens), _axis(tokens)):
        if fld is not None:
            best[fld] = max(best.get(fld, 0), score)
    return sorted(best.items(), key=lambda kv: -kv[1])


# A region level's words, as a header's first word ("Kec. Lokasi Usaha", "Kab/Kota
# Domisili"): the level named first is the column's level.
_LEVEL_TOKENS = {
    **dict.fromkeys(("prov", "provinsi", "propinsi", "province"), "province"),
    **dict.fromkeys(
        ("kab", "kabupaten", "kota", "kabkota", "kabkot", "kotamadya", "kotakab", "regency"),
        "regency",
    ),
    **dict.fromkeys(("kec", "kecamatan", "kapanewon", "kemantren", "distrik"), "district"),
    **dict.fromkeys(
        ("kel", "kelurahan", "desa", "deskel", "keldesa", "gampong", "nagari", "kalurahan"),
        "village",
    ),
}
# Qualifiers after a level that make it something else than a place of the business:
# "Kota Lahir" is a birthplace, "Kec. Kode" a code, "Desa Jumlah Penduduk" a count.
_NOT_A_PLACE = frozenset("lahir kelahiran no nomor nmr kd jumlah luas penduduk".split())
# Whose or which place the qualifier says ("Domisili Pemilik", "Lokasi Usaha") is no
# other field.
_PLACE_FIELDS = frozenset(
    ("address", "province", "regency", "district", "village", "owner_name", "business_name")
)
SCORE_QUALIFIED_REGION = SCORE_PREFIX + 15


def _qualified_region(tokens: list[str]) -> tuple[str | None, int]:
    """A region level followed by a qualifier ("KEC. LOKASI USAHA", "Kecamatan Tempat
    Usaha", "KAB/KOTA DOMISILI"): the level named first, whatever the qualifier says,
    as long as the qualifier names no other field (an address word, or whose place it
    is, is no other field)."""
    start = 1 if tokens[:1] in (["nama"], ["nm"]) else 0
    level = _LEVEL_TOKENS.get(tokens[start]) if len(tokens) > start else None
    if level is None:
        return None, 0
    end = start
    while end < len(tokens) and tokens[end] in _LEVEL_TOKENS:
        end += 1
    rest = tokens[end:]
    if not rest or set(rest) & (VETO_TOKENS | _NOT_A_PLACE):
        return None, 0
    if {f for f, _ in _simple_candidates(" ".join(rest))} - _PLACE_FIELDS:
        return None, 0
    return level, SCORE_QUALIFIED_REGION


# A point written as two columns named by axis ("TITIK X", "Koordinat Y", "Posisi X"):
# X is the longitude, Y the latitude. Scored low: the values must confirm it (Indonesia's
# longitudes 95..141, latitudes -11..6; `io.choice` reads an axis the values contradict
# as the other one).
_AXIS = {"x": "longitude", "y": "latitude"}
_POINT_WORDS = frozenset(
    "titik koordinat kordinat koord coord coordinate coordinates posisi lokasi gps peta map "
    "geo geotag geotagging usaha tempat".split()
)
SCORE_AXIS = SCORE_INSIDE + 10


def _axis(tokens: list[str]) -> tuple[str | None, int]:
    axes = [t for t in tokens if t in _AXIS]
    rest = [t for t in tokens if t not in _AXIS]
    if len(axes) != 1 or not rest or not set(rest) <= _POINT_WORDS:
        return None, 0
    return _AXIS[axes[0]], SCORE_AXIS


@lru_cache(maxsize=1 << 14)
def header_cell_weight(cell: str | None) -> float:
    """How much a cell looks like a column header: 1 exact name, 0.5 partial, else 0.

    Cached: the header search asks it of every cell of the first rows of every file,
    and the same headings and values recur."""
    if cell is None:
        return 0.0
    key = fold(cell)
    if key in ALIAS_INDEX or key in ROW_NUMBER_KEYS:
        return 1.0
    tokens = fold_tokens(cell)
    # Long cells are titles or data, not headers.
    if 0 < len(tokens) <= 5 and header_candidates(cell):
        return 0.5
    return 0.0


# How far down a sheet the header may sit: this many non-empty rows (blank rows are free).
HEADER_SEARCH_ROWS = 16
# How many rows a reader should pass to `find_header_row` (blank rows included).
HEADER_SCAN_LIMIT = 500


def find_header_row(rows: Sequence[Sequence[str | None]]) -> int:
    """Index (0-based) of the header among the first rows of a sheet.

    Only the first HEADER_SEARCH_ROWS non-empty rows are candidates. The row whose cells
    look most like known headers wins (at least two cells' worth; the first such row on
    a tie), which skips title rows such as "DATA UMKM TERDAMPAK COVID-19" and blank rows.
    Otherwise the header is read from the shape of the values (`header_from_values`): a
    header of wordings the dictionary does not know, below title rows, is still found.
    Otherwise: the first non-empty row. -1 if all are empty.
    """
    best, best_score = -1, 1.999
    first_non_empty = -1
    seen = 0
    for i, row in enumerate(rows):
        if not any(c is not None and c.strip() for c in row):
            continue
        if first_non_empty < 0:
            first_non_empty = i
        score = sum(header_cell_weight(c) for c in row)
        if score > best_score:
            best, best_score = i, score
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if best >= 0:
        return best
    if first_non_empty < 0:
        return -1
    by_values = header_from_values(rows)
    return by_values if by_values >= 0 else first_non_empty


# A header cell is a short label: at most this many characters and words.
_LABEL_CHARS = 60
_LABEL_WORDS = 8
# How many non-empty rows under a candidate header are compared with it.
_BLOCK_ROWS = 50
# A cell that is a value, not a label: digits (NIK, phone, amount, code), a number with
# separators, a date, a point ("-6.91, 107.6").
_VALUE_CELL = re.compile(r"^[\s\d.,:;/()+\-'\u2019]*\d[\s\d.,:;/()+\-'\u2019]*$")


# Headers written as a symbol only: the row-number column ("#", "№").
_SYMBOL_LABELS = frozenset(("#", "\u2116"))


def _filled(row: Sequence[str | None]) -> list[str]:
    return [c.strip() for c in row if c is not None and c.strip()]


def _is_label(cell: str) -> bool:
    return (
        len(cell) <= _LABEL_CHARS
        and len(cell.split()) <= _LABEL_WORDS
        and not _VALUE_CELL.match(cell)
        and (bool(fold(cell)) or cell in _SYMBOL_LABELS)
    )


def _kind(cell: str) -> str:
    """A coarse type of a data cell, to tell a header from the rows under it."""
    if _VALUE_CELL.match(cell):
        digits = sum(ch.isdigit() for ch in cell)
        return "digits" if digits >= 8 else "number"
    return "text"


def header_from_values(rows: Sequence[Sequence[str | None]]) -> int:
    """The header read from the values, for headers the dictionary does not know.

    The data block's width W is the upper quartile of the filled-cell counts of the rows
    read (title rows are few). Rows above the header are narrow: one filled cell, or
    fewer than three quarters of W (a title, a merged cell, "Kabupaten: Bangka" in two
    cells, a blank row). The header is the first row that is not narrow, if its cells are
    short distinct labels (no NIK, phone, number or date among them) and the rows under
    it agree with it: no wider than it (their median filled count at most 4/3 of its),
    mostly at least half as wide, and in at least one column of another kind than text
    (NIKs, phones, amounts, dates) or of varied values that are not its own label.
    -1 when no row fits: the caller keeps the first non-empty row.
    """
    filled = [(i, _filled(r)) for i, r in enumerate(rows)]
    filled = [(i, cells) for i, cells in filled if cells]
    if len(filled) < 2:
        return -1
    counts = sorted(len(cells) for _, cells in filled)
    width = counts[(3 * (len(counts) - 1)) // 4]
    if width < 2:
        return -1
    for pos, (i, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        if len(cells) <= 1 or 4 * len(cells) < 3 * width:
            continue  # a title row (or part of one): not the header
        if pos == 0:
            return -1  # nothing above it: the first non-empty row, as before
        labels = [fold(c) for c in cells]
        if not all(_is_label(c) for c in cells) or len(set(labels)) < len(labels):
            return -1
        block = [rows[j] for j, _ in filled[pos + 1 : pos + 1 + _BLOCK_ROWS]]
        if not block or not _agrees_with(rows[i], block):
            return -1
        return i
    return -1


def _agrees_with(header: Sequence[str | None], below: Sequence[Sequence[str | None]]) -> bool:
    """True when the rows under a candidate header look like its data block."""
    width = sum(1 for c in header if c is not None and c.strip())
    counts = sorted(len(_filled(r)) for r in below)
    if 4 * width < 3 * counts[len(counts) // 2]:
        return False  # the rows under it are wider: a title, not the header
    wide = [r for r in below if 2 * len(_filled(r)) >= width]
    if 2 * len(wide) < len(below):
        return False
    for col, head in enumerate(header):
        if head is None or not head.strip():
            continue
        values = [r[col].strip() for r in wide if col < len(r) and r[col] and r[col].strip()]
        if not values:
            continue
        kinds = [_kind(v) for v in values]
        if 2 * sum(k != "text" for k in kinds) > len(kinds):
            return True  # a column of NIKs, phones, amounts or dates under a text label
        if fold(head) not in {fold(v) for v in values} and len(set(values)) > 1:
            return True  # varied values, none of them the label itself
    return False


_NUMBER_CELL = re.compile(r"^\s*\(?\s*(\d{1,3})\s*\)?\s*$")


def is_numbering_row(row: Sequence[str | None], header: Sequence[str | None]) -> bool:
    """True for the "1 2 3 4" (or "(1) (2) (3)") line government forms put under headers."""
    values = [c for c in row if c is not None and c.strip()]
    named = sum(1 for c in header if c is not None and c.strip())
    if len(values) < 3 or len(values) * 2 < named:
        return False
    numbers = []
    for v in values:
        m = _NUMBER_CELL.match(v)
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1
