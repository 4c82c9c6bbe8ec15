"""The true world behind the synthetic lists: owners (persons) and their businesses.

Invariants:
- Every Person has a unique, valid NIK: the 6-digit district code of a real Kemendagri
  district, birth date DDMMYY with 40 added to the day for women, serial 0001-9999.
- Every Business sits in a real village of one of the chosen regencies; the registry unit
  is the Business, so an owner with two businesses yields two entities (a hard negative).
- Every phone number and NIB is unique to its owner/business.
- Businesses are packed about eight to a village on four streets, so "same street, different
  business" happens at every data size.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

from bench import names_data as nd
from bench.corrupt import Address, Rates
from sinergi.linkage.normalize.region_tables import RegionTables, load_tables

# Provinces of the default "national" set, in the order their regencies are taken, so that a
# small set still covers Bangka Belitung, Java, Bali and Sulawesi.
NATIONAL_PROVINCES: tuple[str, ...] = ("19", "33", "32", "51", "73", "12", "31", "35", "13")
BUSINESSES_PER_VILLAGE = 8
STREETS_PER_VILLAGE = 4


@dataclass(slots=True)
class Person:
    person_id: int
    name: str
    sex: str  # L | P
    group: str
    nik: str
    phone: str
    phone2: str | None
    common_name: bool


@dataclass(slots=True)
class Business:
    business_id: int
    owner: Person
    name: str
    sector: int  # index into names_data.SECTORS
    address: Address
    village_code: str
    nib: str
    owner_has_two: bool = False


def pick_regencies(n: int, rng: random.Random, provinces: tuple[str, ...]) -> list[str]:
    """`n` regency codes, taken round-robin over `provinces` so every province is present."""
    tables = load_tables()
    per_province: dict[str, list[str]] = defaultdict(list)
    for code, reg in sorted(tables.regencies.items()):
        if reg.parent_code in provinces:
            per_province[reg.parent_code].append(code)
    for codes in per_province.values():
        rng.shuffle(codes)
    out: list[str] = []
    while len(out) < n and any(per_province.values()):
        for p in provinces:
            if per_province.get(p) and len(out) < n:
                out.append(per_province[p].pop())
    return out


def villages_by_regency(tables: RegionTables) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code, village in tables.villages.items():
        out[village.parent_code[:4]].append(code)  # type: ignore[index]
    return out


def districts_by_province(tables: RegionTables) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code in tables.districts:
        out[code[:2]].append(code)
    return out


def make_name(group: str, sex: str, rng: random.Random) -> str:
    """A plausible legal name for a person of `group` ("javanese", "balinese", ...)."""
    male, female, second_m, second_f = nd.GROUPS[group]
    second = second_m if sex == "L" else second_f
    first = rng.choice(male if sex == "L" else female)
    tokens = [first]
    if group == "balinese":
        order = rng.choice(nd.BALINESE_ORDER)
        tokens = [order, first]
        if rng.random() < 0.85:
            tokens.insert(0, "I" if sex == "L" else "Ni")
    elif sex == "L" and rng.random() < nd.MUHAMMAD_P.get(group, 0.0):
        tokens.insert(0, "Muhammad")
    if rng.random() < nd.SECOND_NAME_P[group]:
        extra = rng.choice(second)
        if extra not in tokens:
            tokens.append(extra)
    return " ".join(tokens)


def _short_name(person: Person) -> str:
    """The name an owner goes by in a shop name: 'Warung Bu Siti', 'Bengkel Pak Made'."""
    skip = {"I", "Ni", "Muhammad", "Siti", "Sri", "Nur"}
    tokens = [t for t in person.name.split(" ") if t not in skip]
    return tokens[0] if tokens else person.name.split(" ")[-1]


def make_business_name(owner: Person, sector: int, rng: random.Random) -> str:
    _, _, products, forms = nd.SECTORS[sector]
    form = rng.choice(forms) if rng.random() < 0.8 else rng.choice(nd.SHOP_FORMS)
    product = rng.choice(products)
    prefix_pool = nd.OWNER_PREFIX[owner.group][0 if owner.sex == "P" else 1]
    owner_part = f"{rng.choice(prefix_pool)} {_short_name(owner)}"
    fancy = rng.choice(nd.FANCY_WORDS)
    x = rng.random()
    if x < 0.25:
        return f"{form} {owner_part}"
    if x < 0.55:
        return f"{form} {fancy}"
    if x < 0.75:
        return f"{product} {owner_part}"
    if x < 0.9:
        return f"{product} {fancy}"
    return f"{form} {product} {fancy}"


def _group_for(province: str, rng: random.Random) -> str:
    mix = nd.GROUP_MIX.get(province, nd.DEFAULT_MIX)
    return rng.choices(list(mix), weights=list(mix.values()))[0]


class _Ids:
    """Draws unique NIK serials, phone numbers and NIBs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.niks: set[str] = set()
        self.phones: set[str] = set()
        self.nibs: set[str] = set()

    def nik(self, district: str, sex: str) -> str:
        rng = self.rng
        while True:
            day = rng.randint(1, 28) + (40 if sex == "P" else 0)
            birth = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(1955, 2004) % 100:02d}"
            nik = f"{district}{birth}{rng.randint(1, 9999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def phone(self) -> str:
        rng = self.rng
        while True:
            p = rng.choice(nd.MOBILE_PREFIXES) + str(rng.randint(10**7, 10**8 - 1))
            if rng.random() < 0.15:
                p += str(rng.randint(0, 9))
            if p not in self.phones:
                self.phones.add(p)
                return p

    def nib(self) -> str:
        while True:
            n = self.rng.choice(("91", "81", "12", "02")) + str(
                self.rng.randint(10**10, 10**11 - 1)
            )
            if n not in self.nibs:
                self.nibs.add(n)
                return n


