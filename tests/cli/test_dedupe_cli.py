"""`sinergi dedupe` through `sinergi.cli.main`, on small files written by the tests.

Two lists of the same 60 people: a regency office list (csv) and a field assistant's
list (xlsx, NIK column stored as numbers, so the last digit became 0). The
model is trained once per module; every contract test reads the outputs of that run.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import polars as pl
import pytest

from sinergi.cli import main

pytest.importorskip("sinergi.linkage.prepare")

FIRST = [
    "Siti",
    "Agus",
    "Budi",
    "Dewi",
    "Rina",
    "Joko",
    "Ahmad",
    "Sri",
    "Eko",
    "Nur",
    "Dian",
    "Yanti",
    "Hendra",
    "Rudi",
    "Wati",
    "Bambang",
    "Lestari",
    "Made",
    "Wayan",
    "Putu",
]
LAST = [
    "Rahayu",
    "Santoso",
    "Wijaya",
    "Lestari",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Kurniawan",
    "Putra",
    "Sari",
    "Setiawan",
    "Handayani",
    "Pratama",
    "Susanti",
    "Gunawan",
    "Purnomo",
]
KIND = ["Warung", "Toko", "Laundry", "Bengkel", "Kedai Kopi", "Salon", "Konveksi", "Katering"]
WORD = ["Jaya", "Makmur", "Abadi", "Berkah", "Sejahtera", "Mandiri", "Sentosa", "Lancar"]
STREET = ["Jl. Merdeka", "Jl. Sudirman", "Jl. Diponegoro", "Jl. Ahmad Yani", "Gg. Melati"]
DINAS_HEADER = [
    "No",
    "Nama Pemilik",
    "NIK",
    "Nama Usaha",
    "Alamat",
    "No. HP",
    "Jenis Usaha",
    "Catatan Petugas",
]


def people(n: int = 60, seed: int = 11) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = rng.randint(1, 28)
        nik = f"320101{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}{i + 1:04d}"
        out.append(
            {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "nik": nik,
                "business": f"{rng.choice(KIND)} {rng.choice(WORD)} {rng.choice(WORD)}",
                "address": f"{rng.choice(STREET)} No. {rng.randint(1, 150)} RT 0{rng.randint(1, 9)}"
                f"/RW 0{rng.randint(1, 5)}",
                "phone": f"08{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
                "sector": rng.choice(["Kuliner", "Jasa", "Perdagangan"]),
            }
        )
    return out


FORMULA = '=HYPERLINK("http://evil.example","klik")'  # typed by someone into a note


def write_dinas_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(DINAS_HEADER)
        for i, p in enumerate(rows, 1):
            w.writerow(
                [
                    i,
                    p["name"],
                    p["nik"],
                    p["business"],
                    p["address"],
                    p["phone"],
                    p["sector"],
                    FORMULA if i == 3 else f"catatan {i}",
                ]
            )


def write_pendamping_xlsx(path: Path, rows: list[dict[str, str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Nama Pelaku Usaha", "No KTP", "Nama Usaha", "HP/WA", "Alamat Lengkap"])
    for i, p in enumerate(rows, 1):
        # Excel keeps 15 significant digits: the NIK's last digit becomes 0.
        nik_number = int(p["nik"][:15] + "0")
        name = p["name"].upper() if i % 3 == 0 else p["name"]
        ws.append([i, name, nik_number, p["business"], p["phone"], p["address"]])
    wb.save(path)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("in")
    folks = people()
    write_dinas_csv(d / "dinas.csv", folks)
    # The assistant met the first 40 people again, in another order.
    write_pendamping_xlsx(d / "pendamping.xlsx", list(reversed(folks[:40])))
    return {"csv": d / "dinas.csv", "xlsx": d / "pendamping.xlsx", "people": d}


@pytest.fixture(scope="module")
def first_run(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["dedupe", str(inputs["csv"]), str(inputs["xlsx"]), "--out", str(out),
                 "--quiet"]) == 0  # fmt: skip
    return out


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def test_it_writes_every_promised_output(first_run: Path):
    for name in ("clusters.csv", "pairs.csv", "problems.csv", "report.html", "model.json"):
        assert (first_run / name).is_file(), name


def test_clusters_csv_has_one_row_per_input_row_in_input_order(first_run: Path):
    clusters = _read(first_run / "clusters.csv")
    assert clusters.columns[:3] == ["source_file", "source_row", "cluster_id"]
    assert clusters.height == 60 + 40
    assert clusters["source_file"].to_list() == ["dinas.csv"] * 60 + ["pendamping.xlsx"] * 40
    assert clusters["source_row"].to_list() == [str(i) for i in [*range(1, 61), *range(1, 41)]]


def test_unknown_columns_are_carried_untouched(first_run: Path):
    clusters = _read(first_run / "clusters.csv")
    assert clusters["Catatan Petugas"][:2].to_list() == ["catatan 1", "catatan 2"]


def test_a_formula_in_the_input_is_written_as_text(first_run: Path):
    clusters = _read(first_run / "clusters.csv")
    assert clusters["Catatan Petugas"][2] == "'" + FORMULA


def test_the_same_business_in_both_lists_shares_a_cluster_despite_the_excel_damaged_nik(
    first_run: Path,
):
    clusters = _read(first_run / "clusters.csv")
    dinas = clusters.filter(pl.col("source_file") == "dinas.csv")["cluster_id"].to_list()
    assistant = clusters.filter(pl.col("source_file") == "pendamping.xlsx")
    # pendamping row k is person 40 - k + 1 (reversed list).
    same = [dinas[40 - int(r)] == c for r, c in assistant.select("source_row", "cluster_id").rows()]
    assert sum(same) >= 38
    # The 20 people only in the office list stay alone.
    assert len(set(dinas)) == 60


def test_pairs_csv_names_both_rows_and_each_comparison_level(first_run: Path):
    pairs = _read(first_run / "pairs.csv")
    for col in ("source_file_l", "source_row_l", "source_file_r", "source_row_r",
                "match_probability", "match_weight", "to_review", "nik", "owner_name",
                "business_name", "phone"):  # fmt: skip
        assert col in pairs.columns, col
    assert pairs.filter(pl.col("nik").str.contains("rusak")).height >= 30


def test_the_report_is_one_self_contained_file(first_run: Path):
    html = (first_run / "report.html").read_text("utf-8")
    assert "<svg" in html
    assert "http://" not in html and "https://" not in html
    assert "<script src" not in html


def test_reusing_the_model_skips_training(inputs, first_run, tmp_path, monkeypatch):
    from sinergi.linkage.model import scoring as model

    def no_training(*args, **kwargs):
        raise AssertionError("training must not run with --model")

    monkeypatch.setattr(model, "train", no_training)
    out = tmp_path / "again"
    code = main(["dedupe", str(inputs["csv"]), str(inputs["xlsx"]), "--out", str(out),
                 "--model", str(first_run / "model.json"), "--quiet"])  # fmt: skip
    assert code == 0
    assert _read(out / "clusters.csv")["cluster_id"].equals(
        _read(first_run / "clusters.csv")["cluster_id"]
    )


def test_it_prints_the_recognised_columns_unless_quiet(inputs, tmp_path, capsys):
    one = tmp_path / "one.csv"
    write_dinas_csv(one, people(30, seed=3))
    assert main(["dedupe", str(one), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "one.csv" in out and "Nama Pemilik -> owner_name" in out
    assert main(["dedupe", str(one), "--out", str(tmp_path / "q"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_broken_utf8_line_is_a_problem_not_a_failure(tmp_path):
    path = tmp_path / "rusak.csv"
    write_dinas_csv(path, people(30, seed=5))
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Jl.", b"Jl\xe9.")
    path.write_bytes(b"\n".join(lines))
    assert main(["dedupe", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    problems = _read(tmp_path / "o" / "problems.csv")
    assert problems.filter(pl.col("row") == "3").height >= 1
    assert _read(tmp_path / "o" / "clusters.csv").height == 30


def test_an_empty_file_exits_2_naming_the_file(tmp_path, capsys):
    empty = tmp_path / "kosong.csv"
    empty.write_text("")
    assert main(["dedupe", str(empty), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "kosong.csv" in err[0]


def test_a_file_without_any_identifying_column_exits_2(tmp_path, capsys):
    path = tmp_path / "angka.csv"
    path.write_text("Jumlah,Tahun\n1,2020\n2,2021\n")
    assert main(["dedupe", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "angka.csv" in capsys.readouterr().err


def test_a_model_file_that_is_not_a_model_exits_2(inputs, tmp_path, capsys):
    bad = tmp_path / "model.json"
    bad.write_text("{}")
    code = main(["dedupe", str(inputs["csv"]), "--out", str(tmp_path / "o"), "--model", str(bad)])
    assert code == 2
    assert "model.json" in capsys.readouterr().err


def test_spark_without_pyspark_exits_2_with_a_clear_message(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark -> ImportError
    code = main(["dedupe", str(inputs["csv"]), "--out", str(tmp_path / "o"), "--engine", "spark"])
    assert code == 2
    assert "pyspark" in capsys.readouterr().err
