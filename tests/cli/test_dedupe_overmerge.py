"""Rows that differ only in a number and carry different valid NIKs are different businesses.

An older engine put 40 release-test rows ("Pemilik Rilis 1".."40", "Warung Rilis 1".."40",
each with its own valid NIK, the same address) into one business: the names were nearly
equal once the number was folded away, and nothing kept two different NIKs apart.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from sinergi.cli import main


def _nik(i: int) -> str:
    # Kota Bandung, kecamatan 01; born 1 Jan 1980 + i days (women + 40 on even rows).
    day = 1 + i % 28 + (40 if i % 2 == 0 else 0)
    return f"327301{day:02d}{1 + i % 12:02d}80{i + 1:04d}"


def test_rows_differing_only_in_a_number_with_distinct_niks_stay_apart(tmp_path: Path, capsys):
    path = tmp_path / "rilis.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Nama Pemilik", "NIK", "Nama Usaha", "Alamat", "Kecamatan", "Kab/Kota"])
        for i in range(40):
            w.writerow(
                [
                    f"Pemilik Rilis {i + 1}",
                    _nik(i),
                    f"Warung Rilis {i + 1}",
                    "Jl. Asia Afrika No. 1",
                    "Sumur Bandung",
                    "Kota Bandung",
                ]
            )
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    capsys.readouterr()
    records = pl.read_csv(out / "clusters.csv", infer_schema=False)
    assert records.height == 40
    assert set(records["nik_status"]) == {"valid"}
    assert records["nik_full"].n_unique() == 40
    assert records["cluster_id"].n_unique() == 40