def build_world(
    n_businesses: int,
    regencies: list[str],
    wants_nib: list[float],
    rates: Rates,
    rng: random.Random,
) -> list[Business]:
    """`n_businesses` true businesses with their owners. `wants_nib[i]` is the probability that
    business i has an NIB (higher for partnership-program members)."""
    tables = load_tables()
    vill_by_reg = villages_by_regency(tables)
    dist_by_prov = districts_by_province(tables)
    ids = _Ids(rng)
    reg_of = [rng.choice(regencies) for _ in range(n_businesses)]
    counts: dict[str, int] = defaultdict(int)
    for reg in reg_of:
        counts[reg] += 1
    used_villages: dict[str, list[str]] = {}
    for reg, c in counts.items():
        pool = sorted(vill_by_reg[reg])
        k = min(len(pool), max(5, math.ceil(c / BUSINESSES_PER_VILLAGE)))
        used_villages[reg] = rng.sample(pool, k)
    streets: dict[str, list[tuple[str, str, int]]] = {}
    owners_in_reg: dict[str, list[Business]] = defaultdict(list)
    kinds, kind_w = list(nd.STREET_KIND_P), list(nd.STREET_KIND_P.values())
    out: list[Business] = []
    for i in range(n_businesses):
        reg = reg_of[i]
        prov = reg[:2]
        earlier = owners_in_reg[reg]
        if earlier and rng.random() < rates.second_business:
            first = rng.choice(earlier)
            owner = first.owner
            first.owner_has_two = True
            village = first.village_code
            same_address = rng.random() < rates.second_business_same_address
            address = first.address if same_address else _address(village, streets, rng)
            two = True
        else:
            village = rng.choice(used_villages[reg])
            owner = _person(i, village[:6], prov, dist_by_prov, reg, ids, rates, rng)
            address = _address(village, streets, rng, kinds, kind_w)
            two = False
        sector = rng.randrange(len(nd.SECTORS))
        b = Business(
            business_id=i,
            owner=owner,
            name=make_business_name(owner, sector, rng),
            sector=sector,
            address=address,
            village_code=village,
            nib=ids.nib() if rng.random() < wants_nib[i] else "",
            owner_has_two=two,
        )
        earlier.append(b)
        out.append(b)
    return out


def _person(
    pid: int,
    district: str,
    prov: str,
    dist_by_prov: dict[str, list[str]],
    reg: str,
    ids: _Ids,
    rates: Rates,
    rng: random.Random,
) -> Person:
    sex = "P" if rng.random() < 0.55 else "L"  # most UMKM owners registered are women
    group = _group_for(prov, rng)
    common = rng.random() < rates.common_name
    if common:
        name = rng.choice(nd.COMMON_NAMES_FEMALE if sex == "P" else nd.COMMON_NAMES_MALE)
    else:
        name = make_name(group, sex, rng)
    # The NIK carries the district where the owner was registered, usually where the
    # business is; people move, so sometimes another district of the regency or province.
    x = rng.random()
    if x < 0.1:
        district = rng.choice([d for d in dist_by_prov[prov] if d[:4] == reg] or [district])
    elif x < 0.15:
        district = rng.choice(dist_by_prov[prov])
    return Person(
        person_id=pid,
        name=name,
        sex=sex,
        group=group,
        nik=ids.nik(district, sex),
        phone=ids.phone(),
        phone2=ids.phone() if rng.random() < 0.25 else None,
        common_name=common,
    )


def _address(
    village: str,
    streets: dict[str, list[tuple[str, str, int]]],
    rng: random.Random,
    kinds: list[str] | None = None,
    kind_w: list[float] | None = None,
) -> Address:
    pool = streets.get(village)
    if pool is None:
        kinds = kinds or list(nd.STREET_KIND_P)
        kind_w = kind_w or list(nd.STREET_KIND_P.values())
        pool = []
        for _ in range(STREETS_PER_VILLAGE):
            kind = rng.choices(kinds, weights=kind_w)[0]
            if kind == "dusun" or kind == "kampung":
                name = rng.choice(nd.DUSUN_NAMES)
            elif kind == "perum":
                name = rng.choice(nd.PERUM_NAMES)
            else:
                name = rng.choice(nd.STREET_NAMES)
            pool.append((kind, name, rng.randint(1, 12)))
        streets[village] = pool
    kind, name, rw = rng.choice(pool)
    number = "" if kind in ("dusun", "kampung") else str(rng.randint(1, 150))
    blok = rng.choice("ABCDEFGH") if kind == "perum" else ""
    return Address(kind, name, number, rng.randint(1, 15), rw, blok)
