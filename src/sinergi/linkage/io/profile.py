"""What a column's values look like: the evidence column recognition weighs with the header.

`profile_values` reads a sample of one column's cells (the first couple of hundred) and
says, per canonical field, how well the values fit it (0..1) and why, in words, Bahasa
Indonesia and English ("82% nilai diawali kata usaha" / "82% of values begin with a shop
word"). Headers lie or say nothing ("Nama" over shop names, "Kecamatan" over a city's
name on every row); values rarely do.

What is measured:
- business names: a shop or legal form at the start (Warung, Toko, Kios, Depot, Pabrik,
  UD, CV, PT, ...) or a legal form anywhere; product words (Keripik, Tahu, Batik, ...);
- person names: titles (H., Hj., Dr., Bu, Pak, ...) and the shape of a name (one to five
  words of letters, no shop or product word);
- NIK (valid against the region codes and the birth date, via `normalize.nik`) and KK
  (same shape, but no woman's birth day, day + 40, in a whole column), NIB, NPWP, phone,
  e-mail, postcode;
- coordinates: decimal numbers in Indonesia's latitude (-11..6) or longitude (95..141)
  range, or both in one cell;
- region names, and at which level they resolve (a "Kecamatan" column holding a city's
  name resolves at the regency level); BPS partial codes (2 or 3 digits);
- dates, money, L/P.

Pure functions; no Django. Only distinct values are looked up in the region index.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from sinergi.linkage.normalize.split import NOT_PERSON_WORDS
from sinergi.linkage.normalize.words import (  # re-exported for column recognition
    ADDRESS_WORDS,
    AID_WORDS,
    LEGAL_WORDS,
    PRODUCT_WORDS,
    SHOP_WORDS,
    TITLE_WORDS,
)

# Degree suffixes after a name, written with or without dots ("S.E.", "SPd", "A.Md").
_DEGREE = re.compile(
    r",\s*(?:s\.?\s?[a-z]{1,4}\.?|a\.?\s?md\.?|m\.?\s?[a-z]{1,4}\.?|dr\.?|ir\.?)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_LETTERS_NAME = re.compile(r"^[^\W\d_]+(?:[\s.'`,\-]+[^\W\d_]+)*[.\s]*$")
_EMAIL = re.compile(r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$")
_PHONE_JUNK = re.compile(r"[\s.\-()/]")
_PHONE = re.compile(r"(\+?62|0)?8\d{7,12}")
_DIGIT_JUNK = re.compile(r"[\s.\-'`,]")
_SCI = re.compile(r"^\d(\.\d+)?[eE]\+?\d{1,2}$")
_DECIMAL = re.compile(r"^\s*([+-]?\d{1,3})[.,](\d+)\s*$")
_PAIR = re.compile(r"^\s*([+-]?\d{1,3}[.,]\d+)\s*[,;/ ]\s*([+-]?\d{1,3}[.,]\d+)\s*$")
_PAIR_DOTS = re.compile(r"^\s*([+-]?\d{1,3}\.\d+)\s*[,;/ ]\s*([+-]?\d{1,3}\.\d+)\s*$")
_DATE = re.compile(
    r"\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(?:19|20)?\d{2}\b|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|mei|may|jun|jul|agu|aug|sep|okt|oct|nov|des|dec)[a-z]*"
    r"\.?\s+(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"^\s*(?:rp\.?\s*)?(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?|\d{4,})(?:,-|,00|\.00)?\s*$",
    re.IGNORECASE,
)
_SEX = frozenset("l p lk pr laki laki-laki lakilaki perempuan pria wanita male female m f".split())

# A business name with its owner in brackets or after a spaced dash or slash at the end
# ("Toko Jaya (Siti)", "TUKANG PERAHU <AMINTO>", "Warung Anugerah - Aisyah"): the same
# shapes `normalize.split` reads the owner out of.
_OWNER_INSIDE = re.compile(
    r"<\s*([^<>]{2,60}?)\s*>|\[\s*([^\[\]]{2,60}?)\s*\]|\(\s*([^()]{2,60}?)\s*\)\s*$"
    r"|\s[-\u2013\u2014/|]\s*([^\-\u2013\u2014/|()<>\[\]]{2,60}?)\s*$"
)
# A person's name with a mobile number beside it in one cell ("Siti Aminah / 0812-3456-7890",
# "BUDI (+62 812 3456 7890)"): the same cells `normalize.split` reads the phone out of.
_NAME_PHONE = re.compile(
    r"^(?P<name>[^\d]{2,60}?)[\s(/,;:|\-]*(?:hp|wa|telp|tlp|no)?[\s.:]*\(?\s*"
    r"(?P<phone>(?:\+?62|0)[\s\-]?8[\d\s.\-]{7,16}\d)\s*\)?\s*$",
    re.IGNORECASE,
)
_PERSON_INSIDE = re.compile(r"^[^\W\d_]+(?:[\s.,'\-]+[^\W\d_]+)*\.?$")

LAT_RANGE = (-11.5, 6.5)
LNG_RANGE = (94.5, 141.5)


@lru_cache(maxsize=1 << 16)
def fold_words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words of a cell: accents, punctuation and spacing dropped.

    Cached: every sampled cell is asked a dozen questions (shop word? person? product?),
    each of which folds it; folding once per distinct cell was a fifth of recognition.
    """
    if text.isascii():
        return tuple(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return tuple(_WORD.findall(ascii_text))


@dataclass(frozen=True, slots=True)
class Fit:
    """How well a column's values fit one field (0..1), and why, in both languages."""

    share: float
    reason_id: str
    reason_en: str


# --- one value ----------------------------------------------------------------------


def is_business_like(value: str) -> bool:
    """A shop/legal form at the start, a legal form anywhere, or a product word."""
    words = fold_words(value)
    if not words:
        return False
    if words[0] in SHOP_WORDS or any(w in LEGAL_WORDS for w in words):
        return True
    return any(w in PRODUCT_WORDS for w in words)


def starts_with_shop_word(value: str) -> bool:
    words = fold_words(value)
    return bool(words) and (words[0] in SHOP_WORDS or any(w in LEGAL_WORDS for w in words))


def is_person_like(value: str) -> bool:
    """A title before a name, or the shape of a name: 1-5 words of letters, no trade word."""
    text = _DEGREE.sub("", value.strip())
    words = fold_words(text)
    if not words or len(words) > 6:
        return False
    if any(w in SHOP_WORDS or w in LEGAL_WORDS or w in PRODUCT_WORDS for w in words):
        return False
    if words[0] in TITLE_WORDS and len(words) > 1:
        return True
    return bool(_LETTERS_NAME.match(text)) and len(words) <= 5


def holds_owner(value: str) -> bool:
    """A business name with a person's name beside it in one cell ("Toko Jaya (Siti)")."""
    m = _OWNER_INSIDE.search(value)
    if m is None:
        return False
    inner = next(g for g in m.groups() if g is not None).strip()
    core = (value[: m.start()] + " " + value[m.end() :]).strip()
    if not _PERSON_INSIDE.match(inner) or sum(ch.isalpha() for ch in inner) < 3:
        return False
    if any(w in NOT_PERSON_WORDS for w in fold_words(inner)):
        return False
    return sum(ch.isalpha() for ch in core) >= 2


def holds_name_and_phone(value: str) -> bool:
    """A person's name with a mobile number beside it in one cell."""
    m = _NAME_PHONE.match(value)
    return m is not None and is_person_like(m.group("name")) and is_phone(m.group("phone"))


def has_title(value: str) -> bool:
    words = fold_words(value)
    return (len(words) > 1 and words[0] in TITLE_WORDS) or bool(_DEGREE.search(value))


def _digits(value: str) -> str:
    return _DIGIT_JUNK.sub("", value)


def is_phone(value: str) -> bool:
    return bool(_PHONE.fullmatch(_PHONE_JUNK.sub("", value)))


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def _number(value: str) -> float | None:
    m = _DECIMAL.match(value)
    if not m:
        return None
    return float(f"{m.group(1)}.{m.group(2)}")


def is_latitude(value: str) -> bool:
    x = _number(value)
    return x is not None and LAT_RANGE[0] <= x <= LAT_RANGE[1] and x != 0


def is_longitude(value: str) -> bool:
    x = _number(value)
    return x is not None and LNG_RANGE[0] <= x <= LNG_RANGE[1]


def is_coordinate_pair(value: str) -> bool:
    """ "-6.9175, 107.6191" (either order; decimal comma only with another separator)."""
    m = _PAIR_DOTS.match(value) or _PAIR.match(value)
    if not m:
        return False
    a, b = (_number(g) for g in m.groups())
    if a is None or b is None:
        return False
    lat = LAT_RANGE[0] <= a <= LAT_RANGE[1] and LNG_RANGE[0] <= b <= LNG_RANGE[1]
    swapped = LAT_RANGE[0] <= b <= LAT_RANGE[1] and LNG_RANGE[0] <= a <= LNG_RANGE[1]
    return lat or swapped


def is_date(value: str) -> bool:
    return bool(_DATE.search(value))


def is_money(value: str) -> bool:
    return bool(_MONEY.match(value))


def is_sex(value: str) -> bool:
    return " ".join(fold_words(value)) in _SEX or value.strip().lower() in _SEX


# --- one column ---------------------------------------------------------------------


def _pct(share: float) -> str:
    return f"{round(100 * share)}%"


def _share(values: list[str] | Counter, check) -> float:
    """Share of the cells for which `check` holds. Given a Counter (cell -> rows), each
    distinct cell is checked once and weighed by its rows: region, kind-of-aid, sex and
    amount columns repeat a few values over the whole sample."""
    if isinstance(values, Counter):
        total = values.total()
        return sum(n for v, n in values.items() if check(v)) / total if total else 0.0
    return sum(1 for v in values if check(v)) / len(values) if values else 0.0


_NO_TEXT = (False,) * 10
_NO_NUMBER = (False,) * 11


@lru_cache(maxsize=1 << 16)
def _text_flags(value: str) -> tuple[bool, ...]:
    """The text checks of one cell, in one call (cached: region names, aid kinds and
    amounts recur across a file's columns and across files): shop word, business,
    person, title, owner inside, aid word, address word, product word, a name with a
    phone beside it, a trade word anywhere (shop, legal form or product: "Bon Cafe")."""
    if not any(ch.isalpha() for ch in value):
        # No letter, no word of any of these lists, no name (NIKs, phones, amounts).
        return _NO_TEXT
    words = fold_words(value)
    return (
        starts_with_shop_word(value),
        is_business_like(value),
        is_person_like(value),
        has_title(value),
        holds_owner(value),
        any(w in AID_WORDS for w in words),
        any(w in ADDRESS_WORDS for w in words),
        any(w in PRODUCT_WORDS for w in words),
        any(ch.isdigit() for ch in value) and holds_name_and_phone(value),
        any(w in SHOP_WORDS or w in LEGAL_WORDS or w in PRODUCT_WORDS for w in words),
    )


_POSTCODE = re.compile(r"\s*[1-9]\d{4}\s*")


@lru_cache(maxsize=1 << 16)
def _number_flags(value: str) -> tuple[bool, ...]:
    """The checks of a cell in a column of numbers, in one call: phone, NIB (13 digits),
    NPWP (15/16), postcode, latitude, longitude, a point in one cell, a 2-digit and a
    3-digit code, money, date."""
    if not any(ch.isdigit() for ch in value):
        # Every one of these checks needs a digit (names, places, streets).
        return _NO_NUMBER
    digits = _digits(value)
    bare = value.strip()
    return (
        is_phone(value),
        len(digits) == 13 and digits.isdigit(),
        len(digits) in (15, 16) and digits.isdigit(),
        bool(_POSTCODE.fullmatch(value)),
        is_latitude(value),
        is_longitude(value),
        is_coordinate_pair(value),
        bare.isdigit() and len(bare) == 2,
        bare.isdigit() and len(bare) == 3,
        is_money(value),
        is_date(value),
    )


def _flag_shares(cells: Counter, flags) -> tuple[float, ...]:
    """Per check of `flags` (one cell -> a tuple of booleans), the share of rows for
    which it holds; each distinct cell is checked once."""
    total = cells.total()
    sums: list[int] = []
    for value, n in cells.items():
        got = flags(value)
        if not sums:
            sums = [0] * len(got)
        for i, flag in enumerate(got):
            if flag:
                sums[i] += n
    return tuple(x / total for x in sums) if total else ()


def _text_shares(cells: Counter) -> tuple[float, ...]:
    """Per text check of `_text_flags`, the share of rows for which it holds."""
    return _flag_shares(cells, _text_flags) or (0.0,) * 10


def _may_hold_niks(values: list[str]) -> bool:
    # Most digit columns (phones, amounts, RT/RW, codes) hold no 14+ digit run: no NIK
    # parsing for them (Excel's 3.27E+15 has its own shape, kept).
    return any(len(_digits(v)) >= 14 or _SCI.match(v.strip()) for v in values)


# (valid share, 16-digit share, women's share) of the columns `prime_nik_profiles` read
# together, by their values; replaced at each call (one file's columns).
_NIK_PROFILES: dict[tuple[str, ...], tuple[float, float, float]] = {}


def prime_nik_profiles(columns: list[list[str]]) -> None:
    """Parse the NIKs of several columns' samples in one pass (a file's columns): the
    NIK normaliser costs the same for 200 values as for 2,000, so one call per file
    instead of one per column."""
    _NIK_PROFILES.clear()
    wanted = [tuple(v) for v in columns if v and _may_hold_niks(v)]
    if not wanted:
        return
    from sinergi.linkage.normalize.nik import add_nik_columns

    frame = pl.DataFrame(
        {
            "col": [i for i, vals in enumerate(wanted) for _ in vals],
            "nik": [v for vals in wanted for v in vals],
        },
        schema={"col": pl.Int64, "nik": pl.Utf8},
    )
    out = add_nik_columns(frame, "nik")
    status = out.get_column("nik_status").to_list()
    digits = out.get_column("nik_digits").to_list()
    start = 0
    for vals in wanted:
        end = start + len(vals)
        _NIK_PROFILES[vals] = _nik_shares(status[start:end], digits[start:end])
        start = end


def _nik_shares(status: list, digits: list) -> tuple[float, float, float]:
    valid = sum(1 for s in status if s in ("valid", "damaged")) / len(status)
    sixteen = [d for d in digits if d is not None and len(d) == 16]
    women = sum(1 for d in sixteen if 41 <= int(d[6:8]) <= 71) / len(sixteen) if sixteen else 0.0
    return valid, len(sixteen) / len(status), women


def _nik_profile(values: list[str]) -> tuple[float, float, float]:
    """(valid NIK share, 16-digit share, share of 16-digit values with a woman's day)."""
    if not _may_hold_niks(values):
        return 0.0, 0.0, 0.0
    primed = _NIK_PROFILES.get(tuple(values))
    if primed is not None:
        return primed
    frame = pl.DataFrame({"nik": values}, schema={"nik": pl.Utf8})
    from sinergi.linkage.normalize.nik import add_nik_columns

    out = add_nik_columns(frame, "nik")
    return _nik_shares(
        out.get_column("nik_status").to_list(), out.get_column("nik_digits").to_list()
    )


_REGION_LEVELS = ("province", "regency", "district", "village")
_LEVEL_WORDS = {
    "province": ("provinsi", "province"),
    "regency": ("kabupaten/kota", "regency/city"),
    "district": ("kecamatan", "district"),
    "village": ("desa/kelurahan", "village"),
}
MAX_REGION_LOOKUPS = 60
# A column holding one value on at least this many rows holds no names (see profile_values).
ONE_VALUE_MIN_ROWS = 10


def region_levels(values: list[str]) -> dict[str, float]:
    """Share of values (by row) whose text names a region at each level."""
    from sinergi.linkage.normalize.region import (
        resolve_district,
        resolve_province,
        resolve_regency,
        resolve_village,
    )

    counts = Counter(v.strip() for v in values if v.strip())
    distinct = [v for v, _n in counts.most_common(MAX_REGION_LOOKUPS)]
    total = sum(counts[v] for v in distinct) or 1
    resolvers = {
        "province": resolve_province,
        "regency": resolve_regency,
        "district": resolve_district,
        "village": resolve_village,
    }
    shares: dict[str, float] = {}
    for level, resolve in resolvers.items():
        hit = 0
        for v in distinct:
            if v.isdigit():
                continue
            res = resolve(v)
            if res.reason in ("exact", "alias", "ambiguous") or (
                res.code and res.confidence >= 0.9
            ):
                hit += counts[v]
        shares[level] = hit / total
    return shares


def profile_values(values: list[str], regions: bool = True) -> dict[str, Fit]:
    """Per field, how well these (non-empty) cells fit it. Empty when there are no values.

    `regions`: also look the values up as region names (the costly part).
    """
    if not values:
        return {}
    fits: dict[str, Fit] = {}
    n = len(values)

    def put(fld: str, share: float, rid: str, ren: str) -> None:
        fits[fld] = Fit(share, rid, ren)

    cells = Counter(values)  # every check once per distinct cell, weighed by its rows

    (shop, business, person, titled, inside, aid, street, product, name_phone, trade) = (
        _text_shares(cells)
    )
    distinct = len({v.strip().lower() for v in values})
    # One value on every row ("cafe" in an OpenStreetMap export's `amenity`, "UMKM" in a
    # `Jenis` column) names a kind shared by the whole list, not each row's business or
    # owner: no name reading, however shop-like the word.
    if distinct == 1 and n >= ONE_VALUE_MIN_ROWS:
        shop = business = person = titled = inside = name_phone = trade = 0.0
    put(
        "business_name",
        business,
        f"{_pct(shop)} nilai diawali kata usaha (Warung, Toko, UD, CV, ...), "
        f"{_pct(business)} berbentuk nama usaha",
        f"{_pct(shop)} of values begin with a shop word (Warung, Toko, UD, CV, ...), "
        f"{_pct(business)} look like business names",
    )
    fits["_shop"] = Fit(shop, "", "")
    fits["_trade"] = Fit(trade, "", "")
    put(
        "_owner_inside",
        inside,
        f"{_pct(inside)} nilai memuat nama usaha beserta nama pemiliknya "
        "(dalam kurung atau setelah tanda -, /)",
        f"{_pct(inside)} of values hold a business name with its owner's name "
        "(in brackets or after a dash or slash)",
    )
    put(
        "owner_name",
        person,
        f"{_pct(person)} nilai berbentuk nama orang ({_pct(titled)} bergelar/sapaan)",
        f"{_pct(person)} of values look like a person's name ({_pct(titled)} with a title)",
    )
    put(
        "_name_phone",
        name_phone,
        f"{_pct(name_phone)} nilai berisi nama orang dengan nomor HP di sampingnya",
        f"{_pct(name_phone)} of values hold a person's name with a phone number beside it",
    )
    # Few distinct values, most naming an aid programme: the kind of aid of each row.
    fits["_distinct"] = Fit(distinct / n, "", "")
    few = distinct <= max(8, n // 5)
    # Kept apart ("_aid", "_street"): a known heading is not doubted for its values.
    put(
        "_aid",
        aid if few else 0.0,
        f"{_pct(aid)} nilai menyebut program bantuan (BPUM, BLT, Banpres, hibah, ...), "
        f"{distinct} nilai berbeda",
        f"{_pct(aid)} of values name an aid programme (BPUM, BLT, Banpres, grant, ...), "
        f"{distinct} distinct values",
    )
    put(
        "_street",
        street,
        f"{_pct(street)} nilai berbentuk alamat (Jl., Gg., Dsn., RT/RW, ...)",
        f"{_pct(street)} of values look like addresses (Jl., Gg., Dsn., RT/RW, ...)",
    )
    put(
        "product",
        product,
        f"{_pct(product)} nilai menyebut produk",
        f"{_pct(product)} of values name a product",
    )
    digit_values = [v for v in values if re.search(r"\d", v)]
    if len(digit_values) * 2 >= n:
        valid, sixteen, women = _nik_profile(values)
        kk_shaped = sixteen >= 0.5 and sum(1 for v in values if len(_digits(v)) == 16) >= 20
        kk_shaped = kk_shaped and women == 0.0
        if kk_shaped:
            put(
                "nik",
                valid * 0.3,
                f"{_pct(sixteen)} nilai 16 angka, tetapi tak satu pun bertanggal lahir perempuan "
                "(tanggal + 40): bentuk nomor KK",
                f"{_pct(sixteen)} of values have 16 digits, but none has a woman's birth day "
                "(day + 40): shaped like KK numbers",
            )
            put(
                "kk",
                sixteen,
                f"{_pct(sixteen)} nilai berbentuk nomor KK (16 angka, tanpa tanggal + 40)",
                f"{_pct(sixteen)} of values are shaped like KK numbers (16 digits, no day + 40)",
            )
        else:
            put(
                "nik",
                valid,
                f"{_pct(valid)} nilai NIK yang sah (kode wilayah dan tanggal lahir cocok)",
                f"{_pct(valid)} of values are valid NIKs (region code and birth date agree)",
            )
            put(
                "kk",
                sixteen * (0.5 if women > 0.1 else 1.0),
                f"{_pct(sixteen)} nilai 16 angka"
                + (f"; {_pct(women)} bertanggal lahir perempuan, jadi NIK" if women > 0.1 else ""),
                f"{_pct(sixteen)} of values have 16 digits"
                + (f"; {_pct(women)} carry a woman's birth day, so NIKs" if women > 0.1 else ""),
            )
        (phone, nib, npwp, post, lat, lng, pair, code2, code3, money, dates) = _flag_shares(
            cells, _number_flags
        )
        put("phone", phone, f"{_pct(phone)} nilai nomor HP", f"{_pct(phone)} are phone numbers")
        put("nib", nib, f"{_pct(nib)} nilai 13 angka (NIB)", f"{_pct(nib)} have 13 digits (NIB)")
        put("npwp", npwp, f"{_pct(npwp)} nilai 15/16 angka", f"{_pct(npwp)} have 15/16 digits")
        put("postcode", post, f"{_pct(post)} nilai 5 angka", f"{_pct(post)} have 5 digits")
        put(
            "latitude",
            lat,
            f"{_pct(lat)} nilai pecahan dalam rentang lintang Indonesia (-11..6)",
            f"{_pct(lat)} of values are decimals in Indonesia's latitude range (-11..6)",
        )
        put(
            "longitude",
            lng,
            f"{_pct(lng)} nilai pecahan dalam rentang bujur Indonesia (95..141)",
            f"{_pct(lng)} of values are decimals in Indonesia's longitude range (95..141)",
        )
        put(
            "coordinates",
            pair,
            f'{_pct(pair)} nilai berisi lintang dan bujur dalam satu sel ("-6.91, 107.61")',
            f'{_pct(pair)} of values hold latitude and longitude in one cell ("-6.91, 107.61")',
        )
        for fld, length in (
            ("bps_province", 2),
            ("bps_regency", 2),
            ("bps_district", 3),
            ("bps_village", 3),
        ):
            share = code2 if length == 2 else code3
            put(
                fld,
                share,
                f"{_pct(share)} kode {length} angka",
                f"{_pct(share)} {length}-digit codes",
            )
        put("amount", money, f"{_pct(money)} nilai uang", f"{_pct(money)} are money amounts")
        put("birth_date", dates, f"{_pct(dates)} nilai tanggal", f"{_pct(dates)} are dates")
    else:
        for fld in ("nik", "kk", "phone", "nib", "npwp", "postcode", "latitude", "longitude"):
            put(fld, 0.0, "nilai tidak berupa angka", "values are not numbers")
        put("coordinates", 0.0, "nilai tidak berupa angka", "values are not numbers")
        put("amount", 0.0, "nilai tidak berupa angka", "values are not numbers")
        dates = _share(cells, is_date)
        put("birth_date", dates, f"{_pct(dates)} nilai tanggal", f"{_pct(dates)} are dates")
    email = _share(cells, is_email)
    put("email", email, f"{_pct(email)} nilai alamat e-mail", f"{_pct(email)} are e-mail addresses")
    sex = _share(cells, is_sex)
    put("sex", sex, f"{_pct(sex)} nilai L/P", f"{_pct(sex)} are L/P")
    if regions and (not digit_values or len(digit_values) * 2 < n):
        levels = region_levels(values)
        for level, share in levels.items():
            wid, wen = _LEVEL_WORDS[level]
            put(
                level,
                share,
                f"{_pct(share)} nilai nama {wid}",
                f"{_pct(share)} of values name a {wen}",
            )
        fits["_levels"] = Fit(max(levels.values(), default=0.0), "", "")
        for level, share in levels.items():
            fits["_level_" + level] = Fit(share, "", "")
    return fits


# Rows of a file whose values recognition reads (`columns.recognise_table`).
PROFILE_ROWS = 200


def profile_frame(sample: pl.DataFrame | None, header: str, limit: int = PROFILE_ROWS) -> list[str]:
    """The non-empty cells of one column of a sample, as text (at most `limit`)."""
    if sample is None or header not in sample.columns:
        return []
    col = sample.get_column(header).head(limit).cast(pl.Utf8, strict=False)
    return [v for v in col.to_list() if v is not None and v.strip()]
