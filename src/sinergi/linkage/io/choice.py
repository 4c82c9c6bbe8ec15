"""Weighing a column's header against its values: candidates, confidence and reasons.

For one column, `score_column` turns the header's matches (`columns.header_candidates`)
and the values' profile (`column_profile.profile_values`) into candidates, each with a
confidence 0..1 and the reasons in words, Bahasa Indonesia and English. `columns.recognise`
then gives each field to its most confident column.

How sure, by construction:
- a header alone: 0.9 for a known heading, less for a heading that only contains one;
- a header with values to judge: 0.55 x header + 0.45 x share of values that fit, so a
  known heading over values that fit is 1.0 and over values that do not is 0.55;
- values against the header: an owner-name column whose values begin with a shop word
  loses 0.7 x that share, and a name column ("Nama", "Name", none) whose values often
  (30% or more) begin with a shop word may be a business name (0.35 + 0.6 x share), and
  a header used for either ("Nama Mitra") whose values look like people's names may be
  the owner (0.35 + 0.6 x share, less the shop-word share);
- region columns: a heading of one level over names of another ("Kecamatan" holding a
  city's name on every row) is read at the level the values name;
- a product heading over values nearly all different (80%) that begin with a
  shop word is a brand column: the business name (0.35 + 0.6 x shop-word share);
- an RT/RW heading over cells that hold a street or hamlet name besides the RT/RW is the
  address (0.45 + 0.5 x that share);
- a heading of a text field over values that are 80% points, NIKs, phones or e-mails is
  read as the values say (0.45 + 0.5 x share);
- a header that only contains a heading (not a known heading as a whole, and no region
  heading) whose values contradict it (under 10% fit) is read like an unknown header
  (below);
- values alone (the header says nothing): NIK, phone, e-mail or a lat,lng pair when at
  least 80% fit (0.75 x share); and when no header reading is usable, an owner's name
  (70% person-shaped, half or more distinct), an address (60% with street words) or a
  region level (70% of values name one);
- the owner from its values whatever the header: half or more of the values a person's
  name with a phone number beside it (0.45 + 0.5 x share);
- the kind of aid from its values whatever the header: few distinct values, 60% or more
  naming an aid programme (0.4 + 0.55 x share).
Below MIN_CONFIDENCE a candidate is not used. Two readings within CLOSE of each other
are "close": the CLI, the report and the mapping pages then show the `--map` that would
switch it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sinergi.linkage.io.aliases import EITHER_NAME_HEADERS
from sinergi.linkage.io.headers import SCORE_COMBINED, compound_fields
from sinergi.linkage.io.profile import Fit, fold_words, profile_values

MIN_CONFIDENCE = 0.3
CLOSE = 0.15
MIN_SAMPLE = 3
REGION_FIELDS = ("province", "regency", "district", "village")
VALUE_ONLY = ("nik", "phone", "email", "coordinates")
# Share of values naming an aid programme from which a column is the kind of aid.
AID_SHARE = 0.6
# Share of values holding a business with its owner ("Toko Jaya (Siti)") from which a
# column is read as the business name (with the owner split out), whatever the header.
OWNER_INSIDE_SHARE = 0.3
# Share of values holding a person's name with a phone beside it from which a column is
# read as the owner's name (the phone split out), whatever the header.
NAME_PHONE_SHARE = 0.5
_NAME_WORDS = frozenset(("nama", "name", "names"))
# A product column repeats a few values; one whose values are nearly all different
# (BRAND_DISTINCT) and begin with shop words is a brand, i.e. the business name. Not a
# sector column: free-text sectors ("Warung makan padang") begin with shop words too.
_GOODS = frozenset(("product",))
BRAND_DISTINCT = 0.8
# Fields read from digits or points: their header is trusted over other value readings.
_IDENTIFIERS = frozenset(
    (
        *VALUE_ONLY,
        "kk", "nib", "npwp", "external_id", "postcode", "latitude", "longitude", "amount",
        "birth_date", "bps_province", "bps_regency", "bps_district", "bps_village",
    )
)  # fmt: skip
_RT_RW_WORDS = frozenset(("rt", "rw", "no", "nomor", "blok"))
# A header that only contains a heading is contradicted when fewer than this share of its
# values fit the field it names (the values' own measure: `_OWN_FIT`).
CONTRADICTED = 0.1
_OWN_FIT = {"address": "_street", "rt_rw": "_street"}
_EITHER = frozenset("".join(fold_words(h)) for h in EITHER_NAME_HEADERS)

# Plain words for each field, Bahasa Indonesia then English (reasons and pages).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "owner_name": ("nama pemilik", "owner's name"),
    "nik": ("NIK", "NIK"),
    "kk": ("nomor KK", "family-card (KK) number"),
    "business_name": ("nama usaha", "business name"),
    "product": ("produk", "product"),
    "sector": ("jenis usaha", "sector"),
    "address": ("alamat", "address"),
    "rt_rw": ("RT/RW", "RT/RW"),
    "village": ("desa/kelurahan", "village"),
    "district": ("kecamatan", "district"),
    "regency": ("kabupaten/kota", "regency/city"),
    "province": ("provinsi", "province"),
    "postcode": ("kode pos", "postcode"),
    "latitude": ("lintang", "latitude"),
    "longitude": ("bujur", "longitude"),
    "coordinates": ("koordinat (lintang, bujur)", "coordinates (lat, lng)"),
    "bps_province": ("kode provinsi BPS", "BPS province code"),
    "bps_regency": ("kode kabupaten BPS", "BPS regency code"),
    "bps_district": ("kode kecamatan BPS", "BPS district code"),
    "bps_village": ("kode desa BPS", "BPS village code"),
    "phone": ("nomor HP", "phone number"),
    "email": ("e-mail", "e-mail"),
    "nib": ("NIB", "NIB"),
    "npwp": ("NPWP", "NPWP"),
    "birth_date": ("tanggal lahir", "birth date"),
    "sex": ("jenis kelamin", "sex"),
    "aid_kind": ("jenis bantuan", "kind of aid"),
    "amount": ("nominal", "amount"),
    "external_id": ("nomor/ID sumber", "source ID"),
}


def field_words(fld: str) -> tuple[str, str]:
    return FIELD_WORDS.get(fld, (fld, fld))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a column: a field, how sure (0..1), and why."""

    field: str
    confidence: float
    reason_id: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class ColumnChoice:
    """What recognition decided for one column, for people to read.

    `field` is None when the column is carried as is. `alternative` is the next best
    reading (another field for this column), or for a column left unmapped the field it
    lost to another column.
    """

    header: str
    field: str | None
    confidence: float
    reason_id: str
    reason_en: str
    alternative: str | None = None
    alternative_confidence: float = 0.0
    overridden: bool = False

    @property
    def close(self) -> bool:
        """Two readings within CLOSE of each other: worth a look."""
        return (
            not self.overridden
            and self.alternative is not None
            and self.alternative_confidence >= self.confidence - CLOSE
        )

    def map_argument(self, fld: str | None = None) -> str:
        """The `--map` that would give this column `fld` (default: the alternative)."""
        target = fld or self.alternative or "-"
        header = self.header.replace('"', '\\"')
        return f'--map "{header}={target}"'

    def as_dict(self) -> dict[str, object]:
        return {
            "header": self.header,
            "field": self.field,
            "confidence": round(self.confidence, 2),
            "reason_id": self.reason_id,
            "reason_en": self.reason_en,
            "alternative": self.alternative,
            "alternative_confidence": round(self.alternative_confidence, 2),
            "close": self.close,
            "map": self.map_argument() if self.alternative else "",
            "overridden": self.overridden,
        }


