# ruff: noqa: E501 - one list row per line reads better than wrapped cells
"""Small aid lists shared by the screening tests (pipeline and CLI), and their own test.

Each list is a few rows written the way offices write them. The story, by row:

usulan_a.csv (BPUM-style, person-based)
  1 Siti Aminah                      kept: the first of her duplicates
  2 Budi Santoso                     kept: the first of his duplicates
  3 Hj. Siti Aminah, same NIK        DUPLICATE_IN_LIST of a:1 (title, spacing)
  4 Wayan Sudarta                    ALREADY_RECEIVED (paid in 2021, in the period)
  5 Agus Salim                       EXCLUDED_ASN (same NIK on the ASN list); NIK_SHARED
  6 Dewi Lestari, no NIK             NIK_MISSING
  7 Rina Wati, 1234567890123456      NIK_INVALID (impossible birth date)
  8 Joko Widodo with Agus's NIK      NIK_SHARED; EXCLUDED_ASN (the NIK is on the list)
  9 Siti Aminah, another aid kind    clean with --per-kind; DUPLICATE_IN_LIST with --any-kind
 10 Ani Yulianti                     clean
usulan_b.csv
  1 Budi Santoso, NIK in scientific notation  NIK_DAMAGED and DUPLICATE_IN_LIST of a:2
  2 Eko Prasetyo                     EXCLUDED_DECEASED; his 2019 payment is outside the period
  3 Made Wirawan                     paid in 2021 for another kind: clean unless --any-kind
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["NO", "NAMA", "NIK", "ALAMAT", "KAB/KOTA", "JENIS BANTUAN", "NOMINAL"]
USULAN_A = [
    ["1", "SITI AMINAH", "3271024501900003", "JL MELATI NO 5 RT 002/RW 003", "KOTA BOGOR", "BPUM", "2400000"],
    ["2", "BUDI SANTOSO", "3201011203850002", "JL MAWAR NO 7", "KAB. BOGOR", "BPUM", "2.400.000"],
    ["3", "HJ. SITI  AMINAH", "'3271024501900003", "JL. MELATI 5 RT 2 RW 3", "KOTA BOGOR", "BPUM", "2400000"],
    ["4", "WAYAN SUDARTA", "5103010101700005", "BR TENGAH", "KAB. BADUNG", "BPUM", "2400000"],
    ["5", "AGUS SALIM", "3271011505800001", "JL KENANGA 1", "KOTA BOGOR", "BPUM", "2400000"],
    ["6", "DEWI LESTARI", "-", "JL ANGGREK 9", "KOTA BOGOR", "BPUM", "2400000"],
    ["7", "RINA WATI", "1234567890123456", "JL DAHLIA 2", "KOTA BOGOR", "BPUM", "2400000"],
    ["8", "JOKO WIDODO", "3271011505800001", "JL CEMPAKA 3", "KOTA BOGOR", "BPUM", "2400000"],
    ["9", "SITI AMINAH", "3271024501900003", "JL MELATI NO 5", "KOTA BOGOR", "Hibah Alat Usaha", "1000000"],
    ["10", "ANI YULIANTI", "3271016606850007", "JL SEROJA 4", "KOTA BOGOR", "BPUM", "Rp 2.400.000"],
]  # fmt: skip
USULAN_B = [
    ["1", "Budi Santoso", "3.20101E+15", "Jl. Mawar No. 7", "Kab. Bogor", "BPUM", "2400000"],
    ["2", "Eko Prasetyo", "3201012208900004", "Jl Flamboyan 4", "Kab. Bogor", "BPUM", "2400000"],
    ["3", "Made Wirawan", "5103012304880001", "Br Kaja", "Kab. Badung", "BPUM", "2400000"],
]  # fmt: skip
RECEIVED = [
    ["NAMA", "NIK", "ALAMAT", "KAB/KOTA", "JENIS BANTUAN", "NOMINAL", "TANGGAL CAIR"],
    ["WAYAN SUDARTA", "5103010101700005", "BR TENGAH", "BADUNG", "BPUM", "2400000", "2021-08-14"],
    ["EKO PRASETYO", "3201012208900004", "JL FLAMBOYAN 4", "KAB BOGOR", "BPUM", "2400000", "01/05/2019"],
    ["MADE WIRAWAN", "5103012304880001", "BR KAJA", "BADUNG", "Hibah Alat Usaha", "1000000", "Maret 2021"],
]  # fmt: skip
ASN = [
    ["NIP", "NAMA", "NIK", "INSTANSI"],
    ["198005152005011001", "AGUS SALIM, S.E.", "3271011505800001", "DINAS PU"],
]
DECEASED = [
    ["NIK", "NAMA", "TANGGAL MENINGGAL"],
    ["3201012208900004", "EKO PRASETYO", "01-02-2021"],
]
PERIOD = ("2021-01-01", "2021-12-31")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Write every list of the story into `folder`; return their paths by name."""
    return {
        "a": write_csv(folder / "usulan_a.csv", [HEADER, *USULAN_A]),
        "b": write_csv(folder / "usulan_b.csv", [HEADER, *USULAN_B]),
        "received": write_csv(folder / "bpum_2021.csv", RECEIVED),
        "asn": write_csv(folder / "asn.csv", ASN),
        "deceased": write_csv(folder / "meninggal.csv", DECEASED),
    }


def read_findings(path: Path) -> set[tuple[str, int, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["source_file"], int(r["source_row"]), r["reason"]) for r in csv.DictReader(fh)}


def test_the_story_lists_are_read_with_their_columns_recognised(tmp_path):
    from sinergi.linkage.screen.pipeline import read_lists

    paths = write_all(tmp_path)
    frame, infos = read_lists([paths["a"]], "proposed", first_id=0, sheet=None, maps={})
    assert frame.height == len(USULAN_A)
    assert {"owner_name", "nik", "aid_kind", "amount"} <= set(infos[0].mapping.fields)
