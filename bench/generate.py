"""Synthetic Indonesian UMKM source lists with ground truth, for `sinergi dedupe` benchmarks.

    python -m bench.generate --rows 100000 --seed 7 --out bench/data/100k [--rates-scale 1.5]
                             [--xlsx] [--regencies N]

Writes OUT/sources/*.csv|xlsx (the lists a data officer would receive), OUT/truth.csv
(source_file, source_row, entity_id), OUT/truth_detail.csv (the same plus owner, source kind
and corruption tags per row, for error analysis) and OUT/manifest.json (seed, rates, and per
file: kind, header offset, delimiter and which column holds which field).

Four kinds of source, each with its own headers and habits:
- dinas: one regency office list per regency; title rows above the header sometimes;
  some files upper-case; some files passed through Excel with a numeric NIK column.
- pendamping: field assistants, one file per province; full address in one cell with
  RT/RW, desa and kecamatan inside; regency typed by hand.
- bantuan: aid recipient lists, one per province; upper case; no business names.
- mitra: a partnership program (mitra binaan); NIB, company name, sector; no NIK.

Invariants:
- Same arguments, same files, byte for byte (one `random.Random(seed)` drives everything).
- Exactly `rows` data rows over all files; every data row has one truth row.
- `source_row` is the 1-based data row as a spreadsheet user counts it: header excluded,
  title rows above the header not counted.
- `entity_id` identifies the true Business (the registry unit): one owner's two
  businesses are two entities.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bench import names_data as nd
from bench.corrupt import (
    Rates,
    case_space,
    render_business,
    render_name,
    render_nik,
    render_phone,
    render_place,
    render_regency,
    render_street,
)
from bench.world import NATIONAL_PROVINCES, Business, build_world, pick_regencies
from sinergi.linkage.normalize.region_tables import load_tables

__all__ = ["LAYOUTS", "Rates", "generate"]

# Per source kind: header, and which header holds which canonical field (schema.py names).
LAYOUTS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "dinas": (
        ("No", "Nama Pemilik", "NIK", "Nama Usaha", "Alamat", "Kecamatan", "Desa", "No. HP",
         "Jenis Usaha"),
        {"owner_name": "Nama Pemilik", "nik": "NIK", "business_name": "Nama Usaha",
         "address": "Alamat", "district": "Kecamatan", "village": "Desa", "phone": "No. HP",
         "sector": "Jenis Usaha"},
    ),
    "pendamping": (
        ("No", "Nama Pelaku Usaha", "No KTP", "Nama Usaha", "HP/WA", "Alamat Lengkap",
         "Kabupaten/Kota", "Produk", "Nama Pendamping"),
        {"owner_name": "Nama Pelaku Usaha", "nik": "No KTP", "business_name": "Nama Usaha",
         "phone": "HP/WA", "address": "Alamat Lengkap", "regency": "Kabupaten/Kota",
         "product": "Produk"},
    ),
    "bantuan": (
        ("NO", "NAMA", "NIK", "ALAMAT", "KAB/KOTA", "JENIS BANTUAN", "NOMINAL"),
        {"owner_name": "NAMA", "nik": "NIK", "address": "ALAMAT", "regency": "KAB/KOTA",
         "aid_kind": "JENIS BANTUAN", "amount": "NOMINAL"},
    ),
    "mitra": (
        ("No", "Nama Mitra", "NIB", "Nama Perusahaan", "Sektor", "No Telp", "Alamat", "Kab/Kota"),
        {"owner_name": "Nama Mitra", "nib": "NIB", "business_name": "Nama Perusahaan",
         "sector": "Sektor", "phone": "No Telp", "address": "Alamat", "regency": "Kab/Kota"},
    ),
}  # fmt: skip
TRUTH_COLUMNS = ("source_file", "source_row", "entity_id")
DETAIL_COLUMNS = (*TRUTH_COLUMNS, "kind", "person_id", "owner_has_two", "common_name",
                  "street_key", "regency_code", "tags")  # fmt: skip


@dataclass
class SourceFile:
    """One list being written: its habits and its rows (business, doubled?) before rendering."""

    name: str
    kind: str
    regency: str  # regency code for dinas files, province code otherwise ("" for mitra)
    excel_damaged: bool = False
    upper: bool = False
    title_rows: list[str] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    xlsx: bool = False
    members: list[tuple[int, bool]] = field(default_factory=list)


@cache
def slug(text: str) -> str:
    text = text.strip().lower().replace("kabupaten ", "kab ").replace("administrasi ", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def default_regency_count(rows: int) -> int:
    """About 4,000 rows per regency, at least 3, at most all 198 of the national set."""
    return max(3, min(198, rows // 4000))


def draw_appearances(rows: int, rates: Rates, rng: random.Random) -> list[list[tuple[str, bool]]]:
    """Per business, the source kinds it appears in (and whether each is a double inside a
    list), drawn until exactly `rows` appearances exist."""
    ks = list(range(1, len(rates.appearances) + 1))
    kinds = [k for k, _ in rates.source_weights]
    kind_w = [w for _, w in rates.source_weights]
    out: list[list[tuple[str, bool]]] = []
    total = 0
    while total < rows:
        k = rng.choices(ks, weights=rates.appearances)[0]
        apps: list[tuple[str, bool]] = []
        for kind in rng.choices(kinds, weights=kind_w, k=k):
            apps.append((kind, False))
            if rng.random() < rates.double_in_source:
                apps.append((kind, True))
        apps = apps[: rows - total]
        out.append(apps)
        total += len(apps)
    return out


def generate(
    out: Path,
    rows: int,
    seed: int = 7,
    rates: Rates | None = None,
    xlsx: bool = False,
    regencies: int | None = None,
    provinces: tuple[str, ...] = NATIONAL_PROVINCES,
) -> dict[str, object]:
    """Write a synthetic set to `out` and return its manifest (also written as JSON)."""
    rates = rates or Rates()
    rng = random.Random(seed)
    tables = load_tables()
    appearances = draw_appearances(rows, rates, rng)
    wants_nib = [0.85 if any(k == "mitra" for k, _ in a) else 0.15 for a in appearances]
    chosen = pick_regencies(regencies or default_regency_count(rows), rng, provinces)
    world = build_world(len(appearances), chosen, wants_nib, rates, rng)

    files: dict[str, SourceFile] = {}
    for b, apps in zip(world, appearances, strict=True):
        reg = b.village_code[:4]
        for kind, doubled in apps:
            if kind == "dinas":
                name = f"dinas_{slug(tables.regencies[reg].name)}"
                key = reg
            elif kind == "mitra":
                name, key = "mitra_binaan", ""
            else:
                prefix = "pendamping" if kind == "pendamping" else "penerima_bantuan"
                name, key = f"{prefix}_{slug(tables.provinces[reg[:2]].name)}", reg[:2]
            sf = files.get(name)
            if sf is None:
                sf = files[name] = _new_file(name, kind, key, rates, rng, xlsx)
            sf.members.append((b.business_id, doubled))

    src_dir = out / "sources"
    src_dir.mkdir(parents=True, exist_ok=True)
    truth_rows: list[tuple[object, ...]] = []
    manifest_files = []
    for sf in sorted(files.values(), key=lambda f: f.name):
        rng.shuffle(sf.members)
        render = _RENDERERS[sf.kind]
        helpers = [make_helper_name(rng) for _ in range(4)]
        data: list[list[str]] = []
        fname = f"{sf.name}.{'xlsx' if sf.xlsx else 'csv'}"
        for i, (bid, doubled) in enumerate(sf.members, start=1):
            b = world[bid]
            tags = ["doubled"] if doubled else []
            row = render(b, sf, rates, rng, tags, tables)
            if sf.kind == "pendamping":
                row.append(rng.choice(helpers))
            data.append([str(i), *row])
            truth_rows.append(_truth_row(fname, sf.kind, i, b, tags))
        _write(src_dir / fname, sf, data)
        header, columns = LAYOUTS[sf.kind]
        manifest_files.append(
            {
                "file": fname,
                "kind": sf.kind,
                "rows": len(data),
                "title_rows": len(sf.title_rows),
                "delimiter": sf.delimiter,
                "encoding": sf.encoding,
                "excel_damaged": sf.excel_damaged,
                "columns": columns,
            }
        )
    _write_truth(out, truth_rows)
    manifest = {
        "seed": seed,
        "rows": rows,
        "entities": len(world),
        "regencies": chosen,
        "rates": rates.as_dict(),
        "files": manifest_files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def make_helper_name(rng: random.Random) -> str:
    from bench.world import make_name

    return make_name(rng.choice(("javanese", "arabic", "sundanese")), rng.choice("LP"), rng)


def _new_file(
    name: str, kind: str, key: str, rates: Rates, rng: random.Random, xlsx: bool
) -> SourceFile:
    sf = SourceFile(name=name, kind=kind, regency=key)
    if kind in ("dinas", "bantuan"):
        # Office and aid lists pass through Excel; these are the files that get damaged.
        sf.excel_damaged = rng.random() < rates.nik_excel_file
        sf.xlsx = xlsx
        if rng.random() < rates.semicolon_file:
            sf.delimiter = ";"
        if rng.random() < rates.bom_file:
            sf.encoding = "utf-8-sig"
        if rng.random() < (rates.title_rows_file if kind == "dinas" else rates.title_rows_file / 2):
            sf.title_rows = [rng.choice(nd.TITLE_ROW_TEXTS)]
            if rng.random() < 0.6:
                tables = load_tables()
                place = tables.regencies[key] if len(key) == 4 else tables.provinces[key]
                sf.title_rows.append(f"{place.name.upper()} TAHUN {rng.randint(2020, 2024)}")
            sf.title_rows.append("")
    sf.upper = kind == "bantuan" or (kind == "dinas" and rng.random() < 0.4)
    return sf


def _truth_row(fname: str, kind: str, i: int, b: Business, tags: list[str]) -> tuple[object, ...]:
    return (
        fname,
        i,
        f"U{b.business_id:07d}",
        kind,
        f"P{b.owner.person_id:07d}",
        int(b.owner_has_two),
        int(b.owner.common_name),
        f"{b.village_code}|{b.address.key()}",
        b.village_code[:4],
        ";".join(tags),
    )


def _village_words(b: Business, rng: random.Random, r: Rates, tags: list[str]) -> tuple[str, str]:
    tables = load_tables()
    v = tables.villages[b.village_code]
    d = tables.districts[v.parent_code]  # type: ignore[index]
    label = (
        rng.choice(("Kel.", "Kelurahan"))
        if v.kind == "kelurahan"
        else rng.choice(("Desa", "Ds.", "Desa"))
    )
    village = render_place(v.name.strip(), rng, r, tags, "village")
    district = render_place(d.name.strip(), rng, r, tags, "district")
    return (f"{label} {village}" if village else ""), (f"Kec. {district}" if district else "")


def _render_dinas(b, sf, r, rng, tags, tables) -> list[str]:
    v = tables.villages[b.village_code]
    d = tables.districts[v.parent_code]
    o = b.owner
    row = [
        render_name(o.name, o.sex, rng, r, tags),
        render_nik(o.nik, rng, r, tags, sf.excel_damaged),
        render_business(b.name, rng, r, tags),
        render_street(b.address, rng, r, tags),
        render_place(d.name.strip(), rng, r, tags, "district"),
        render_place(v.name.strip(), rng, r, tags, "village"),
        render_phone(o.phone, o.phone2, rng, r, tags, sf.excel_damaged),
        _sector_text(b, rng),
    ]
    if sf.upper:
        for j in (0, 2, 3, 4, 5):
            row[j] = row[j].upper()
    return row


def _render_pendamping(b, sf, r, rng, tags, tables) -> list[str]:
    o = b.owner
    street = render_street(b.address, rng, r, tags)
    village, district = _village_words(b, rng, r, tags)
    full = ", ".join(p for p in (street, village, district) if p and p != "-")
    if full and rng.random() < r.name_case_space:
        full = case_space(full, rng)
    regency = tables.regencies[b.village_code[:4]].name.strip()
    return [
        render_name(o.name, o.sex, rng, r, tags),
        render_nik(o.nik, rng, r, tags),
        render_business(b.name, rng, r, tags),
        render_phone(o.phone, o.phone2, rng, r, tags),
        full,
        render_regency(regency, rng, r, tags),
        rng.choice(nd.SECTORS[b.sector][2]).lower(),
    ]


def _render_bantuan(b, sf, r, rng, tags, tables) -> list[str]:
    o = b.owner
    street = render_street(b.address, rng, r, tags)
    village, district = _village_words(b, rng, r, tags)
    regency = tables.regencies[b.village_code[:4]].name.strip()
    amount = rng.choice(nd.AID_AMOUNTS)
    amount_text = rng.choice((str(amount), f"{amount:,}".replace(",", "."), f"Rp {amount:,}"))
    return [
        render_name(o.name, o.sex, rng, r, tags).upper(),
        render_nik(o.nik, rng, r, tags, sf.excel_damaged),
        " ".join(p for p in (street, village, district) if p).upper(),
        render_regency(regency, rng, r, tags).upper(),
        rng.choice(nd.AID_KINDS).upper(),
        amount_text.replace(",", "."),
    ]


def _render_mitra(b, sf, r, rng, tags, tables) -> list[str]:
    o = b.owner
    street = render_street(b.address, rng, r, tags)
    village, district = _village_words(b, rng, r, tags)
    regency = tables.regencies[b.village_code[:4]].name.strip()
    nib = b.nib or rng.choice(("", "-", "dalam proses", ""))
    if b.nib and rng.random() < r.nik_missing:
        nib = ""
        tags.append("nib_missing")
    label, code = nd.SECTORS[b.sector][0], nd.SECTORS[b.sector][1]
    sector = rng.choice((code, f"{code} - {label}", label))
    return [
        render_name(o.name, o.sex, rng, r, tags),
        nib,
        render_business(b.name, rng, r, tags),
        sector,
        render_phone(o.phone, o.phone2, rng, r, tags),
        ", ".join(p for p in (street, village, district) if p and p != "-"),
        render_regency(regency, rng, r, tags),
    ]


def _sector_text(b: Business, rng: random.Random) -> str:
    label, _, products, _ = nd.SECTORS[b.sector]
    return label if rng.random() < 0.6 else rng.choice(products)


_RENDERERS = {
    "dinas": _render_dinas,
    "pendamping": _render_pendamping,
    "bantuan": _render_bantuan,
    "mitra": _render_mitra,
}


def _write(path: Path, sf: SourceFile, data: list[list[str]]) -> None:
    header = list(LAYOUTS[sf.kind][0])
    if sf.xlsx:
        _write_xlsx(path, sf, header, data)
        return
    with path.open("w", encoding=sf.encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=sf.delimiter)
        for t in sf.title_rows:
            w.writerow([t] + [""] * (len(header) - 1))
        w.writerow(header)
        w.writerows(data)


def _write_xlsx(path: Path, sf: SourceFile, header: list[str], data: list[list[str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DATA UMKM")
    for t in sf.title_rows:
        ws.append([t])
    ws.append(header)
    numeric = {header.index(h) for h in ("NIK", "No. HP", "NOMINAL") if h in header}
    for row in data:
        if sf.excel_damaged:
            # A numeric column: digits are stored as numbers, text (sci, "-") stays text.
            row = [int(c) if j in numeric and c.isdigit() else c for j, c in enumerate(row)]
        ws.append(row)
    wb.save(path)


def _write_truth(out: Path, rows: list[tuple[object, ...]]) -> None:
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TRUTH_COLUMNS)
        w.writerows(r[:3] for r in rows)
    with (out / "truth_detail.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(DETAIL_COLUMNS)
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--rates-scale", type=float, default=1.0, help="multiply corruption rates")
    p.add_argument("--xlsx", action="store_true", help="write office and aid lists as .xlsx")
    p.add_argument("--regencies", type=int, default=None, help="how many regencies to use")
    args = p.parse_args(argv)
    start = time.perf_counter()
    rates = Rates().scaled(args.rates_scale) if args.rates_scale != 1.0 else Rates()
    m = generate(args.out, args.rows, args.seed, rates, args.xlsx, args.regencies)
    print(
        f"{m['rows']:,} rows, {m['entities']:,} businesses, {len(m['files'])} files "  # type: ignore[arg-type]
        f"-> {args.out} in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
