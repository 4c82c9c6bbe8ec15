"""How a true value gets written down by a person with a spreadsheet: the corruption model.

Every function takes the clean value, a `random.Random`, the `Rates` and a `tags` list; it
returns the text to put in the cell and appends a short tag for each damage it did, so the
quality benchmark can say which kinds of damage cause missed links. Harmless formatting
(phone written +62, "Jln." for "Jl.") is not tagged; damage that loses or changes
information is.

Invariants:
- Deterministic: same inputs and same RNG state give the same output.
- A rate of 0 turns a corruption off completely; `Rates.scaled(f)` multiplies every
  corruption rate (never the hard-negative or structure rates) and caps it at 0.95.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, fields, replace

from bench import names_data as nd

_CAP = 0.95


def _rate(default: float, scale: bool = True) -> float:
    return field(default=default, metadata={"scale": scale})


@dataclass(frozen=True)
class Rates:
    """Probabilities of each corruption, per cell unless the name ends in `_file`."""

    # owner names
    name_title: float = _rate(0.12)
    muhammad_variant: float = _rate(0.6)  # of names that contain Muhammad
    old_spelling: float = _rate(0.04)
    name_typo: float = _rate(0.06)
    name_abbrev: float = _rate(0.04)  # a later name token cut to its initial or dropped
    name_case_space: float = _rate(0.2)
    # business names
    business_variant: float = _rate(0.25)
    business_typo: float = _rate(0.05)
    business_missing: float = _rate(0.05)
    # NIK
    nik_missing: float = _rate(0.08)
    nik_typo: float = _rate(0.02)
    nik_kk: float = _rate(0.01)  # the family-card number typed in the NIK column
    nik_format: float = _rate(0.1)  # apostrophe, dots, spaces: recoverable
    nik_excel_file: float = _rate(0.15)  # share of Excel-habit files whose NIK column is numeric
    # phones
    phone_missing: float = _rate(0.15)
    phone_format: float = _rate(0.5)
    phone_two: float = _rate(0.05)
    phone_other: float = _rate(0.05)  # the owner's other number
    # address and regions
    address_variant: float = _rate(0.5)
    address_partial: float = _rate(0.1)  # number or RT/RW left out
    address_typo: float = _rate(0.04)
    address_missing: float = _rate(0.04)
    regency_variant: float = _rate(0.6)
    region_typo: float = _rate(0.03)
    region_missing: float = _rate(0.03)
    # structure of lists
    double_in_source: float = _rate(0.03)
    title_rows_file: float = _rate(0.3, scale=False)
    semicolon_file: float = _rate(0.15, scale=False)
    bom_file: float = _rate(0.2, scale=False)  # Excel's "CSV UTF-8" starts with a BOM
    # hard negatives (properties of the world, not of the writing: never scaled)
    second_business: float = _rate(0.05, scale=False)
    second_business_same_address: float = _rate(0.5, scale=False)
    common_name: float = _rate(0.04, scale=False)
    # how many source rows a business has: P(1), P(2), ... (never scaled)
    appearances: tuple[float, ...] = (0.40, 0.30, 0.17, 0.09, 0.04)
    # which kind of source each appearance lands in (never scaled)
    source_weights: tuple[tuple[str, float], ...] = (
        ("dinas", 0.40),
        ("pendamping", 0.30),
        ("bantuan", 0.18),
        ("mitra", 0.12),
    )

    def scaled(self, factor: float) -> Rates:
        """Every corruption rate times `factor`, capped at 0.95; world and structure unchanged."""
        changes = {
            f.name: min(_CAP, getattr(self, f.name) * factor)
            for f in fields(self)
            if f.metadata.get("scale")
        }
        return replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# --- names ---------------------------------------------------------------------------------

# Modern -> old spelling, applied in this order so that one rule's output is not rewritten by
# a later one (j->dj must run before y->j; c->tj before kh->ch).
_OLD_SPELLING = (
    ("j", "dj"),
    ("y", "j"),
    ("c", "tj"),
    ("u", "oe"),
    ("ny", "nj"),
    ("sy", "sj"),
    ("kh", "ch"),
)
_KEYBOARD_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip


def old_spelling(name: str) -> str:
    """'Cahyono Wijaya' -> 'Tjahjono Widjaja': the pre-1972 spelling many legal names keep."""
    s = name.lower()
    for modern, old in _OLD_SPELLING:
        s = s.replace(modern, old)
    return " ".join(t[:1].upper() + t[1:] for t in s.split(" "))


def typo(s: str, rng: random.Random) -> str:
    """One edit (three times in four) or two: substitute a neighbouring key, drop, double or
    swap a letter. Never touches non-letters, so it cannot create or remove a token."""
    for _ in range(1 if rng.random() < 0.75 else 2):
        positions = [i for i, ch in enumerate(s) if ch.isalpha()]
        if len(positions) < 3:
            return s
        i = rng.choice(positions[1:])  # keep the first letter, as most real typos do
        ch = s[i]
        op = rng.random()
        if op < 0.4:
            near = _KEYBOARD_NEIGHBOURS.get(ch.lower(), "a")
            new = rng.choice(near)
            s = s[:i] + (new.upper() if ch.isupper() else new) + s[i + 1 :]
        elif op < 0.65:
            s = s[:i] + s[i + 1 :]
        elif op < 0.85:
            s = s[:i] + ch + s[i:]
        elif i + 1 < len(s) and s[i + 1].isalpha():
            s = s[:i] + s[i + 1] + ch + s[i + 2 :]
    return s


def case_space(s: str, rng: random.Random) -> str:
    """Upper, lower or odd case, and doubled or trailing spaces."""
    x = rng.random()
    if x < 0.35:
        s = s.upper()
    elif x < 0.55:
        s = s.lower()
    elif x < 0.75:
        s = s.replace(" ", "  ", 1)
    elif x < 0.9:
        s = " " + s + " "
    else:
        s = s.upper().replace(" ", "  ")
    return s


def render_name(name: str, sex: str, rng: random.Random, r: Rates, tags: list[str]) -> str:
    """Write an owner's legal name the way one list writes it."""
    tokens = name.split(" ")
    if tokens[0] == "Muhammad" and rng.random() < r.muhammad_variant:
        variant = rng.choice(nd.MUHAMMAD_VARIANTS)
        if variant != "Muhammad":
            tokens[0] = variant
            tags.append("muhammad")
    if len(tokens) >= 2 and rng.random() < r.name_abbrev:
        j = rng.randrange(1, len(tokens))
        if rng.random() < 0.5 and len(tokens[j]) > 2:
            tokens[j] = tokens[j][0] + "."
        else:
            del tokens[j]
        tags.append("name_abbrev")
    s = " ".join(tokens)
    if rng.random() < r.old_spelling:
        s = old_spelling(s)
        tags.append("old_spelling")
    if rng.random() < r.name_typo:
        s = typo(s, rng)
        tags.append("name_typo")
    if rng.random() < r.name_title:
        before = nd.TITLES_BEFORE_FEMALE if sex == "P" else nd.TITLES_BEFORE_MALE
        x = rng.random()
        if x < 0.55:
            s = f"{rng.choice(before)} {s}"
        elif x < 0.85:
            s = f"{s}, {rng.choice(nd.TITLES_AFTER)}"
        else:
            s = f"{rng.choice(before)} {s}, {rng.choice(nd.TITLES_AFTER)}"
        tags.append("name_title")
    if rng.random() < r.name_case_space:
        s = case_space(s, rng)
    return s


