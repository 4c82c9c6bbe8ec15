"""The demo's messy regency files: what a province office really receives.

Pure (no ORM): built from `registry.demo_data.generate(seed, count)`, the same businesses
`sinergi demo` puts in the registry, so importing the files finds real matches, doubtful
pairs for the review queue and new businesses. Same seed, same files, byte for byte.

Three files, three regencies of Kep. Bangka Belitung, each messy in its own way:
- `dinas_kab_bangka_umkm_terdampak_2020.xlsx` (Kab. Bangka, 1901): title rows above the
  header, the NIK column stored as numbers by Excel (last digit lost), names in capitals
  with titles, a row repeated, an empty row, a row from Kota Denpasar (outside the region);
- `dinas_kota_pangkalpinang_pendataan.csv` (Kota Pangkal Pinang, 1971): semicolons, a
  business-name column headed just "Usaha", a header Sinergi does not know: it is read as
  the business name from its values (shop words), and the page says so; phones written
  four ways, misspelt owner names;
- `dinas_kab_bangka_tengah_susulan.csv` (Kab. Bangka Tengah, 1904): NIKs typed with a
  leading apostrophe or dots, a village name nobody knows, missing names.

Each file also ends with `DOUBTFUL_ROWS` registry businesses written the way field notes
often are: no NIK, no phone, no street or village, the owner as "A. Hasibuan" or just
"Yusuf". The business name and district agree, the rest is unknown: with the default
thresholds these land between "review from" and "link automatically from", so the review
queue has real work after the demo files are imported.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

from sinergi.registry.demo_data import DemoBusiness, generate

FILES = {
    "1901": "dinas_kab_bangka_umkm_terdampak_2020.xlsx",
    "1971": "dinas_kota_pangkalpinang_pendataan.csv",
    "1904": "dinas_kab_bangka_tengah_susulan.csv",
}
ROWS_FROM_REGISTRY = 40
NEW_ROWS = 12
DOUBTFUL_ROWS = 4


def _village_names() -> dict[str, tuple[str, str]]:
    from sinergi.linkage import load_region_tables

    tables = load_region_tables()
    return {
        code: (v.name, tables.districts[code[:6]].name)
        for code, v in tables.villages.items()
        if code.startswith("19") or code.startswith("5171")
    }


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a doubled, dropped or swapped letter."""
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i] + text[i:]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _phone_variant(rng: random.Random, phone: str) -> str:
    if not phone:
        return "-"
    local = "0" + phone[3:]
    return rng.choice(
        [local, phone, local[:4] + "-" + local[4:8] + "-" + local[8:], phone[1:], f"{local} / -"]
    )


def _pick(businesses: list[DemoBusiness], regency: str) -> list[DemoBusiness]:
    return [b for b in businesses if b.village_code.startswith(regency)]


def _rows(
    rng: random.Random,
    regency: str,
    registry: list[DemoBusiness],
    fresh: list[DemoBusiness],
    names: dict[str, tuple[str, str]],
) -> list[dict[str, str]]:
    known = _pick(registry, regency)
    chosen = rng.sample(known, min(ROWS_FROM_REGISTRY, len(known)))
    rest = [b for b in known if b not in chosen]
    doubtful = rng.sample(rest, min(DOUBTFUL_ROWS, len(rest)))
    chosen += _pick(fresh, regency)[:NEW_ROWS]
    rows = []
    for b in chosen:
        owner, name = b.owner_name, b.name
        roll = rng.random()
        if roll < 0.25:
            owner = _typo(rng, owner)
        elif roll < 0.4:
            name = _typo(rng, name)
        village, district = names.get(b.village_code, ("", ""))
        rows.append(
            {
                "owner": owner,
                "nik": b.nik if rng.random() < 0.9 else "",
                "business": name,
                "address": b.address,
                "rt_rw": b.rt_rw,
                "village": village,
                "district": district,
                "phone": _phone_variant(rng, b.phone),
                "sector": b.name.split()[0],
            }
        )
    for i, b in enumerate(doubtful):
        rows.append(_doubtful_row(b, names, initial=i % 2 == 0))
    return rows


