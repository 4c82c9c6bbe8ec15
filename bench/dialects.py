"""Dialects: the same true lists written the way other offices write them.

    python -m bench.dialects --rows 30000 --seed 101 --split tuning --out bench/data/d-101

`bench.generate` writes one dialect: its own headers, column orders and habits, which the
engine was tuned on. This module rewrites a generated set (`generate` first, into
OUT/base) into another dialect drawn at random per file, keeping the ground truth:

- headers: every field's wording drawn from a pool of at least 8 wordings (`HEADERS`);
- column order: shuffled (the row-number column first or not, or dropped);
- mixed cells: the owner inside the business name ("Toko Jaya (Siti Aminah)",
  "TOKO JAYA <SITI AMINAH>") with no owner column; the owner's name and phone in one
  cell ("Siti Aminah / 0812...") with no phone column; a point as "lat,lng" in one cell or
  as two columns (kecamatan centroid + the business's own offset + GPS jitter);
- habits: a whole file in upper case; owner names abbreviated ("Siti A.", "S. Aminah");
  one-word owner names ("SITI"); the business name written in the owner column; exact
  copies of rows (a row pasted twice). Excel-damaged NIKs and aid lists without business
  names come from `bench.generate` itself.

TUNING and LOCKED: every pool is split in two disjoint halves, and seeds too
(`TUNING_SEEDS`, `LOCKED_SEEDS`); the pools and the later locked draws live in
`bench.dialect_pools`. Tuning runs (`bench.dialect_eval`) may only use the
tuning half; the locked half is read by `bench.locked_eval`, run once at the end.

Invariants: same base set, seed and split -> same bytes; every output row has one truth
row (source_file, source_row, entity_id), copies included; the manifest says which
header holds which field (for the baselines).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import zlib
from functools import cache
from pathlib import Path

from bench.dialect_pools import (  # noqa: F401  (re-exported: the pools' old home)
    FRESH2_HEADERS,
    FRESH2_SEEDS,
    FRESH3_HEADERS,
    FRESH3_SEEDS,
    FRESH4_HEADERS,
    FRESH4_SEEDS,
    FRESH_HEADERS,
    FRESH_SEEDS,
    HEADERS,
    LOCKED_SEEDS,
    SPLITS,
    TUNING_SEEDS,
    check_seed,
    wordings,
)

# How often each habit happens: per file unless the name ends in _cell / _row.
HABITS = {
    "upper_file": 0.3,
    "no_column_dropped_file": 0.2,
    "owner_in_business_file": 0.15,
    "name_phone_file": 0.12,
    "coordinates_file": 0.25,
    "abbrev_file": 0.4,
    "abbrev_cell": 0.12,
    "one_word_cell": 0.06,
    "business_as_owner_cell": 0.04,
    "copy_row": 0.02,
}


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "batas_wilayah"
    path = path / "kecamatan_centroid.csv"
    if not path.exists():  # a worktree one level deeper
        path = Path("/work/shared/data/batas_wilayah/kecamatan_centroid.csv")
    out: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["kode_digits"]] = (float(r["lat"]), float(r["lng"]))
    return out


def entity_point(entity: str, village: str) -> tuple[float, float] | None:
    """The business's own spot: its kecamatan's centroid + a fixed offset (< ~1.5 km)."""
    base = _centroids().get(village[:6])
    if base is None:
        return None
    h = zlib.crc32(entity.encode())
    dy = ((h & 0xFFFF) / 0xFFFF - 0.5) * 0.02
    dx = (((h >> 16) & 0xFFFF) / 0xFFFF - 0.5) * 0.02
    return base[0] + dy, base[1] + dx


def _abbrev(name: str, rng: random.Random) -> str:
    parts = name.split()
    if len(parts) < 2:
        return name
    if rng.random() < 0.5:
        return " ".join([*parts[:-1], parts[-1][0] + "."])
    return " ".join([parts[0][0] + ".", *parts[1:]])


_TITLES = {"h.", "hj.", "hj", "h", "ir.", "dr.", "drs.", "bu", "ibu", "pak", "bapak", "haji"}


def _one_word(name: str) -> str:
    parts = [p for p in name.split() if p.lower().strip(",") not in _TITLES]
    return parts[0].strip(",") if parts else name


def _read(base: Path, f: dict) -> tuple[list[list[str]], list[str], list[list[str]]]:
    with (base / "sources" / f["file"]).open(encoding=f["encoding"], newline="") as fh:
        lines = list(csv.reader(fh, delimiter=f["delimiter"]))
    t = f["title_rows"]
    return lines[:t], lines[t], lines[t + 1 :]


def rewrite(base: Path, out: Path, seed: int, split: str) -> dict[str, object]:
    """Rewrite the set in `base` (written by bench.generate, CSV) into `out` (module doc)."""
    rng = random.Random(seed * 7919 + SPLITS.index(split))
    manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    truth = {}
    with (base / "truth_detail.csv").open(encoding="utf-8", newline="") as fh:
        detail_rows = list(csv.reader(fh))
    detail_header = detail_rows[0]
    for r in detail_rows[1:]:
        truth[(r[0], int(r[1]))] = r
    src = out / "sources"
    if out.exists():
        shutil.rmtree(out)
    src.mkdir(parents=True)
    files_out = []
    detail_out: list[list[str]] = []
    for f in manifest["files"]:
        titles, header, body = _read(base, f)
        field_of = {h: fld for fld, h in f["columns"].items()}
        result = _rewrite_file(f, titles, header, body, field_of, truth, rng, split)
        out_header, out_rows, columns, habits, origin, row_tags = result
        with (src / f["file"]).open("w", encoding=f["encoding"], newline="") as fh:
            w = csv.writer(fh, delimiter=f["delimiter"])
            for t in titles:
                w.writerow([t[0] if t else ""] + [""] * (len(out_header) - 1))
            w.writerow(out_header)
            w.writerows(out_rows)
        for i, (orig, extra_tags) in enumerate(zip(origin, row_tags, strict=True), start=1):
            row = list(truth[(f["file"], orig)])
            row[1] = str(i)
            row[9] = ";".join(t for t in [*row[9].split(";"), *extra_tags] if t)
            detail_out.append(row)
        files_out.append({**f, "rows": len(out_rows), "columns": columns, "habits": habits})
    with (out / "truth_detail.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(detail_header)
        w.writerows(detail_out)
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(detail_header[:3])
        w.writerows(r[:3] for r in detail_out)
    new_manifest = {
        **manifest,
        "rows": len(detail_out),
        "dialect": {"seed": seed, "split": split, "habits": HABITS},
        "files": files_out,
    }
    (out / "manifest.json").write_text(json.dumps(new_manifest, indent=1), encoding="utf-8")
    return new_manifest


def _rewrite_file(f, titles, header, body, field_of, truth, rng, split):  # noqa: C901
    habits = {k: rng.random() < p for k, p in HABITS.items() if k.endswith("_file")}
    idx = {field_of.get(h, "no" if h.lower().startswith("no") and j == 0 else None): j
           for j, h in enumerate(header)}  # fmt: skip
    idx.pop(None, None)
    extra = [j for j, h in enumerate(header) if h not in field_of and j != idx.get("no")]
    has = set(idx)
    owner_in_business = habits["owner_in_business_file"] and {"owner_name", "business_name"} <= has
    name_phone = habits["name_phone_file"] and {"owner_name", "phone"} <= has
    coords = habits["coordinates_file"]
    one_cell_point = coords and rng.random() < 0.5

    # Output columns: (header, field or None, getter).
    cols: list[tuple[str, str | None]] = []
    for fld in idx:
        if fld == "no" and habits["no_column_dropped_file"]:
            continue
        if fld == "owner_name" and owner_in_business:
            continue
        if fld == "phone" and name_phone:
            continue
        cols.append((fld, fld))
    for j in extra:
        cols.append(("helper", f"extra:{j}"))
    if coords:
        cols += (
            [("coordinates", "coordinates")] if one_cell_point else [("lat", "lat"), ("lng", "lng")]
        )
    first = [c for c in cols if c[0] == "no"]
    rest = [c for c in cols if c[0] != "no"]
    rng.shuffle(rest)
    cols = first + rest if rng.random() < 0.7 else rest + first

    names: list[str] = []
    columns: dict[str, str] = {}
    lat_lng = rng.choice(wordings("latlng", split)).split("|")
    for kind, fld in cols:
        if kind in ("lat", "lng"):
            h = lat_lng[0] if kind == "lat" else lat_lng[1]
        else:
            h = rng.choice(wordings(kind, split))
        if kind == "owner_name" and name_phone:
            h = f"{h} / {rng.choice(wordings('phone', split))}"
        if kind == "business_name" and owner_in_business and rng.random() < 0.5:
            h = f"{h} ({rng.choice(wordings('owner_name', split))})"
        if habits["upper_file"]:
            h = h.upper()
        while h in names:
            h += "_2"
        names.append(h)
        if kind in ("lat", "lng"):
            columns["latitude" if kind == "lat" else "longitude"] = h
        elif kind not in ("no", "helper"):
            columns[str(fld)] = h

    rows: list[list[str]] = []
    origin: list[int] = []
    row_tags: list[list[str]] = []
    file_tags = [
        f"d_{k.removesuffix('_file')}" for k in ("owner_in_business_file",) if owner_in_business
    ]
    file_tags += ["d_name_phone"] if name_phone else []
    file_tags += ["d_upper"] if habits["upper_file"] else []
    bracket = rng.choice(("({})", "<{}>", "- {}", "/ {}"))
    joiner = rng.choice((" / ", " - HP ", " (", ", "))
    for i, cells in enumerate(body, start=1):
        detail = truth[(f["file"], i)]
        entity, village = detail[2], detail[7].split("|")[0]
        get = {fld: cells[j] for fld, j in idx.items()}
        owner = get.get("owner_name", "")
        tags = list(file_tags)
        if owner and habits["abbrev_file"] and rng.random() < HABITS["abbrev_cell"]:
            owner = _abbrev(owner, rng)
            tags.append("d_abbrev")
        if owner and rng.random() < HABITS["one_word_cell"]:
            owner = _one_word(owner)
            tags.append("d_one_word")
        if get.get("business_name") and rng.random() < HABITS["business_as_owner_cell"]:
            owner = get["business_name"]
            tags.append("d_business_as_owner")
        out: list[str] = []
        for kind, fld in cols:
            if kind in ("lat", "lng", "coordinates"):
                pt = entity_point(entity, village)
                if pt is None:
                    out.append("")
                    continue
                lat = pt[0] + rng.uniform(-2e-4, 2e-4)
                lng = pt[1] + rng.uniform(-2e-4, 2e-4)
                if kind == "coordinates":
                    out.append(f"{lat:.6f},{lng:.6f}")
                else:
                    out.append(f"{lat:.6f}" if kind == "lat" else f"{lng:.6f}")
                continue
            if fld and fld.startswith("extra:"):
                out.append(cells[int(fld.split(":")[1])])
                continue
            value = get.get(fld, "")
            if fld == "owner_name":
                value = owner
                if name_phone and get.get("phone"):
                    tail = ")" if joiner == " (" else ""
                    value = f"{owner}{joiner}{get['phone']}{tail}" if owner else get["phone"]
            elif fld == "business_name" and owner_in_business and owner:
                value = f"{value} {bracket.format(owner)}".strip() if value else owner
            out.append(value)
        if habits["upper_file"]:
            out = [c.upper() for c in out]
        rows.append(out)
        origin.append(i)
        row_tags.append(tags)
        if rng.random() < HABITS["copy_row"]:
            rows.append(list(out))
            origin.append(i)
            row_tags.append([*tags, "d_copy"])
    used = {k: v for k, v in habits.items() if v}
    used["one_cell_point"] = one_cell_point
    return names, rows, columns, sorted(k for k, v in used.items() if v), origin, row_tags


def make(out: Path, rows: int, seed: int, split: str, regencies: int | None = None) -> dict:
    """Generate a base set (bench.generate, same seed) and rewrite it into `out`."""
    from bench.generate import generate

    check_seed(seed, split)
    base = out.parent / f"{out.name}.base"
    if not (base / "manifest.json").exists():
        generate(base, rows, seed=seed, regencies=regencies)
    return rewrite(base, out, seed, split)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.dialects", description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=30_000)
    p.add_argument("--seed", type=int, default=101)
    p.add_argument("--split", choices=SPLITS, default="tuning")
    p.add_argument("--regencies", type=int, default=None)
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    m = make(a.out, a.rows, a.seed, a.split, a.regencies)
    print(f"{m['rows']:,} rows, {len(m['files'])} files -> {a.out}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# --- aid lists (sinergi screen) -------------------------------------------------------------

AID_FIELDS = {
    "NO": "no",
    "NAMA": "owner_name",
    "NIK": "nik",
    "ALAMAT": "address",
    "KAB/KOTA": "regency",
    "JENIS BANTUAN": "aid_kind",
    "NOMINAL": "amount",
}


def rewrite_aid(base: Path, out: Path, seed: int, split: str) -> None:
    """Rewrite a `bench.generate_aid` set's proposed and received lists into a dialect.

    Headers from the split's pools, columns shuffled, some files upper case, some owner
    names abbreviated. Rows keep their order and number, so expected.csv and rows.csv
    (copied unchanged) still say what a perfect screen reports; exclusion lists and the
    received list's payment date column keep their headers.
    """
    rng = random.Random(seed * 7919 + 17 + SPLITS.index(split))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out)
    for sub in ("proposed", "received"):
        for path in sorted((out / sub).glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                lines = list(csv.reader(fh))
            header, body = lines[0], lines[1:]
            order = list(range(len(header)))
            rng.shuffle(order)
            upper = rng.random() < 0.5
            abbrev = rng.random() < HABITS["abbrev_file"]
            names = []
            for j in order:
                fld = AID_FIELDS.get(header[j])
                h = rng.choice(wordings(fld, split)) if fld else header[j]
                h = h.upper() if upper else h
                while h in names:
                    h += "_2"
                names.append(h)
            name_col = header.index("NAMA") if "NAMA" in header else None
            rows = []
            for cells in body:
                if name_col is not None and abbrev and rng.random() < HABITS["abbrev_cell"]:
                    cells = list(cells)
                    cells[name_col] = _abbrev(cells[name_col], rng)
                row = [cells[j] for j in order]
                rows.append([c.upper() for c in row] if upper else row)
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(names)
                w.writerows(rows)