# --- business names ------------------------------------------------------------------------

_FORM_SPELLINGS = {
    "UD": ("UD", "U.D.", "UD.", "U.D"),
    "CV": ("CV", "CV.", "C.V."),
    "PD": ("PD", "P.D.", "PD."),
    "RM": ("RM", "RM.", "Rumah Makan", "R.M."),
    "Koperasi": ("Koperasi", "Kop.", "KOP"),
}
_WORD_VARIANTS = {
    "Rejeki": ("Rezeki", "Rejeky", "Rizki"),
    "Barokah": ("Barakah", "Berkah"),
    "Bu": ("Ibu", "Bu."),
    "Pak": ("Bapak", "Pak."),
    "Catering": ("Katering",),
    "Mebel": ("Meubel", "Mebel"),
}


def render_business(name: str, rng: random.Random, r: Rates, tags: list[str]) -> str:
    """Write a business name the way one list writes it ("" when the cell was left blank)."""
    if rng.random() < r.business_missing:
        tags.append("business_missing")
        return rng.choice(("", "-", ""))
    s = name
    if rng.random() < r.business_variant:
        tokens = s.split(" ")
        x = rng.random()
        if x < 0.4 and len(tokens) > 2 and tokens[0] in nd.SHOP_FORMS:
            s = " ".join(tokens[1:])  # the form is left out
        elif x < 0.7 and tokens[0] in _FORM_SPELLINGS:
            tokens[0] = rng.choice(_FORM_SPELLINGS[tokens[0]])
            s = " ".join(tokens)
        else:
            hits = [i for i, t in enumerate(tokens) if t in _WORD_VARIANTS]
            if hits:
                i = rng.choice(hits)
                tokens[i] = rng.choice(_WORD_VARIANTS[tokens[i]])
                s = " ".join(tokens)
            elif tokens[0] not in nd.SHOP_FORMS and len(tokens) >= 2:
                s = f"{rng.choice(('Toko', 'Usaha', 'UD'))} {s}"  # a form is added
        tags.append("business_variant")
    if rng.random() < r.business_typo:
        s = typo(s, rng)
        tags.append("business_typo")
    if rng.random() < r.name_case_space:
        s = case_space(s, rng)
    return s


