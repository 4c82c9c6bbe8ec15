"""The column contract of the linkage engine.

Every stage speaks in these names: readers produce raw text columns, column recognition
renames them to CANONICAL_FIELDS, `prepare` adds the NORMALISED columns, the model
compares normalised columns only, and outputs carry the raw values next to the
normalised ones. Keeping the names here, once, lets the stages be built and tested
apart.

Invariants:
- Raw canonical columns are Utf8 and hold the cell text exactly as received (no strip,
  no case change); an absent column is all-null.
- Region codes in the engine are Kemendagri codes as digits without dots:
  province "19", regency "1901", district "190101", village "1901012001".
- Every row of every input gets a `unique_id` (int64, 0-based over all inputs in order)
  and keeps `source_file` (base name) and `source_row` (1-based data row, header
  excluded).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Fields a source column can be recognised as. Unknown columns are carried untouched.
CANONICAL_FIELDS: tuple[str, ...] = (
    "owner_name",
    "nik",
    "kk",
    "business_name",
    "product",
    "sector",
    "address",
    "rt_rw",
    "village",
    "district",
    "regency",
    "province",
    "postcode",
    # Geography beyond names: a point (two columns, or "lat,lng" in one cell) and the
    # partial region codes of BPS business directories (Kdprov 2, Kdkab 2, Kdkec 3, Kddesa 3
    # digits), which only become Kemendagri codes where the region name agrees.
    "latitude",
    "longitude",
    "coordinates",
    "bps_province",
    "bps_regency",
    "bps_district",
    "bps_village",
    "phone",
    "email",
    "nib",
    "npwp",
    "birth_date",
    "sex",
    "aid_kind",
    "amount",
    "external_id",
)

# Fields at least one of which must be recognised for a file to be usable at all.
IDENTIFYING_FIELDS: tuple[str, ...] = ("owner_name", "business_name", "nik", "nib", "phone")

ROW_ID = "unique_id"
SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
SOURCE_SHEET = "source_sheet"

# Columns `prepare.normalise_frame` adds. Types in comments; null where unknown.
NORMALISED: dict[str, str] = {
    # NIK
    "nik_digits": "Utf8: the digits recovered from the cell (may be 15/16 long or junk)",
    "nik_status": "Utf8: valid | damaged | invalid | missing | kk (a KK number in a NIK column)",
    "nik_full": "Utf8: 16 digits, only when nik_status == valid",
    "nik15": "Utf8: first 15 digits, when valid or damaged (the compare key for damaged NIKs)",
    "nik_birth_date": "Date: from the NIK (day - 40 for women)",
    "nik_sex": "Utf8: L | P, from the NIK",
    "nik_region": "Utf8: the 6-digit district code inside the NIK",
    # owner names
    "name_clean": "Utf8: lower case, titles removed, Muhammad family written 'muhammad'",
    "name_key": "Utf8: name_clean with old spelling folded (oe->u, dj->j, tj->c, ...)",
    "name_phonetic": "Utf8: phonetic key of name_key",
    "name_first": "Utf8: first token of name_key",
    "name_last": "Utf8: last token of name_key",
    # cells that hold two things (normalize/split.py); the name and phone columns above and
    # below are computed from the owner cell, else this derived owner, and likewise phones
    "owner_name_derived": "Utf8: the owner written inside the business name ('X <OWNER>')",
    "phone_derived": "Utf8: a phone number written in the owner-name cell",
    # business names
    "business_clean": "Utf8: lower case, legal/shop forms and honorifics removed",
    "business_key": "Utf8: business_clean with old spelling folded",
    "business_form": "Utf8: pt | cv | ud | pd | koperasi | bumdes | toko | warung | ...",
    "owner_business_key": "Utf8: the owner cell read as a business name (its business_key),"
    " compared with the other row's business_key: a shop name typed in the owner column",
    # address
    "address_clean": "Utf8: street part, abbreviations expanded, lower case",
    "street": "Utf8: street name without type and number",
    "house_number": "Utf8",
    "rt": "Utf8: digits, no leading zeros",
    "rw": "Utf8: digits, no leading zeros",
    # regions (resolved from text columns and address; never from the NIK)
    "province_code": "Utf8",
    "regency_code": "Utf8",
    "district_code": "Utf8",
    "village_code": "Utf8",
    "region_confidence": "Float64: 0..1, the weakest level resolved; null when none resolved",
    # a point, and what placed the row (see normalize/geo.py and normalize/region_places.py)
    "region_source": "Utf8: columns | bps | postcode | point | file (what gave the deepest code)",
    "lat": "Float64: latitude in Indonesia's box (-11..6), only when coord_status is ok/swapped",
    "lng": "Float64: longitude (95..141), only when coord_status is ok/swapped",
    "coord_status": "Utf8: ok | swapped | missing | incomplete | unreadable | zero | outside",
    "geo_district_code": "Utf8: the kecamatan the point lies in (or within 2 km of); may differ "
    "from district_code, which the texts decide when they name one",
    # contact and identifiers
    "phone_e164": "Utf8: first valid number, +62...",
    "phones": "List[Utf8]: every valid number in the cell, E.164",
    "email_clean": "Utf8",
    "nib_clean": "Utf8: 13 digits",
    "npwp_clean": "Utf8: 15 or 16 digits",
    "birth_date_clean": "Date: from the birth-date column, else from the NIK",
    "sex_clean": "Utf8: L | P",
    "sector_code": "Utf8: KBLI 2020 code when the cell holds one",
    "sector_clean": "Utf8: sector text, lower case",
    "aid_kind_clean": "Utf8: lower case, spaces folded",
    "amount_idr": "Int64: whole rupiah",
    # exact copies (copies.py): rows equal on every canonical field share one cluster
    "copy_key": "Utf8: hash of every canonical field, case and punctuation folded",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One row-level problem, reported to the user and never fatal to the run.

    `row` is the 1-based data row (header excluded), or 0 for a whole-file problem.
    """

    file: str
    row: int
    column: str
    value: str
    code: str
    message_id: str
    message_en: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


PROBLEM_COLUMNS: tuple[str, ...] = (
    "file",
    "row",
    "column",
    "value",
    "code",
    "message_id",
    "message_en",
)
