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


def _owner_in_business_rows(rng: random.Random, n: int, bracket: str) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        owner = f"{rng.choice(WHO)} {rng.choice(LAST)}"
        business = f"{rng.choice(SHOP)} {rng.choice(WHAT)} {chr(65 + i % 26)}{i}"
        rows.append(
            {
                "business": business,
                "owner": owner,
                "cell": f"{business} {bracket.format(owner)}",
                "nik": _nik(rng, i % 2 == 0),
                "phone": f"0812{rng.randint(10_000_000, 99_999_999)}",
                "address": f"Jl. Kenanga No. {i} RT 00{i % 9 + 1}/RW 002",
            }
        )
    return rows


def test_a_header_naming_business_and_owner_is_one_column_whose_owner_is_split_out(
    tmp_path, capsys
):
    """`MEREK USAHA (NAMA LENGKAP PEMILIK)`, `Usaha / Pemilik`, `Nama Toko & Pemilik`: a header
    that names two things is a business column holding the owner too; each cell is split,
    and its rows link to another list that has the owner in a column of its own."""
    for header, bracket in (
        ("MEREK USAHA (NAMA LENGKAP PEMILIK)", "({})"),
        ("Usaha / Pemilik", "- {}"),
        ("Nama Toko & Pemilik", "<{}>"),
    ):
        rng = random.Random(hash(header) % 1000)
        rows = _owner_in_business_rows(rng, 40, bracket)
        a = _write(
            tmp_path / "gabung.csv",
            ["No", header, "No HP", "Alamat"],
            [[str(i + 1), r["cell"], r["phone"], r["address"]] for i, r in enumerate(rows)],
        )
        b = _write(
            tmp_path / "pemilik.csv",
            ["Nama Pemilik", "Nama Usaha", "HP", "Alamat"],
            [[r["owner"], r["business"], r["phone"], r["address"]] for r in rows],
        )
        out = tmp_path / f"out-{rng.random()}"
        assert main(["dedupe", str(a), str(b), "--out", str(out)]) == 0
        printed = capsys.readouterr().out
        assert f"{header} -> business_name" in printed
        assert "names two things" in printed
        records = pl.read_csv(out / "clusters.csv", infer_schema=False)
        mine = records.filter(pl.col("source_file") == "gabung.csv")
        assert mine["name_clean"].to_list()[:3] == [r["owner"].lower() for r in rows[:3]]
        by_key = dict(
            zip(
                zip(records["source_file"], records["source_row"], strict=True),
                records["cluster_id"],
                strict=True,
            )
        )
        linked = sum(
            by_key[("gabung.csv", str(i + 1))] == by_key[("pemilik.csv", str(i + 1))]
            for i in range(len(rows))
        )
        assert linked == len(rows), header


