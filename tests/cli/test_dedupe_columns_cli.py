"""`sinergi dedupe` on files nobody here made: headers that lie, values that do not.

Each case is general behaviour through the command: a `Nama` column of shop names is the
business name, `Nama Mitra` beside `Pemilik` are the business and its owner, and the
command says per column what it chose, how sure and why (stdout and report.html).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import polars as pl

from sinergi.cli import main

SHOP = ["Warung", "Toko", "Kios", "Depot", "Pabrik", "Kedai", "Bengkel", "Salon", "UD", "CV"]
WHAT = ["Sembako", "Tahu", "Keripik", "Kue", "Batik", "Tempe", "Bakso", "Kopi", "Jamu", "Madu"]
WHO = ["Rendy", "Siti", "Ani", "Budi", "Joko", "Dewi", "Rina", "Agus", "Wati", "Eko", "Sri"]
LAST = ["Santoso", "Rahayu", "Wijaya", "Lestari", "Saputra", "Hidayat", "Nugroho", "Putra"]


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _nik(rng: random.Random, woman: bool) -> str:
    day = rng.randint(1, 28) + (40 if woman else 0)
    return (
        f"327301{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 999):04d}"
    )


def test_a_nama_column_of_shop_names_is_read_as_the_business_name(tmp_path, capsys):
    rng = random.Random(7)
    rows = []
    for i in range(60):
        name = f"{rng.choice(SHOP)} {rng.choice(WHAT)} {rng.choice(WHO)} {i}"
        rows.append(
            [name, "Perdagangan", "Kota Bandung", "Kuliner", f"-6.9{i:02d}", f"107.6{i:02d}"]
        )
    path = _write(
        tmp_path / "umkm_kota.csv",
        ["Nama", "Kegiatan", "Kecamatan", "Kategori", "lat", "lng"],
        rows,
        delimiter=";",
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Nama -> business_name (yakin/sure" in printed
    assert "of values begin with a shop word" in printed
    assert "Kecamatan -> regency" in printed
    assert "lat -> latitude" in printed and "lng -> longitude" in printed
    assert "-> owner_name" not in printed
    html = (out / "report.html").read_text("utf-8")
    assert "Dibaca sebagai / read as" in html
    assert "nilai diawali kata usaha" in html
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    assert records["business_name"].to_list()[:1] == [rows[0][0]]


def test_nama_mitra_and_pemilik_are_business_and_owner_and_a_double_is_flagged(tmp_path, capsys):
    rng = random.Random(11)
    rows = []
    for i in range(40):
        owner = f"{rng.choice(WHO)} {rng.choice(LAST)} {chr(65 + i % 26)}{i}"
        business = f"{rng.choice(SHOP)} {rng.choice(WHAT)} {i}"
        phone = f"0812{rng.randint(10_000_000, 99_999_999)}"
        rows.append(
            [business, owner, _nik(rng, i % 2 == 0), phone, f"Jl. Mawar No. {i}", "Kota Bandung"]
        )
    twin = list(rows[5])
    # The same owner (NIK, phone, name) entered again under another business wording.
    twin[0] = "Usaha " + twin[0].split()[1].upper()
    rows.append(twin)
    path = _write(
        tmp_path / "mitra.csv",
        ["No", "Nama Mitra", "Pemilik", "NIK", "No HP", "Alamat", "Kab/Kota"],
        [[str(i + 1), *r] for i, r in enumerate(rows)],
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Nama Mitra -> business_name" in printed
    assert "Pemilik -> owner_name" in printed
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    by_row = dict(
        zip(records["source_row"].to_list(), records["cluster_id"].to_list(), strict=True)
    )
    assert by_row["6"] == by_row[str(len(rows))]


def test_the_map_argument_shown_for_a_close_call_switches_it(tmp_path, capsys):
    names = ["Toko Siti", "Warung Bu Ani", "Budi", "Agus Salim", "Rina"] * 3
    rows = [[n, f"08123456789{i:02d}"] for i, n in enumerate(names)]
    path = _write(tmp_path / "campur.csv", ["Nama", "HP"], rows)
    assert main(["dedupe", str(path), "--out", str(tmp_path / "a")]) == 0
    printed = capsys.readouterr().out
    assert "Nama -> business_name" in printed
    assert "close call" in printed and '--map "Nama=owner_name"' in printed
    assert (
        main(["dedupe", str(path), "--out", str(tmp_path / "b"), "--map", "Nama=owner_name"]) == 0
    )
    assert "Nama -> owner_name (--map)" in capsys.readouterr().out


def test_a_stray_nul_byte_is_a_problem_in_its_cell_not_a_refused_file(tmp_path, capsys):
    rng = random.Random(3)
    lines = ["Nama Pemilik,NIK,No HP,Alamat"]
    for i in range(30):
        lines.append(
            f"{rng.choice(WHO)} {rng.choice(LAST)},{_nik(rng, i % 2 == 1)},"
            f"0812{rng.randint(10_000_000, 99_999_999)},Jl. Melati No. {i}"
        )
    data = ("\n".join(lines) + "\n").encode("utf-8")
    cut = data.index(b"Jl. Melati No. 7")
    path = tmp_path / "nul.csv"
    path.write_bytes(data[:cut] + b"Jl. Mel\x00ati No. 7" + data[cut + len(b"Jl. Melati No. 7") :])
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    problems = pl.read_csv(out / "problems.csv", infer_schema=False)
    nul = problems.filter(pl.col("code") == "NUL_BYTE")
    assert nul.select("file", "row", "column").rows() == [("nul.csv", "8", "Alamat")]
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    assert records.height == 30
    assert records["address"][7] == "Jl. Mel\x00ati No. 7"