def _doubtful_row(b: DemoBusiness, names: dict[str, tuple[str, str]], initial: bool) -> dict:
    """A field note: business name and district, the owner as "A. Hasibuan" or "Yusuf"."""
    parts = b.owner_name.split()
    if initial and len(parts) > 1:
        owner = f"{parts[0][0]}. {' '.join(parts[1:])}"
    else:
        owner = parts[0]
    _village, district = names.get(b.village_code, ("", ""))
    return {
        "owner": owner,
        "nik": "",
        "business": b.name,
        "address": "",
        "rt_rw": "",
        "village": "",
        "district": district,
        "phone": "",
        "sector": "",
    }


def _bangka(path: Path, rows: list[dict[str, str]], rng: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data UMKM"
    sheet.append(["PENDATAAN UMKM TERDAMPAK COVID-19"])
    sheet.append(["DINAS KOPERASI DAN UKM KABUPATEN BANGKA — APRIL 2020"])
    sheet.append([])
    sheet.append(
        [
            "No",
            "Nama Pemilik",
            "NIK",
            "Nama Usaha",
            "Alamat",
            "RT/RW",
            "Desa/Kel",
            "Kecamatan",
            "No HP",
            "Jenis Usaha",
        ]
    )
    extra = [
        dict(rows[3]),
        {},
        {
            "owner": "I Made Sudarsana",
            "nik": "5171011203800002",
            "business": "Warung Made",
            "village": "Serangan",
            "district": "Denpasar Selatan",
            "phone": "0361-222333",
        },
    ]
    for i, r in enumerate(rows + extra, start=1):
        nik = r.get("nik", "")
        # Excel stored the NIK as a number and keeps 15 significant digits: the last is lost.
        nik_cell: object = int(nik[:15] + "0") if nik else None
        owner = r.get("owner", "")
        if owner and rng.random() < 0.5:
            owner = owner.upper()
        sheet.append(
            [
                i if r else None,
                owner or None,
                nik_cell,
                r.get("business") or None,
                r.get("address") or None,
                r.get("rt_rw") or None,
                r.get("village") or None,
                r.get("district") or None,
                r.get("phone") or None,
                r.get("sector") or None,
            ]
        )
    book.save(path)


def _pangkalpinang(path: Path, rows: list[dict[str, str]], rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["NAMA", "NIK", "Usaha", "ALAMAT LENGKAP", "KELURAHAN", "KECAMATAN", "TELP"])
        for r in rows:
            address = r["address"]
            if r["rt_rw"]:
                address = f"{address} RT {r['rt_rw'].replace('/', ' RW ')}"
            out.writerow(
                [
                    r["owner"],
                    r["nik"],
                    r["business"],
                    address,
                    r["village"],
                    r["district"],
                    r["phone"],
                ]
            )


def _bangka_tengah(path: Path, rows: list[dict[str, str]], rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["No", "Nama", "No. KTP", "Nama Usaha", "Alamat", "Desa", "Kecamatan", "HP/WA"]
        )
        for i, r in enumerate(rows, start=1):
            nik = r["nik"]
            if nik and i % 3 == 0:
                nik = "'" + nik
            elif nik and i % 3 == 1:
                nik = f"{nik[:6]}.{nik[6:12]}.{nik[12:]}"
            owner = "" if i % 17 == 0 else r["owner"]
            village = "Desa Sukamaju Jaya" if i == 5 else r["village"]
            out.writerow(
                [i, owner, nik, r["business"], r["address"], village, r["district"], r["phone"]]
            )


WRITERS: dict[str, Callable[[Path, list[dict[str, str]], random.Random], None]] = {
    "1901": _bangka,
    "1971": _pangkalpinang,
    "1904": _bangka_tengah,
}


def write_demo_files(out: Path, seed: int = 2026, registry_count: int = 3000) -> list[Path]:
    """Write the three messy regency files into `out`; returns their paths.

    `seed` and `registry_count` must be those `sinergi demo` used, so the files overlap
    the demo registry.
    """
    out.mkdir(parents=True, exist_ok=True)
    registry = generate(seed, registry_count)
    # Businesses not in the registry: the same generator with another seed.
    fresh = generate(seed + 1, 1500)
    names = _village_names()
    rng = random.Random(seed)
    paths = []
    for regency, name in FILES.items():
        rows = _rows(rng, regency, registry, fresh, names)
        path = out / name
        WRITERS[regency](path, rows, rng)
        paths.append(path)
    return paths
