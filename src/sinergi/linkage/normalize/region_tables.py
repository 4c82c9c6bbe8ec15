"""Kemendagri region tables shipped inside the package (see data/wilayah/SOURCE.md).

One loader for everything that needs region codes: the web platform's `load_regions`
command, NIK validation, the region resolver, the kecamatan boundaries that place a point
(data/batas_wilayah) and the postcodes of every village (data/kodepos). Codes are digits
without dots ("19", "1901", "190101", "1901012001"); `dotted()` gives the official form.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LEVELS: tuple[str, ...] = ("province", "regency", "district", "village")
_FILES = {
    "province": "provinsi.csv",
    "regency": "kabupaten_kota.csv",
    "district": "kecamatan.csv",
    "village": "desa_kelurahan.csv",
}
_CODE_LENGTH = {"province": 2, "regency": 4, "district": 6, "village": 10}


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative region. `kind` is kabupaten/kota or desa/kelurahan where known."""

    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str | None = None


@dataclass(frozen=True)
class RegionTables:
    provinces: dict[str, Region] = field(default_factory=dict)
    regencies: dict[str, Region] = field(default_factory=dict)
    districts: dict[str, Region] = field(default_factory=dict)
    villages: dict[str, Region] = field(default_factory=dict)

    def by_level(self, level: str) -> dict[str, Region]:
        return {
            "province": self.provinces,
            "regency": self.regencies,
            "district": self.districts,
            "village": self.villages,
        }[level]

    def get(self, code: str) -> Region | None:
        level = level_of(code)
        return self.by_level(level).get(code) if level else None

    def counts(self) -> dict[str, int]:
        return {level: len(self.by_level(level)) for level in LEVELS}

    def __iter__(self) -> Iterator[Region]:
        """Parents before children, so loaders can insert in one pass."""
        for level in LEVELS:
            yield from self.by_level(level).values()


def level_of(code: str) -> str | None:
    for level, length in _CODE_LENGTH.items():
        if len(code) == length and code.isdigit():
            return level
    return None


def dotted(code: str) -> str:
    """'1901012001' -> '19.01.01.2001' (the form printed in Kemendagri decrees)."""
    parts = [code[:2], code[2:4], code[4:6], code[6:10]]
    return ".".join(p for p in parts if p)


def _rows(level: str) -> Iterator[dict[str, str]]:
    path = resources.files("sinergi.data.wilayah").joinpath(_FILES[level])
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _name(row: dict[str, str]) -> str:
    # The source has stray spaces ("Kota Administrasi Jakarta Utara "); codes are exact.
    return " ".join(row["nama"].split())


def _digits(dotted_code: str) -> str:
    return dotted_code.replace(".", "")


@cache
def load_tables() -> RegionTables:
    """Read the four tables once per process (about 0.3 s; 84k villages)."""
    tables = RegionTables()
    for row in _rows("province"):
        code = row["kode"]
        tables.provinces[code] = Region(code, _name(row), "province", None)
    for row in _rows("regency"):
        code = row["kode_digits"]
        tables.regencies[code] = Region(
            code, _name(row), "regency", row["kode_provinsi"], row["jenis"]
        )
    for row in _rows("district"):
        code = row["kode_digits"]
        tables.districts[code] = Region(code, _name(row), "district", _digits(row["kode_kabkota"]))
    for row in _rows("village"):
        code = row["kode_digits"]
        tables.villages[code] = Region(
            code, _name(row), "village", _digits(row["kode_kecamatan"]), row["jenis"]
        )
    return tables


@dataclass(frozen=True, slots=True)
class Boundary:
    """The outline of one kecamatan: its 6-digit code and a GeoJSON geometry (lng, lat)."""

    code: str
    geometry: dict


@cache
def load_district_boundaries() -> tuple[Boundary, ...]:
    """The 7,285 kecamatan outlines (data/batas_wilayah), in code order; read once (~0.5 s)."""
    path = resources.files("sinergi.data.batas_wilayah").joinpath("kecamatan.geojson.gz")
    with path.open("rb") as fh, gzip.open(fh, "rt", encoding="utf-8") as text:
        features = json.load(text)["features"]
    out = [Boundary(_digits(f["properties"]["kode"]), f["geometry"]) for f in features]
    return tuple(sorted(out, key=lambda b: b.code))


@cache
def load_postcodes() -> dict[str, str]:
    """{10-digit village code: 5-digit postcode} for every desa/kelurahan (data/kodepos)."""
    path = resources.files("sinergi.data.kodepos").joinpath("kodepos.csv.gz")
    with path.open("rb") as fh, gzip.open(fh, "rb") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        return {row["kode_digits"]: row["kodepos"] for row in reader}
