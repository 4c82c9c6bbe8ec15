"""Small synthetic files in the shapes real public lists come in, for CLI and intake tests.

- `write_city_list`: a city's UMKM list, `;`-delimited, headers
  `Nama;Kegiatan;Kecamatan;Wilayah;Kategori;lat;lng`, where `Kecamatan` holds the city's
  name on every row and the point is the only thing that says which kecamatan.
- `write_bps_directory`: a BPS business-directory export (xlsx): `Nama Usaha`, region names
  in `Nmprov/Nmkab/Nmkec/Nmdesa`, BPS codes in `Kdprov/Kdkab/Kdkec/Kddesa`,
  `latitude/longitude`. BPS writes a kabupaten without its kind ("SEMARANG") and numbers
  kecamatan 010, 020, ...; names and codes come from the shipped Kemendagri tables.
- `write_mixed_points`: lat/lng in one cell, swapped, 0,0, abroad, and a postcode (Semarang).

Seeded: the same call writes the same bytes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from sinergi.linkage.normalize.region_tables import load_tables

# Points inside kecamatan (checked against the shipped outlines), per city.
CITY_POINTS = {
    "Kota Semarang": [
        (-6.9900, 110.4200, "337407"),  # Semarang Selatan
        (-7.0550, 110.4380, "337410"),  # Tembalang
        (-6.9700, 110.4250, "337401"),  # Semarang Tengah
    ],
    "Kota Denpasar": [
        (-8.6500, 115.2100, "517104"),  # Denpasar Utara
        (-8.7000, 115.2300, "517101"),  # Denpasar Selatan
        (-8.6600, 115.1900, "517103"),  # Denpasar Barat
        (-8.6400, 115.2450, "517102"),  # Denpasar Timur
    ],
}
SHOPS = ["Warung", "Toko", "Kios", "Pabrik", "Depot", "Bengkel", "Jasa Jahit", "Kedai"]
WORDS = ["Mas Rendy", "Tahu", "Sembako", "Bu Sri", "Barokah", "Makmur", "Lancar", "Pak Eko"]


def write_city_list(
    path: Path, rows: int = 40, seed: int = 3, city: str = "Kota Semarang"
) -> list[str]:
    """The list; returns the kecamatan code each row's point lies in."""
    rng = random.Random(seed)
    points = CITY_POINTS[city]
    districts = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Nama", "Kegiatan", "Kecamatan", "Wilayah", "Kategori", "lat", "lng"])
        for i in range(rows):
            lat, lng, code = points[i % len(points)]
            lat += rng.uniform(-0.0005, 0.0005)
            lng += rng.uniform(-0.0005, 0.0005)
            name = f"{rng.choice(SHOPS)} {rng.choice(WORDS)} {i}"
            w.writerow(
                [name, "Kuliner", city, city.split()[-1], "Mikro", f"{lat:.6f}", f"{lng:.6f}"]
            )
            districts.append(code)
    return districts


def bps_rows(rows: int = 200, seed: int = 5, province: str = "33") -> list[dict[str, str]]:
    """Directory rows over the villages of a province; the Kemendagri regency per row."""
    rng = random.Random(seed)
    tables = load_tables()
    villages = sorted(c for c in tables.villages if c.startswith(province))
    out = []
    for i in range(rows):
        village = rng.choice(villages)
        regency = tables.regencies[village[:4]]
        # BPS: kabupaten "SEMARANG", kota "KOTA SEMARANG".
        kab = regency.name.upper().removeprefix("KABUPATEN ")
        out.append(
            {
                "Nama Usaha": f"{rng.choice(SHOPS).upper()} {rng.choice(WORDS).upper()} {i}",
                "Kdprov": village[:2],
                "Kdkab": village[2:4],
                # Every 7th row: a BPS kecamatan number that is not Kemendagri's times ten
                # (the schemes differ below the regency); its name still places it.
                "Kdkec": f"{int(village[4:6]) * 10 + (1 if i % 7 == 0 else 0):03d}",
                "Kddesa": village[7:10],
                "Nmprov": tables.provinces[village[:2]].name.upper(),
                "Nmkab": kab,
                "Nmkec": tables.districts[village[:6]].name.upper(),
                "Nmdesa": tables.villages[village].name.upper(),
                "latitude": "",
                "longitude": "",
                "_regency": village[:4],
            }
        )
    return out


def write_bps_directory(
    path: Path, rows: int = 200, seed: int = 5, province: str = "33"
) -> list[str]:
    """The xlsx; returns the Kemendagri regency code of each row."""
    from openpyxl import Workbook

    data = bps_rows(rows, seed, province)
    headers = [k for k in data[0] if not k.startswith("_")]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in data:
        ws.append([row[h] for h in headers])
    wb.save(path)
    return [r["_regency"] for r in data]


# Per city: a kecamatan named in words, a postcode that is one village there, that village.
CITY_POSTCODES = {
    "Kota Semarang": ("Tembalang", "50275", "3374101006"),
    "Kota Denpasar": ("Denpasar Selatan", "80225", "5171011004"),
}


def write_mixed_points(path: Path, city: str = "Kota Semarang") -> tuple[str, str]:
    """Rows whose point or postcode is written in the habits the engine must read.

    Returns (the kecamatan of rows 1-2's point, the village row 5's postcode gives).
    """
    lat, lng, district = CITY_POINTS[city][0]
    kecamatan, postcode, village = CITY_POSTCODES[city]
    rows = [
        ["Nama Usaha", "Kab/Kota", "Kecamatan", "Kode Pos", "Koordinat"],
        ["Warung Satu", city, "", "", f"{lat:.4f}, {lng:.4f}"],
        ["Warung Dua", city, "", "", f"{lng:.4f}; {lat:.4f}".replace(".", ",")],
        ["Warung Tiga", city, "", "", "0,0"],
        ["Warung Empat", city, "", "", "51.5072, -0.1276"],
        ["Warung Lima", city, kecamatan, postcode, ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return district, village
