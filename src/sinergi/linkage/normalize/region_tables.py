"""Kemendagri region tables shipped inside the package (see data/wilayah/SOURCE.md).

One loader for everything that needs region codes: the web platform's `load_regions`
command, NIK validation, the region resolver, the kecamatan boundaries that place a point
(data/batas_wilayah) and the postcodes of every village (data/kodepos). Codes are digits
without dots ("19", "1901", "190101", "1901012001"); `dotted()` gives the official form.
"""

from __future__ import annotations

import csv
import gc
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LEVELS: tuple[str, ...] = ("province", "regency", "district", "village")
TABLE_FILES = {
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


def _digits(dotted_code: str) -> str:
    return dotted_code.replace(".", "")


@cache
def load_tables() -> RegionTables:
    """Read the four tables once per process (84k villages; polars reads, a loop builds)."""
    enabled = gc.isenabled()
    gc.disable()  # 100k small objects that live as long as the process: nothing to collect
    try:
        return _build_tables()
    finally:
        if enabled:
            gc.enable()


def _build_tables() -> RegionTables:
    tables = RegionTables()
    for (code,), name in _read("province", "kode"):
        tables.provinces[code] = Region(code, name, "province", None)
    for (code, parent, kind), name in _read("regency", "kode_digits", "kode_provinsi", "jenis"):
        tables.regencies[code] = Region(code, name, "regency", parent, kind)
    for (code, parent), name in _read("district", "kode_digits", "kode_kabkota"):
        tables.districts[code] = Region(code, name, "district", _digits(parent))
    for (code, parent, kind), name in _read("village", "kode_digits", "kode_kecamatan", "jenis"):
        tables.villages[code] = Region(code, name, "village", _digits(parent), kind)
    return tables


def _read(level: str, *columns: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """(the named columns, the cleaned name) of each row of one level's table, in order."""
    import polars as pl

    path = resources.files("sinergi.data.wilayah").joinpath(TABLE_FILES[level])
    with path.open("rb") as fh:
        frame = pl.read_csv(fh.read(), infer_schema=False)
    # The source has stray spaces ("Kota Administrasi Jakarta Utara "); codes are exact.
    names = frame.get_column("nama").str.strip_chars().str.replace_all(r"\s+", " ")
    values = zip(*(frame.get_column(c).to_list() for c in columns), strict=True)
    return zip(values, names.to_list(), strict=True)


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
