"""Synthetic but realistic demo businesses, generated deterministically from a seed.

Pure: no ORM. `generate(seed, count)` returns the same list for the same arguments on
every machine (one `random.Random(seed)`, regions iterated in code order), so the demo,
the docs' screenshots and bug reports all talk about the same "Warung Makan Bu Siti".

Invariants of every generated row:
- `village_code` is a real Kemendagri village in Kep. Bangka Belitung (19), Kota Jakarta
  Selatan (3174) or Bali (51);
- `nik` is 16 digits that `parse_nik` accepts: a real district code, a real birth date
  (day + 40 for women), serial 0001-0999, and unique within the list;
- `phone` is E.164 (+628...); `sector_code` is a KBLI 2020 kelompok code that exists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sinergi.linkage import load_region_tables

AREAS: tuple[tuple[str, float], ...] = (("19", 0.5), ("3174", 0.2), ("51", 0.3))

MALE = "Ahmad Muhammad Rudi Hendra Agus Budi Doni Fajar Rizki Hasan Syamsul Zulkifli Iwan Yusuf Eko Dedi Heri Joko Arif Bambang Taufik Andi Irwan Rahmat Sutrisno".split()  # noqa: E501
FEMALE = "Siti Nur Dewi Rina Yuni Lestari Aisyah Fitri Wati Sri Ratna Maya Dian Lina Nurhayati Rohana Suryani Yanti Eka Indah Kartini Ningsih Halimah Rosmawati".split()  # noqa: E501
LAST_M = "Saputra Hidayat Pratama Setiawan Kurniawan Wijaya Rahman Hakim Ramadhan Firmansyah Nugroho Hasibuan Syahputra Effendi Gunawan".split()  # noqa: E501
LAST_F = "Susanti Handayani Wulandari Puspita Maharani Anggraini Rahmawati Permatasari Safitri Kusumawati Yuliani Marlina".split()  # noqa: E501
CHINESE_FAMILY = "Lim Bong Tjhin Lie Chong Phang Liu Tan Fung".split()
CHINESE_GIVEN_M = "Kim Fat|A Kiong|Sui Min|Ket Jin|Kian Hok|Nyuk Khiong".split("|")
CHINESE_GIVEN_F = "Siu Lan|Mei Ling|Nyit Fa|Sui Mui|Lian Hwa|Fung Jin".split("|")
BALI_ORDER = "Wayan Putu Gede Made Kadek Nyoman Komang Ketut".split()
BALI_M = (
    "Sudarma Suarta Budiasa Artawan Mertayasa Sukadana Wirawan Adnyana Sugiarta Parwata".split()
)
BALI_F = "Ayu Lestari,Sri Wahyuni,Ariani,Suartini,Dewi Sartika,Kartika,Eka Sari".split(",")
BRANDS = (
    "Berkah Barokah,Sumber Rejeki,Maju Jaya,Cahaya,Mandiri,Sejahtera,Amanah,Rezeki,Sentosa,"
    "Bintang,Harapan,Bahari,Mulia,Lestari,Sari Rasa,Sinar Abadi,Karya Bersama"
).split(",")
BRANDS_BY_AREA = {
    "19": ["Serumpun Sebalai", "Timah Raya", "Pesisir", "Laut Biru", "Menumbing"],
    "3174": ["Betawi", "Kemang", "Metropolitan", "Cipete", "Senayan"],
    "51": ["Dharma", "Santhi", "Sedana", "Rahayu", "Dewata", "Jagaditha"],
}

# (KBLI code, name templates, share of female owners, weight). {b}=brand, {o}=owner call
# name, {p}=place (district name).
SECTORS: tuple[tuple[str, tuple[str, ...], float, int], ...] = (
    ("56102", ("Warung Makan {o}", "RM {b}", "Warung Bu {o}", "Rumah Makan {b}"), 0.6, 14),
    ("10794", ("Kerupuk Ikan {p}", "Keripik {b}", "Kemplang {b}", "Kerupuk {o}"), 0.6, 10),
    ("10792", ("Kue Basah {o}", "Jajanan {b}", "Kue Tradisional {b}"), 0.8, 8),
    ("10710", ("Toko Roti {b}", "Bakery {b}", "Roti {o}"), 0.5, 5),
    ("56103", ("Kedai Kopi {b}", "Kopi {o}", "Kedai {b}"), 0.3, 9),
    ("47112", ("Toko Sembako {b}", "Warung {o}", "UD {b}", "Toko {b} Jaya"), 0.5, 12),
    ("14111", ("Konveksi {b}", "Penjahit {o}"), 0.6, 4),
    ("13134", ("Batik {b}", "Sanggar Batik {o}"), 0.6, 3),
    ("16291", ("Anyaman {b}", "Kerajinan Rotan {o}"), 0.5, 2),
    ("47781", ("Galeri Kerajinan {b}", "Art Shop {b}"), 0.4, 3),
    ("10211", ("Ikan Asin {b}", "Terasi {p}", "Olahan Ikan {o}"), 0.5, 4),
    ("96111", ("Pangkas Rambut {o}", "Barbershop {b}"), 0.05, 3),
    ("96112", ("Salon {o}", "Salon Kecantikan {b}"), 0.95, 3),
    ("47911", ("{b} Online Shop", "Toko Online {o}"), 0.6, 3),
    ("03111", ("KUB Nelayan {p}", "Usaha Perikanan {o}"), 0.1, 3),
    ("56210", ("Catering {o}", "Jasa Boga {b}"), 0.8, 3),
    ("11040", ("Es {b}", "Minuman Segar {o}"), 0.5, 2),
    ("31001", ("Mebel {b}", "UD Mebel {o}"), 0.1, 2),
    ("74201", ("Studio Foto {b}",), 0.3, 1),
    ("01131", ("Kebun Sayur {o}",), 0.4, 2),
    ("55199", ("Homestay {b}", "Pondok Wisata {b}"), 0.5, 2),
)
STREETS = {
    "19": ["Jl. Depati Amir", "Jl. Solihin GP", "Jl. Jenderal Sudirman", "Jl. Ahmad Yani",
           "Jl. Pahlawan 12", "Jl. Raya Koba", "Jl. Diponegoro", "Gg. Melati"],
    "3174": ["Jl. Fatmawati", "Jl. Kemang Raya", "Jl. RS Fatmawati", "Gg. Masjid",
             "Jl. Ciputat Raya", "Jl. Kebagusan Raya", "Jl. Warung Jati Barat"],
    "51": ["Jl. Gatot Subroto", "Jl. Teuku Umar", "Jl. Raya Kerobokan", "Jl. Bypass Ngurah Rai",
           "Jl. Raya Ubud", "Jl. Gunung Agung", "Gg. Kenanga"],
}  # fmt: skip
POSTCODE = {"19": (33111, 33793), "3174": (12110, 12970), "51": (80111, 82262)}
PHONE_PREFIXES = "811 812 813 821 822 823 852 853 857 858 877 878 895 896 898".split()


@dataclass(frozen=True)
class DemoBusiness:
    name: str
    owner_name: str
    nik: str
    sex: str
    birth_date: date
    phone: str
    email: str
    village_code: str
    address: str
    rt_rw: str
    postcode: str
    sector_code: str
    capital: int
    yearly_sales: int
    monthly_revenue: int
    workers: int
    nib: str
    founded_year: int
    covid_affected: bool | None
    covid_revenue_drop_pct: int | None
    covid_workers_laid_off: int | None
    marketplace_url: str
    social_url: str
    active: bool


def _villages() -> dict[str, list[str]]:
    codes = sorted(load_region_tables().villages)
    return {prefix: [c for c in codes if c.startswith(prefix)] for prefix, _ in AREAS}


def _person(rng: random.Random, area: str, female: bool) -> tuple[str, str]:
    """(full name, call name used in shop names)."""
    if area == "51" and rng.random() < 0.85:
        order = rng.choice(BALI_ORDER)
        given = rng.choice(BALI_F if female else BALI_M)
        return f"{'Ni' if female else 'I'} {order} {given}", given.split()[0]
    if area == "19" and rng.random() < 0.2:
        family = rng.choice(CHINESE_FAMILY)
        given = rng.choice(CHINESE_GIVEN_F if female else CHINESE_GIVEN_M)
        return f"{family} {given}", given.split()[0]
    first = rng.choice(FEMALE if female else MALE)
    last = rng.choice(LAST_F if female else LAST_M)
    if rng.random() < 0.15 and not female:
        return f"H. {first} {last}", first
    return f"{first} {last}", first


def _money(rng: random.Random) -> tuple[int, int, int]:
    """(capital, yearly sales, workers) for a mostly-micro population."""
    roll = rng.random()
    if roll < 0.9:
        capital = rng.randrange(5, 800) * 1_000_000
        sales = rng.randrange(24, 1_900) * 1_000_000
        workers = rng.randint(1, 5)
    elif roll < 0.98:
        capital = rng.randrange(1_100, 4_900) * 1_000_000
        sales = rng.randrange(2_100, 14_000) * 1_000_000
        workers = rng.randint(5, 30)
    else:
        capital = rng.randrange(5_200, 9_800) * 1_000_000
        sales = rng.randrange(15_500, 48_000) * 1_000_000
        workers = rng.randint(20, 99)
    return capital, sales, workers


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def generate(seed: int, count: int) -> list[DemoBusiness]:
    rng = random.Random(seed)
    villages = _villages()
    districts_by_area = {
        prefix: sorted({c[:6] for c in codes}) for prefix, codes in villages.items()
    }
    district_names = {code: r.name for code, r in load_region_tables().districts.items()}
    sector_weights = [w for *_, w in SECTORS]
    area_weights = [w for _, w in AREAS]
    seen_nik: set[str] = set()
    out: list[DemoBusiness] = []
    for _ in range(count):
        area = rng.choices([p for p, _ in AREAS], area_weights)[0]
        village = rng.choice(villages[area])
        code, templates, female_share, _w = rng.choices(SECTORS, sector_weights)[0]
        female = rng.random() < female_share
        owner, call = _person(rng, area, female)
        brand = rng.choice(BRANDS + BRANDS_BY_AREA[area])
        place = district_names[village[:6]]
        name = rng.choice(templates).format(b=brand, o=call, p=place)
        # Most owners were registered where they live; some moved in from elsewhere.
        nik_district = village[:6] if rng.random() < 0.9 else rng.choice(districts_by_area[area])
        birth = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 48 * 365))
        while True:
            day = birth.day + (40 if female else 0)
            nik = f"{nik_district}{day:02d}{birth:%m%y}{rng.randint(1, 999):04d}"
            if nik not in seen_nik:
                seen_nik.add(nik)
                break
        phone = f"+62{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**6, 10**8)}"
        capital, sales, workers = _money(rng)
        affected = rng.random() < 0.7 if rng.random() < 0.9 else None
        low, high = POSTCODE[area]
        out.append(
            DemoBusiness(
                name=name,
                owner_name=owner,
                nik=nik,
                sex="P" if female else "L",
                birth_date=birth,
                phone=phone if rng.random() < 0.92 else "",
                email=(
                    f"{_slug(owner.split()[-1])}{rng.randint(1, 99)}@gmail.com"
                    if rng.random() < 0.3
                    else ""
                ),
                village_code=village,
                address=f"{rng.choice(STREETS[area])} No. {rng.randint(1, 150)}",
                rt_rw=f"{rng.randint(1, 12):03d}/{rng.randint(1, 9):03d}",
                postcode=str(rng.randint(low, high)),
                sector_code=code,
                capital=capital,
                yearly_sales=sales,
                monthly_revenue=sales // 12 // 1000 * 1000,
                workers=workers,
                nib=f"{rng.choice('129')}{rng.randrange(10**11, 10**12)}"
                if rng.random() < 0.65
                else "",
                founded_year=rng.randint(1990, 2024),
                covid_affected=affected,
                covid_revenue_drop_pct=rng.randrange(10, 91, 5) if affected else None,
                covid_workers_laid_off=rng.randint(0, workers - 1) if affected else None,
                marketplace_url=(
                    f"https://{rng.choice(['shopee.co.id', 'tokopedia.com'])}/{_slug(name)}"
                    if rng.random() < 0.35
                    else ""
                ),
                social_url=(
                    f"https://{rng.choice(['instagram.com', 'facebook.com'])}/{_slug(name)}"
                    if rng.random() < 0.55
                    else ""
                ),
                active=rng.random() > 0.03,
            )
        )
    return out