# --- NIK -----------------------------------------------------------------------------------


def scientific(digits: str, rng: random.Random) -> str:
    """'3271024501900003' -> '3.27102E+15' (or '3,27102E+15' in an Indonesian locale)."""
    mantissa = f"{int(digits) / 10 ** (len(digits) - 1):.5f}".rstrip("0").rstrip(".")
    text = f"{mantissa}E+{len(digits) - 1}"
    return text.replace(".", ",") if rng.random() < 0.3 else text


def render_nik(
    nik: str, rng: random.Random, r: Rates, tags: list[str], excel_damaged: bool = False
) -> str:
    """Write a NIK into a cell. In an Excel-damaged file the column was numeric: most cells lost
    their last digit to 0, some show only scientific notation."""
    if rng.random() < r.nik_missing:
        tags.append("nik_missing")
        return rng.choice(("", "-", "", "0", "belum ada", "-"))
    s = nik
    if rng.random() < r.nik_kk:
        # A KK number: same district, then an issue date and a serial, not the person's.
        s = nik[:6] + f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 22):02d}"
        s += f"{rng.randint(1, 9999):04d}"
        tags.append("nik_kk")
    elif rng.random() < r.nik_typo:
        i = rng.randrange(6, 16)  # typos in the district code exist too, but are rarer
        x = rng.random()
        if x < 0.6:
            s = s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1 :]
        elif x < 0.85 and i < 15:
            s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        else:
            s = s[:i] + s[i + 1 :]
        if s != nik:
            tags.append("nik_typo")
    if excel_damaged and s.isdigit() and len(s) >= 15:
        if rng.random() < 0.3:
            tags.append("nik_sci")
            return scientific(s, rng)
        if s[-1] != "0":
            tags.append("nik_excel0")
        return s[:-1] + "0"
    if rng.random() < r.nik_format:
        x = rng.random()
        if x < 0.5:
            s = "'" + s
        elif x < 0.75:
            s = f"{s[:4]} {s[4:8]} {s[8:12]} {s[12:]}"
        else:
            s = f"{s[:2]}.{s[2:4]}.{s[4:6]}.{s[6:12]}.{s[12:]}"
    return s


# --- phones --------------------------------------------------------------------------------


def format_phone(p: str, rng: random.Random) -> str:
    """One of the ways a mobile number '081234567890' is written."""
    x = rng.random()
    rest = p[1:]
    if x < 0.2:
        return "62" + rest
    if x < 0.4:
        return f"+62 {rest[:3]}-{rest[3:7]}-{rest[7:]}"
    if x < 0.6:
        return f"{p[:4]}-{p[4:8]}-{p[8:]}"
    if x < 0.75:
        return f"{p[:4]} {p[4:8]} {p[8:]}"
    if x < 0.9:
        return "+62" + rest
    return f"({p[:4]}) {p[4:]}"


def render_phone(
    phone: str,
    other: str | None,
    rng: random.Random,
    r: Rates,
    tags: list[str],
    excel_damaged: bool = False,
) -> str:
    """Write a phone cell: none, one number in some format, or two numbers."""
    if rng.random() < r.phone_missing:
        tags.append("phone_missing")
        return rng.choice(("", "-", "", "0", "tidak ada"))
    p = phone
    if other and rng.random() < r.phone_other:
        p = other
        tags.append("phone_other")
    if excel_damaged:
        tags.append("phone_excel")
        return p[1:]  # a numeric column drops the leading zero
    s = format_phone(p, rng) if rng.random() < r.phone_format else p
    if rng.random() < r.phone_two:
        second = other if other and p != other else "08" + str(rng.randint(10**9, 10**10 - 1))
        sep = rng.choice((" / ", ", ", "; ", " - ", "/"))
        s = f"{s}{sep}{second}" if rng.random() < 0.7 else f"{second}{sep}{s}"
        tags.append("phone_two")
    return s


