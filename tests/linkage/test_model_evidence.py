"""Evidence the model weighs (issue 10, item 6), through the real `sinergi dedupe` command.

A synthetic background (bench.generate) gives the model something to train on; a few
rows written the way other offices write them are added and must land where a person
would put them:
- a one-word owner ("SITI") at the same street, house number and RT/RW in the same
  kecamatan as a full-name row links to it; the same one word on another street does not;
- a shop name written in the owner column of one list links to that shop in another;
- a NIK whose last digit Excel turned to 0 links to the intact NIK when the phone agrees.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from bench.generate import generate
from bench.quality import source_paths
from sinergi.cli import main

OFFICE = ["Nama Pemilik", "NIK", "Nama Usaha", "Alamat", "Kecamatan", "Kabupaten", "No. HP"]
AID = ["NAMA", "NIK", "ALAMAT", "KECAMATAN", "KAB/KOTA"]

OFFICE_ROWS = [
    # 1: the full-name row
    ["Siti Aminah", "", "Warung Makan Berkah", "Jl. Merdeka No. 5 RT 002/RW 003",
     "Sungailiat", "Kab. Bangka", ""],
    # 2: a shop with its owner
    ["Dedi Kurniawan", "", "Kedai Setia Kawan", "Jl. Sudirman No. 12", "Sungailiat",
     "Kab. Bangka", ""],
    # 3: an intact NIK
    ["Rina Marlina", "1901015507850013", "Toko Rina Jaya", "Jl. Kenanga No. 3", "Sungailiat",
     "Kab. Bangka", "081234500011"],
]  # fmt: skip
AID_ROWS = [
    # 1: one word, same street, number and RT/RW in the same kecamatan
    ["SITI", "", "JL MERDEKA NO 5 RT 02 RW 03", "SUNGAILIAT", "KAB BANGKA"],
    # 2: the same one word on another street
    ["SITI", "", "JL MELATI NO 9 RT 04 RW 01", "SUNGAILIAT", "KAB BANGKA"],
]
MITRA = ["Nama Mitra", "Nama Perusahaan", "No Telp", "Alamat", "Kab/Kota"]
MITRA_ROWS = [
    # 2: the shop's name typed in the owner column
    ["Kedai Setia Kawan", "", "", "Jl. Sudirman No. 12, Kec. Sungailiat", "Kab. Bangka"],
    # 3: the same NIK holder through Excel: NIK given below in the office copy
]
EXCEL_ROWS = [["RINA MARLINA", "1901015507850010", "TOKO RINA JAYA", "", "", "", "81234500011"]]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def clusters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], str]:
    root = tmp_path_factory.mktemp("evidence")
    generate(root / "bg", 1500, seed=31)
    files = [str(p) for p in source_paths(root / "bg")]
    files += [
        str(_write(root / "kantor.csv", OFFICE, OFFICE_ROWS)),
        str(_write(root / "bantuan.csv", AID, AID_ROWS)),
        str(_write(root / "mitra.csv", MITRA, MITRA_ROWS)),
        str(_write(root / "excel.csv", OFFICE, EXCEL_ROWS)),
    ]
    out = root / "out"
    assert main(["dedupe", *files, "--out", str(out), "--quiet"]) == 0
    got = pl.read_csv(out / "clusters.csv", infer_schema=False)
    return {
        (f, int(r)): c
        for f, r, c in got.select("source_file", "source_row", "cluster_id").iter_rows()
    }


@pytest.mark.slow
def test_a_one_word_owner_at_the_same_street_number_and_rt_rw_links_to_the_full_name(clusters):
    assert clusters[("bantuan.csv", 1)] == clusters[("kantor.csv", 1)]


@pytest.mark.slow
def test_the_same_one_word_on_another_street_stays_apart(clusters):
    assert clusters[("bantuan.csv", 2)] != clusters[("kantor.csv", 1)]


@pytest.mark.slow
def test_a_shop_name_in_the_owner_column_links_to_that_shop(clusters):
    assert clusters[("mitra.csv", 1)] == clusters[("kantor.csv", 2)]


@pytest.mark.slow
def test_a_nik_damaged_by_excel_with_the_same_phone_links_to_the_intact_nik(clusters):
    assert clusters[("excel.csv", 1)] == clusters[("kantor.csv", 3)]