def test_a_column_whose_values_hold_shop_and_owner_is_read_as_the_business_with_its_owner(
    tmp_path, capsys
):
    """The header says the owner ("Pemilik"), the values say "Toko Jaya (Siti)": the column is
    the business name with the owner inside; a cell naming only a person is the owner."""
    rng = random.Random(5)
    rows = _owner_in_business_rows(rng, 30, "({})")
    cells = [r["cell"] for r in rows]
    cells[3] = rows[3]["owner"]  # the business was not written down on this row
    path = _write(
        tmp_path / "campur.csv",
        ["Pemilik", "NIK", "Alamat"],
        [[c, r["nik"], r["address"]] for c, r in zip(cells, rows, strict=True)],
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Pemilik -> business_name" in printed
    assert "hold a business name with its owner's name" in printed
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    assert records["name_clean"][0] == rows[0]["owner"].lower()
    assert records["name_clean"][3] == rows[3]["owner"].lower()
    assert records["business_clean"][3] is None


def test_a_qualified_region_header_and_a_point_in_x_and_y_columns_are_read(tmp_path, capsys):
    # "KEC. LOKASI USAHA" is the kecamatan (the level named first), "KAB/KOTA DOMISILI"
    # the regency; "TITIK X"/"TITIK Y" are longitude and latitude, confirmed by the values.
    rng = random.Random(5)
    rows = []
    for i in range(40):
        owner = f"{rng.choice(WHO)} {rng.choice(LAST)}"
        rows.append(
            [
                f"{rng.choice(SHOP)} {rng.choice(WHAT)} {i}",
                owner,
                "Coblong",
                "Kota Bandung",
                f"107.61{i:02d}",
                f"-6.89{i:02d}",
            ]
        )
    path = _write(
        tmp_path / "umkm_titik.csv",
        ["Nama Usaha", "Pemilik", "KEC. LOKASI USAHA", "KAB/KOTA DOMISILI", "TITIK X", "TITIK Y"],
        rows,
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "KEC. LOKASI USAHA -> district" in printed
    assert "KAB/KOTA DOMISILI -> regency" in printed
    assert "TITIK X -> longitude" in printed and "TITIK Y -> latitude" in printed
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    assert set(records["regency_code"].to_list()) == {"3273"}
    assert set(records["district_code"].to_list()) == {"327302"}


def test_a_brand_column_a_street_with_rt_rw_and_a_point_under_a_place_header_are_read(
    tmp_path, capsys
):
    # "Merk Produk" holds shop names (all different): the business name. "Jln/RT/RW" holds
    # streets with their RT/RW: the address. "Lokasi Peta" holds points: the coordinates.
    # One owner's two shops (same NIK, same home) stay two businesses.
    rng = random.Random(11)
    rows = []
    for i in range(40):
        owner = f"{rng.choice(WHO)} {rng.choice(LAST)} {chr(65 + i % 26)}"
        nik = _nik(rng, woman=False)
        street = f"Jl. {rng.choice(LAST)} No. {i + 1} RT {i % 9 + 1:03d}/RW {i % 5 + 1:03d}"
        point = f"-6.89{i:02d}, 107.61{i:02d}"
        rows.append([owner, nik, f"{SHOP[i % 10]} {WHAT[i % 10]} {LAST[i % 8]} {i}", street, point])
    owner, nik, _, street, point = rows[0]
    rows.append([owner, nik, f"Salon {WHO[3]} Cantik", street, point])
    path = _write(
        tmp_path / "binaan.csv",
        ["Nama Pemilik", "NIK", "Merk Produk", "Jln/RT/RW", "Lokasi Peta"],
        rows,
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Merk Produk -> business_name" in printed
    assert "Jln/RT/RW -> address" in printed
    assert "Lokasi Peta -> coordinates" in printed
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    first = records.filter(pl.col("source_row").is_in(["1", "41"]))
    assert first["rt"].to_list() == ["1", "1"] and first["street"].null_count() == 0
    assert first["cluster_id"].n_unique() == 2
    assert records["lat"].null_count() == 0


def test_a_column_of_names_with_phones_under_an_unknown_header_is_the_owner_and_its_phone(
    tmp_path, capsys
):
    rng = random.Random(13)
    rows = []
    for i in range(30):
        owner = f"{rng.choice(WHO)} {rng.choice(LAST)}"
        phone = f"0812{rng.randint(1000000, 9999999)}"
        rows.append([f"{SHOP[i % 10]} {WHAT[i % 10]} {i}", f"{owner} / {phone}", "Coblong"])
    rows.append(list(rows[0]))
    rows[-1][0] = rows[-1][0].upper()
    path = _write(tmp_path / "kontak.csv", ["Nama Usaha", "Kontak Usaha", "Kecamatan"], rows)
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Kontak Usaha -> owner_name" in printed
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    first = records.filter(pl.col("source_row") == "1").row(0, named=True)
    assert first["name_clean"] == rows[0][1].split(" / ")[0].lower()
    assert first["phone_e164"] == "+62" + rows[0][1].split(" / ")[1][1:]
    twins = records.filter(pl.col("source_row").is_in(["1", "31"]))
    assert twins["cluster_id"].n_unique() == 1