# --- addresses and regions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Address:
    """A true street address. `number` is "" for a dusun/kampung address without numbers."""

    kind: str  # a key of names_data.STREET_KINDS
    street: str
    number: str
    rt: int
    rw: int
    blok: str = ""

    def key(self) -> str:
        return f"{self.kind}|{self.street}"


def _rt_rw(rt: int, rw: int, rng: random.Random) -> str:
    x = rng.randrange(9)
    return (
        f"RT {rt:03d}/RW {rw:03d}",
        f"RT.{rt:03d}/RW.{rw:03d}",
        f"RT {rt:02d} RW {rw:02d}",
        f"RT.{rt} RW.{rw}",
        f"RT {rt} RW {rw}",
        f"{rt:03d}/{rw:03d}",
        f"Rt {rt:03d} Rw {rw:03d}",
        f"RT/RW {rt:03d}/{rw:03d}",
        f"RT. {rt:02d} / RW. {rw:02d}",
    )[x]


def _number(n: str, rng: random.Random) -> str:
    return rng.choice((f"No. {n}", f"No {n}", f"no.{n}", n, f"Nomor {n}", f"No.{n}"))


def render_street(a: Address, rng: random.Random, r: Rates, tags: list[str]) -> str:
    """The street part of an address: kind, name, number, RT/RW, in one of many spellings."""
    if rng.random() < r.address_missing:
        tags.append("address_missing")
        return rng.choice(("", "-"))
    variant = rng.random() < r.address_variant
    kinds = nd.STREET_KINDS[a.kind]
    kind = rng.choice(kinds) if variant else kinds[0]
    street = a.street
    if rng.random() < r.address_typo:
        street = typo(street, rng)
        tags.append("address_typo")
    partial = rng.random() < r.address_partial
    if partial:
        tags.append("address_partial")
    parts = [kind, street]
    if a.blok:
        parts.append(f"Blok {a.blok}" if not variant else rng.choice((f"Blok {a.blok}", a.blok)))
    if a.number and not (partial and rng.random() < 0.5):
        parts.append(_number(a.number, rng) if variant else f"No. {a.number}")
    s = " ".join(parts)
    if not partial or rng.random() < 0.5:
        rtrw = _rt_rw(a.rt, a.rw, rng) if variant else f"RT {a.rt:03d}/RW {a.rw:03d}"
        s = f"{s}{rng.choice((' ', ', ')) if variant else ' '}{rtrw}"
    return s


def render_place(name: str, rng: random.Random, r: Rates, tags: list[str], what: str) -> str:
    """A district or village name typed by hand: sometimes misspelled, sometimes blank."""
    if rng.random() < r.region_missing:
        tags.append(f"{what}_missing")
        return ""
    if rng.random() < r.region_typo:
        tags.append(f"{what}_typo")
        return typo(name, rng)
    return name


def render_regency(name: str, rng: random.Random, r: Rates, tags: list[str]) -> str:
    """'Kabupaten Bangka' -> 'Kab. Bangka' / 'KAB BANGKA' / 'Bangka' ...; a Kota keeps 'Kota'
    because 'Kota Semarang' and 'Kab. Semarang' are different places."""
    if rng.random() < r.region_missing:
        tags.append("regency_missing")
        return ""
    s = name
    if rng.random() < r.regency_variant:
        if name.startswith("Kabupaten "):
            bare = name.removeprefix("Kabupaten ").removeprefix("Administrasi ")
            s = rng.choice(
                (f"Kab. {bare}", f"KAB {bare.upper()}", bare, f"Kab {bare}", f"Kab.{bare}")
            )
        elif name.startswith("Kota "):
            bare = name.removeprefix("Kota ").removeprefix("Administrasi ")
            s = rng.choice((f"Kota {bare}", f"KOTA {bare.upper()}", f"kota {bare.lower()}"))
    if rng.random() < r.region_typo:
        tags.append("regency_typo")
        s = typo(s, rng)
    return s