def _header_reason(header: str, fld: str, score: int) -> tuple[str, str]:
    wid, wen = field_words(fld)
    combined = compound_fields(header) if score == SCORE_COMBINED else None
    if combined is not None:
        pid = " dan ".join(dict.fromkeys(field_words(f)[0] for f in combined[1]))
        pen = " and ".join(dict.fromkeys(field_words(f)[1] for f in combined[1]))
        return (
            f'judul "{header}" menyebut dua hal ({pid}): dibaca sebagai {wid}, '
            "bagian lainnya dipisahkan dari tiap sel",
            f'the header "{header}" names two things ({pen}): read as {wen}, '
            "the other part is split out of each cell",
        )
    if score >= 100:
        return (
            f'judul "{header}" lazim dipakai untuk {wid}',
            f'the header "{header}" is a usual heading for {wen}',
        )
    return (
        f'judul "{header}" memuat sebutan {wid}',
        f'the header "{header}" contains a heading for {wen}',
    )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def score_column(
    header: str,
    found: list[tuple[str, int]],
    values: list[str],
    *,
    vetoed: bool = False,
    row_numbers: bool = False,
) -> list[Candidate]:
    """Every reading of one column, most confident first (see the module docstring).

    Args:
        header: the column's header as written.
        found: its header matches, (field, score 0..100), from `columns.header_candidates`.
        values: its non-empty sample cells.
        vetoed: the header names someone else ("No HP Pendamping"): no reading from values.
        row_numbers: the values are 1, 2, 3, ...: never an identifier.
    """
    header_fields = {f for f, _ in found}
    enough = len(values) >= MIN_SAMPLE
    # Region names are looked up for a header that names a region, names nothing, or only
    # contains a heading (whose values may contradict it).
    regions = (
        not header_fields
        or bool(header_fields & set(REGION_FIELDS))
        or max(score for _, score in found) < 100
    )
    fits: dict[str, Fit] = profile_values(values, regions=regions) if enough else {}
    shop = fits["_shop"].share if "_shop" in fits else 0.0
    # A shop word, legal form or product anywhere in the value ("Bon Cafe", "Kopi Ganes"):
    # no person is called that, wherever the word stands.
    trade = fits["_trade"].share if "_trade" in fits else 0.0
    inside = fits.get("_owner_inside")
    # Not a person's name: values that hold a trade word or a business with its owner
    # beside it ("Toko Jaya (Siti)").
    not_person = max(shop, trade, inside.share if inside is not None else 0.0)
    out: dict[str, Candidate] = {}

    def offer(fld: str, conf: float, rid: str, ren: str) -> None:
        conf = max(0.0, min(1.0, conf))
        if fld not in out or out[fld].confidence < conf:
            out[fld] = Candidate(fld, round(conf, 3), rid, ren)

    for fld, score in found:
        if fld == "external_id" and row_numbers:
            continue
        h = score / 100
        hid, hen = _header_reason(header, fld, score)
        fit = fits.get(fld)
        if fit is None:
            offer(fld, 0.9 * h, hid, hen)
            continue
        if fld in REGION_FIELDS:
            conf = 0.75 * h + 0.25 * fit.share
        else:
            conf = 0.55 * h + 0.45 * fit.share
        rid, ren = _join(hid, fit.reason_id), _join(hen, fit.reason_en)
        if fld == "owner_name" and not_person > 0:
            conf -= 0.7 * not_person
            if shop >= not_person:
                rid = _join(rid, f"tetapi {round(100 * shop)}% nilai diawali kata usaha")
                ren = _join(ren, f"but {round(100 * shop)}% of values begin with a shop word")
            elif trade >= not_person:
                rid = _join(rid, f"tetapi {round(100 * trade)}% nilai memuat kata usaha/produk")
                ren = _join(ren, f"but {round(100 * trade)}% of values hold a shop or product word")
            else:
                rid = _join(rid, f"tetapi {inside.reason_id}")  # type: ignore[union-attr]
                ren = _join(ren, f"but {inside.reason_en}")  # type: ignore[union-attr]
        offer(fld, conf, rid, ren)

    if not enough or vetoed:
        return _ranked(out)
    for fld, other in (("latitude", "longitude"), ("longitude", "latitude")):
        own, alt = fits.get(fld), fits.get(other)
        if fld not in header_fields or other in header_fields or own is None or alt is None:
            continue
        if alt.share >= 0.8 and own.share < 0.2:
            # The ranges do not overlap (latitudes -11..6, longitudes 95..141): a column
            # headed X (or "Lintang") over longitudes is the longitude, whatever the axis.
            wid, wen = field_words(fld)
            offer(
                other,
                0.45 + 0.5 * alt.share,
                f'judul "{header}" menyebut {wid}, tetapi {alt.reason_id}',
                f'the header "{header}" says {wen}, but {alt.reason_en}',
            )
    distinct = fits["_distinct"].share if "_distinct" in fits else 0.0
    # A product header over values nearly all different that begin with a shop word
    # ("CV Berkah Jaya", "Warung Sari"): a brand column, i.e. the business name. A product
    # column repeats a few values ("Keripik", "Warung makan").
    brand_like = bool(header_fields) and header_fields <= _GOODS and distinct >= BRAND_DISTINCT
    contradicted = _contradicted(found, fits)
    name_like = (
        bool(_NAME_WORDS & set(header.lower().split())) or not found or brand_like or contradicted
    )
    biz = fits.get("business_name")
    named = max(shop, trade)
    if biz is not None and name_like and named >= 0.3:
        rid, ren = biz.reason_id, biz.reason_en
        if trade > shop:
            rid = _join(rid, f"{round(100 * trade)}% nilai memuat kata usaha/produk")
            ren = _join(ren, f"{round(100 * trade)}% of values hold a shop or product word")
        if brand_like:
            rid = _join(rid, f"{round(100 * distinct)}% nilai berbeda-beda (bukan daftar produk)")
            ren = _join(ren, f"{round(100 * distinct)}% of values differ (not a list of products)")
        offer("business_name", 0.35 + 0.6 * named, rid, ren)
    street = fits.get("_street")
    if "rt_rw" in header_fields and street is not None and street.share >= 0.6:
        # "Jalan/RT/RW": the street with its RT/RW in one cell is the address (the RT/RW
        # is read out of it like any address's); a column of "003/005" has no street words.
        words = _street_word_share(values)
        if words >= 0.6:
            offer(
                "address",
                0.45 + 0.5 * words,
                f'judul "{header}" menyebut RT/RW, tetapi {round(100 * words)}% nilai '
                "memuat nama jalan/dusun",
                f'the header "{header}" names RT/RW, but {round(100 * words)}% of values '
                "hold a street or hamlet name",
            )
    if header_fields and not header_fields & _IDENTIFIERS and not row_numbers:
        # The header names a text field ("Peta Lokasi" contains "Lokasi", an address
        # heading) but the values are points, NIKs, phone numbers or e-mails: the values win.
        for fld in VALUE_ONLY:
            fit = fits.get(fld)
            if fit is not None and fit.share >= 0.8:
                hid, hen = _header_reason(header, max(found, key=lambda f: f[1])[0], 0)
                offer(
                    fld,
                    0.45 + 0.5 * fit.share,
                    f"{hid}, tetapi {fit.reason_id}",
                    f"{hen}, but {fit.reason_en}",
                )
    if inside is not None and inside.share >= OWNER_INSIDE_SHARE:
        # A business with its owner in one cell, whatever the header says: read as the
        # business name; the owner is split out of each cell (`normalize.split`).
        offer(
            "business_name",
            0.45 + 0.5 * inside.share,
            _join(f'judul "{header}"', inside.reason_id),
            _join(f'the header "{header}"', inside.reason_en),
        )
    name_phone = fits.get("_name_phone")
    if name_phone is not None and name_phone.share >= NAME_PHONE_SHARE:
        # People's names with a phone beside them, whatever the header says ("HP", an
        # unknown heading): the owner, whose phone is read out of each cell
        # (`normalize.split`).
        offer(
            "owner_name",
            0.45 + 0.5 * name_phone.share,
            _join(f'judul "{header}"', name_phone.reason_id),
            _join(f'the header "{header}"', name_phone.reason_en),
        )
    person = fits.get("owner_name")
    if person is not None and "".join(fold_words(header)) in _EITHER and person.share >= 0.5:
        offer(
            "owner_name",
            0.35 + 0.6 * person.share - 0.7 * not_person,
            f'judul "{header}" dipakai untuk usaha maupun pemilik; {person.reason_id}',
            f'the header "{header}" is used for the business or its owner; {person.reason_en}',
        )
    stated = [f for f in REGION_FIELDS if f in header_fields]
    if stated and stated[0] in fits:
        # Nearest level first, upwards then downwards: a "Kecamatan" column holding
        # "Bandung" is the regency before it is the province or a village.
        at = REGION_FIELDS.index(stated[0])
        order = [*reversed(REGION_FIELDS[:at]), *REGION_FIELDS[at + 1 :]]
        own = fits[stated[0]].share
        for level in order:
            fit = fits.get(level)
            if fit is None or fit.share < 0.8 or fit.share < own + 0.3:
                continue
            wid, wen = field_words(stated[0])
            offer(
                level,
                0.45 + 0.5 * fit.share,
                f'judul "{header}" menyebut {wid}, tetapi {fit.reason_id}',
                f'the header "{header}" says {wen}, but {fit.reason_en}',
            )
            break
    aid = fits.get("_aid")
    if aid is not None and aid.share >= AID_SHARE:
        # The values name aid programmes, whatever the header says ("Skema", "Kegiatan").
        offer(
            "aid_kind",
            0.4 + 0.55 * aid.share,
            _join(f'judul "{header}"', aid.reason_id),
            _join(f'the header "{header}"', aid.reason_en),
        )
    if not row_numbers and (
        contradicted or not any(c.confidence >= MIN_CONFIDENCE for c in out.values())
    ):
        _offer_from_values(header, fits, shop, offer, found if contradicted else [])
    combined = compound_fields(header) if found and found[0][1] == SCORE_COMBINED else None
    if combined is not None and combined[0] in out:
        # Whatever reading won on the values, say that the header names two things.
        c = out[combined[0]]
        hid, hen = _header_reason(header, combined[0], SCORE_COMBINED)
        if hid not in c.reason_id:
            out[combined[0]] = Candidate(
                c.field, c.confidence, _join(hid, c.reason_id), _join(hen, c.reason_en)
            )
    if not found and not row_numbers:
        for fld in VALUE_ONLY:
            fit = fits.get(fld)
            if fit is not None and fit.share >= 0.8:
                offer(
                    fld,
                    0.75 * fit.share,
                    f'judul "{header}" tidak dikenal; {fit.reason_id}',
                    f'the header "{header}" is not known; {fit.reason_en}',
                )
    return _ranked(out)


