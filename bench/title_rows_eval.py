"""The tuning set with the headers of its titled files rewritten in unknown wordings.

Session 5's locked run found that a header made only of wordings the header dictionary
does not know, below title rows, was not found (the first title was read as the header and
every row number of the file was off by the number of title rows). This replays that
situation on the tuning split only: the national set of a tuning seed is made as usual
(`bench.dialect_eval`), then in every file with title rows each header cell the manifest
maps to a field is renamed to a wording no dictionary entry matches (the check below
fails if one does), and `sinergi dedupe` is scored as in `bench.dialect_eval`.

    python -m bench.title_rows_eval --seed 101 [--rows 30000] [--work bench/data]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
from pathlib import Path

from bench.dialect_eval import DATA, evaluate_set, machine
from bench.dialects import check_seed, make

# Wordings for the fields of the titled (aid-list) files; none is in the dictionary.
UNKNOWN = {
    "aid_kind": "Fasilitas Diterima",
    "owner_name": "Peserta",
    "address": "Tempat Produksi",
    "regency": "Asal Daerah",
    "district": "Wilayah Kerja",
    "nik": "Identitas Kependudukan",
    "amount": "Besaran Dana",
    "phone": "Sarana Komunikasi",
    "business_name": "Sebutan Tempat",
}


def rewrite(base: Path, data: Path) -> list[str]:
    """Copy `base` to `data` with the headers of its titled CSV files renamed."""
    from sinergi.linkage.io.headers import header_cell_weight

    assert all(header_cell_weight(w) == 0 for w in UNKNOWN.values())
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(base, data)
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    changed = []
    for f in manifest["files"]:
        if not f["title_rows"] or not f["file"].endswith(".csv"):
            continue
        path = data / "sources" / f["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        k = f["title_rows"]
        end = "\r" if lines[k].endswith("\r") else ""
        header = next(csv.reader([lines[k].rstrip("\r")], delimiter=f["delimiter"]))
        rename = {h: UNKNOWN[fld] for fld, h in f["columns"].items() if fld in UNKNOWN}
        buf = io.StringIO()
        csv.writer(buf, delimiter=f["delimiter"], lineterminator="").writerow(
            [rename.get(h, h) for h in header]
        )
        lines[k] = buf.getvalue() + end
        path.write_text("\n".join(lines), encoding="utf-8", newline="")
        f["columns"] = {fld: rename.get(h, h) for fld, h in f["columns"].items()}
        changed.append(f["file"])
    (data / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--work", type=Path, default=DATA)
    args = parser.parse_args()
    check_seed(args.seed, "tuning")
    base = args.work / f"tuning-national-{args.rows}-{args.seed}"
    make(base, args.rows, args.seed, "tuning")
    data = args.work / f"tuning-national-{args.rows}-{args.seed}-unknown-headers"
    changed = rewrite(base, data)
    result = {"machine": machine(), "files rewritten": changed, **evaluate_set(data, False)}
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
