"""Recognising which source column is which canonical field.

Headers are compared after folding: accents, case, punctuation and spacing do not
matter ("No. HP/WA", "NO HP WA" and "nohpwa" are the same header). A header scores
- 100 when it is one of the names Indonesian offices actually use (ALIASES);
- 60+ when such a name starts it ("NIK Pemilik", "Nama Usaha Mikro");
- 40+ when such a name sits inside it ("Tempat/Tanggal Lahir Pemilik");
  longer names win, so "Nama Usaha Pemilik" is a business name, not an owner name;
- 30 when its header says nothing but its values look like NIKs, phones or e-mails.
Sample values then add up to 10 points (a "HP" column full of 08... numbers beats a
"WA" column of dashes) and veto row numbers: a column of 1, 2, 3... is never an
external_id. Each field goes to at most one header and each header to at most one
field, best score first; ties go to the leftmost column. `--map` overrides win.

"TTL" (tempat, tanggal lahir: place and date of birth in one cell) is recognised as
birth_date; the birth-date normaliser has to find the date inside the text.
Separate "RT" and "RW" columns are not mapped (rt_rw holds both); they are carried
as unknown columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from sinergi.linkage.io import InputError, RawTable
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

ALIASES: dict[str, tuple[str, ...]] = {
    "owner_name": (
        "Nama Pemilik", "Nama Pelaku Usaha", "Nama", "Nama Lengkap", "Nama Penerima",
        "Nama Mitra", "Nama Pemilik Usaha", "Owner", "Owner Name", "Name", "Nama Pengusaha",
        "Nama Pelaku UMKM", "Nama Penerima Bantuan", "Nama KTP", "Nama Sesuai KTP",
        "Nama Debitur", "Nama Peserta", "Nama Anggota", "Pemilik", "Pemilik Usaha",
        "Nama Pemilik UMKM", "Full Name", "Nama Penanggung Jawab",
    ),
    "nik": (
        "NIK", "No KTP", "No. KTP", "Nomor KTP", "NIK KTP", "No. Induk Kependudukan",
        "Nomor Induk Kependudukan", "ID Number", "NIK Pemilik", "No NIK", "Nomor NIK", "KTP",
        "NIK Penerima", "National ID", "No. Identitas", "Nomor Identitas",
    ),
    "kk": (
        "No KK", "Nomor KK", "No. Kartu Keluarga", "Nomor Kartu Keluarga", "KK", "NKK",
        "Kartu Keluarga", "NIK KK",
    ),
    "business_name": (
        "Nama Usaha", "Nama UMKM", "Nama Toko", "Nama Perusahaan", "Business Name", "Merek",
        "Merk", "Nama Merek", "Nama Brand", "Brand", "Nama Badan Usaha", "Nama IKM",
        "Nama Koperasi", "Company", "Company Name", "Nama Tempat Usaha", "Nama Unit Usaha",
    ),
    "product": (
        "Produk", "Jenis Produk", "Produk Unggulan", "Nama Produk", "Product", "Komoditas",
        "Produk Utama", "Produk Usaha",
    ),
    "sector": (
        "Jenis Usaha", "Bidang Usaha", "Sektor", "Sektor Usaha", "KBLI", "Kategori Usaha",
        "Kode KBLI", "Sector", "Jenis Kegiatan Usaha", "Lapangan Usaha", "Bidang",
        "Kegiatan Usaha", "Klasifikasi Usaha",
    ),
    "address": (
        "Alamat", "Alamat Lengkap", "Alamat Usaha", "Address", "Alamat Rumah", "Alamat KTP",
        "Alamat Domisili", "Alamat Tempat Usaha", "Alamat Pemilik", "Jalan", "Lokasi Usaha",
    ),
    "rt_rw": ("RT/RW", "RT RW", "Rt/Rw"),
    "village": (
        "Desa", "Kelurahan", "Desa/Kelurahan", "Kel/Desa", "Desa/Kel", "Kelurahan/Desa", "Kel",
        "Village", "Nama Desa", "Nama Kelurahan", "Desa Kelurahan",
        "Nmdesa", "Nm Desa",
    ),
    "district": ("Kecamatan", "Kec", "District", "Nama Kecamatan", "Nmkec", "Nm Kec"),
    "regency": (
        "Kab/Kota", "Kabupaten/Kota", "Kabupaten", "Kota", "Kab", "Kota/Kabupaten", "Kota/Kab",
        "Regency", "City", "Nama Kabupaten", "Kabupaten Kota",
        "Nmkab", "Nm Kab",
    ),
    "province": ("Provinsi", "Prov", "Propinsi", "Province", "Nama Provinsi", "Nmprov", "Nm Prov"),
    "postcode": ("Kode Pos", "Kodepos", "Postal Code", "Postcode", "Zip", "Zip Code"),
    "latitude": ("Latitude", "Lat", "Lintang", "Garis Lintang", "Koordinat Lintang"),
    "longitude": ("Longitude", "Lng", "Lon", "Long", "Bujur", "Garis Bujur", "Koordinat Bujur"),
    "coordinates": (
        "Koordinat", "Titik Koordinat", "Lokasi GPS", "Koordinat GPS", "Coordinates", "Lat Long",
        "Latlong", "Lat/Long", "Lat,Lng",
    ),
    "bps_province": ("Kdprov", "Kode Prov BPS", "Kd Prov"),
    "bps_regency": ("Kdkab", "Kode Kab BPS", "Kd Kab"),
    "bps_district": ("Kdkec", "Kode Kec BPS", "Kd Kec"),
    "bps_village": ("Kddesa", "Kode Desa BPS", "Kd Desa"),
    "phone": (
        "No HP", "No. HP", "HP", "HP/WA", "No. HP/WA", "Telepon", "No Telp", "WA", "WhatsApp",
        "Phone", "No Telepon", "Nomor HP", "Nomor Telepon", "Nomor Handphone", "No Handphone",
        "Handphone", "Telp", "Telp/HP", "No WA", "Nomor WA", "No HP/Telp", "Kontak",
        "No Kontak", "Phone Number", "Mobile", "Telepon/HP", "Nomor WhatsApp", "No Tlp",
        "Tlp", "Nomor Kontak",
    ),
    "email": ("Email", "E-mail", "Alamat Email", "Surel", "Alamat Surel", "Alamat E-mail"),
    "nib": ("NIB", "Nomor Induk Berusaha", "No NIB", "Nomor NIB"),
    "npwp": ("NPWP", "No NPWP", "Nomor NPWP", "Nomor Pokok Wajib Pajak"),
    "birth_date": (
        "Tanggal Lahir", "Tgl Lahir", "TTL", "Tempat Tanggal Lahir", "Tempat/Tgl Lahir",
        "Date of Birth", "Birth Date", "DOB", "Tgl. Lahir", "Tempat, Tanggal Lahir",
    ),
    "sex": (
        "Jenis Kelamin", "JK", "L/P", "Kelamin", "Gender", "Sex", "Jenis Kelamin (L/P)",
        "L / P",
    ),
    "aid_kind": (
        "Jenis Bantuan", "Program", "Bantuan", "Nama Program", "Jenis Program",
        "Program Bantuan", "Aid", "Aid Type", "Skema Bantuan", "Nama Bantuan",
    ),
    "amount": (
        "Nominal", "Jumlah Bantuan", "Nilai", "Besaran Bantuan", "Amount", "Nilai Bantuan",
        "Jumlah", "Nominal Bantuan", "Besar Bantuan", "Jumlah Dana", "Plafon",
        "Nilai Pinjaman", "Jumlah Pinjaman", "Besaran",
    ),
    "external_id": (
        "ID", "No Registrasi", "Kode", "Nomor Registrasi", "No Reg", "ID Pendaftaran",
        "Kode Registrasi", "ID UMKM", "Kode UMKM", "No Pendaftaran", "Record ID",
        "ID Penerima", "Nomor Pendaftaran",
    ),
}  # fmt: skip

# Row-number columns: recognised as header cells, but never mapped to a field.
ROW_NUMBER_ALIASES: tuple[str, ...] = ("No", "No.", "NO URUT", "Nomor Urut", "Urut", "Nomor")

# Words that make a partial match wrong: "Nama Ibu Kandung" is not the owner's name,
# "No HP Pendamping" is not the owner's phone, "Kode Desa" is not a village name, and a
# "No Rekening" full of 16-digit numbers is not a NIK column. Only words outside the
# matched name count ("Tanggal Lahir" is itself a name), and exact names are never vetoed.
_VETO_TOKENS = frozenset(
    "ibu ayah kandung suami istri pasangan waris ahli bank rekening pendamping "
    "petugas verifikator operator enumerator surveyor pewawancara penginput input "
    "keterangan catatan status tanggal tgl kode".split()
)
# Names too generic to recognise inside a longer header: "Nama Kota", "Jumlah Anggota",
# "Nilai Aset", "Kode Desa" and "Kota Lahir" are not owner, amount, id or regency.
_NO_PARTIAL = frozenset(
    "nama name kode id jumlah nilai besaran plafon kota kab kec kel program bantuan "
    "merek merk brand company kontak mobile jalan bidang owner nominal amount".split()
)
# Units that say nothing about the field: "Nominal (Rp)" is "Nominal".
_NOISE_TOKENS = frozenset(("rp", "idr", "rupiah"))

SCORE_EXACT = 100
SCORE_PREFIX = 60
SCORE_INSIDE = 40
SCORE_VALUES = 30


def fold_tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens of a header: accents, punctuation and spacing dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


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


def header_candidates(header: str) -> list[tuple[str, int]]:
    """Every field this header could be, with its header-only score, best first."""
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
            if outside & _VETO_TOKENS:
                continue
            if start == 0 and len(span) >= 2:
                score = SCORE_PREFIX + min(len(span), 20)
            elif len(span) >= 4:
                score = SCORE_INSIDE + min(len(span), 20)
            else:
                continue
            best[fld] = max(best.get(fld, 0), score)
    return sorted(best.items(), key=lambda kv: -kv[1])


def header_cell_weight(cell: str | None) -> float:
    """How much a cell looks like a column header: 1 exact name, 0.5 partial, else 0."""
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
    return best if best >= 0 else first_non_empty


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


# --- what sample values look like -------------------------------------------------

_DIGIT_JUNK = re.compile(r"[\s.\-'`,]")
_SCI = re.compile(r"^\d(\.\d+)?[eE]\+?\d{1,2}$")


def _digits(value: str) -> str:
    return _DIGIT_JUNK.sub("", value)


def _looks_like_nik(value: str) -> bool:
    d = _digits(value)
    return (d.isdigit() and 15 <= len(d) <= 16) or bool(_SCI.match(value.strip()))


def _looks_like_phone(value: str) -> bool:
    d = re.sub(r"[\s.\-()/]", "", value)
    return bool(re.fullmatch(r"(\+?62|0)?8\d{7,12}", d))


def _looks_like_email(value: str) -> bool:
    return bool(re.fullmatch(r"\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*", value))


VALUE_CHECKS = {
    "nik": _looks_like_nik,
    "kk": _looks_like_nik,
    "phone": _looks_like_phone,
    "email": _looks_like_email,
    "nib": lambda v: len(_digits(v)) == 13 and _digits(v).isdigit(),
    "npwp": lambda v: len(_digits(v)) in (15, 16) and _digits(v).isdigit(),
    "postcode": lambda v: bool(re.fullmatch(r"\s*\d{5}\s*", v)),
}
# Fields a column can be recognised as from its values alone.
VALUE_ONLY_FIELDS = ("nik", "phone", "email")
MIN_SAMPLE = 3


def _sample_values(sample: pl.DataFrame | None, header: str, limit: int = 200) -> list[str]:
    if sample is None or header not in sample.columns:
        return []
    col = sample.get_column(header).head(limit).cast(pl.Utf8, strict=False)
    return [v for v in col.to_list() if v is not None and v.strip()]


def _fit(fld: str, values: list[str]) -> float:
    check = VALUE_CHECKS.get(fld)
    if check is None or not values:
        return 0.0
    return sum(1 for v in values if check(v)) / len(values)


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
    """Which original header feeds which canonical field.

    Invariants: every header of the file appears exactly once, either as a value of
    `fields` or in `unknown`; each field maps to one header.
    """

    fields: dict[str, str]
    unknown: list[str]
    # --map headers that named no column of this file (the CLI decides if that is fatal).
    unmatched_overrides: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line per column, e.g. "Nama Pemilik -> owner_name", fields in canonical order."""
        lines = [f"{self.fields[f]} -> {f}" for f in CANONICAL_FIELDS if f in self.fields]
        lines += [
            f"{h} -> (tidak dikenali, dibawa apa adanya / unknown, kept)" for h in self.unknown
        ]
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
    """Map headers to canonical fields (see the module docstring for the scoring).

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
    for given, fld in (overrides or {}).items():
        header = _match_override(given, headers)
        if header is None:
            unmatched.append(given)
            continue
        taken.add(header)
        if fld != NO_FIELD:
            fields[fld] = header

    candidates: list[tuple[float, int, str, str]] = []  # (-score, position, field, header)
    for pos, header in enumerate(headers):
        if header in taken:
            continue
        values = _sample_values(sample, header)
        found = header_candidates(header)
        vetoed = bool(set(fold_tokens(header)) & _VETO_TOKENS)
        if not found and not vetoed:
            # The header says nothing (or only "No"): the values may say NIK/phone/e-mail.
            if len(values) >= MIN_SAMPLE and not is_row_number_column(values):
                for fld in VALUE_ONLY_FIELDS:
                    if _fit(fld, values) >= 0.8:
                        found.append((fld, SCORE_VALUES))
        for fld, score in found:
            if fld == "external_id" and is_row_number_column(values):
                continue
            total = score + 10 * _fit(fld, values)
            candidates.append((-total, pos, fld, header))
    for _neg, _pos, fld, header in sorted(candidates):
        if fld in fields or header in taken:
            continue
        fields[fld] = header
        taken.add(header)
    unknown = [h for h in headers if h not in set(fields.values())]
    return ColumnMapping(fields=fields, unknown=unknown, unmatched_overrides=unmatched)


def recognise_table(table: RawTable, overrides: dict[str, str] | None = None) -> ColumnMapping:
    """`recognise` on a table's headers, judging values on its first 200 rows."""
    return recognise(table.headers, overrides, table.frame.head(200))


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
    when the file has no such column), then each unknown column as "extra:<header>".
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
        else:
            cols.append(pl.col(header).cast(pl.Utf8).alias(fld))
    cols += [pl.col(h).cast(pl.Utf8).alias(EXTRA_PREFIX + h) for h in mapping.unknown]
    return frame.select(cols)