def _contradicted(found: list[tuple[str, int]], fits: dict[str, Fit]) -> bool:
    """The header only contains a heading (no known heading as a whole) and the values
    contradict every field it names: fewer than CONTRADICTED of them fit it."""
    if not found or not fits or max(score for _, score in found) >= 100:
        return False
    if any(fld in REGION_FIELDS for fld, _ in found):
        # Region headers have their own reading by level; names the index does not know
        # (a spelling of another era) must not make a place column an owner.
        return False
    for fld, _ in found:
        fit = fits.get(_OWN_FIT.get(fld, fld))
        if fit is None or fit.share >= CONTRADICTED:
            return False
    return True


def _offer_from_values(
    header: str,
    fits: dict[str, Fit],
    shop: float,
    offer,
    contradicted: list[tuple[str, int]] | None = None,
) -> None:
    """Readings from the values alone, for a header that says nothing usable (or that only
    contains a heading its values contradict): an owner's name (person-shaped values,
    nearly all different: a field assistant's column repeats a few names), an address, a
    region at the level its values name."""
    hid = f'judul "{header}" tidak dikenal'
    hen = f'the header "{header}" is not known'
    if contradicted:
        fld = max(contradicted, key=lambda f: f[1])[0]
        wid, wen = field_words(fld)
        hid = f'judul "{header}" memuat sebutan {wid}, tetapi nilainya tidak'
        hen = f'the header "{header}" contains a heading for {wen}, but its values do not fit'
    person = fits.get("owner_name")
    distinct = fits["_distinct"].share if "_distinct" in fits else 0.0
    places = any(fits[f].share >= 0.7 for f in REGION_FIELDS if f in fits)
    if person is not None and person.share >= 0.7 and distinct >= 0.5 and shop < 0.2 and not places:
        offer(
            "owner_name",
            0.25 + 0.5 * person.share,
            _join(hid, person.reason_id),
            _join(hen, person.reason_en),
        )
    street = fits.get("_street")
    if street is not None and street.share >= 0.6:
        offer(
            "address",
            0.3 + 0.5 * street.share,
            _join(hid, street.reason_id),
            _join(hen, street.reason_en),
        )
    for level in REGION_FIELDS:
        fit = fits.get(level)
        if fit is not None and fit.share >= 0.7:
            offer(
                level, 0.25 + 0.5 * fit.share, _join(hid, fit.reason_id), _join(hen, fit.reason_en)
            )


def _street_word_share(values: list[str]) -> float:
    """Share of cells holding a word of three letters or more besides RT, RW and numbers."""
    if not values:
        return 0.0
    hits = 0
    for v in values:
        words = fold_words(v)
        if any(len(w) >= 3 and not w.isdigit() and w not in _RT_RW_WORDS for w in words):
            hits += 1
    return hits / len(values)


def _ranked(found: dict[str, Candidate]) -> list[Candidate]:
    return sorted(
        (c for c in found.values() if c.confidence >= MIN_CONFIDENCE),
        key=lambda c: -c.confidence,
    )
