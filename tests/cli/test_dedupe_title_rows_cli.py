"""`sinergi dedupe` on files with title rows above a header the dictionary does not know.

Offices put a title above the table ("DAFTAR PENERIMA BANTUAN ...", "KABUPATEN ...", a
blank row) and name the columns in their own words. The header is found from the values
(short distinct labels over a block of type-consistent rows), the title rows are reported
as skipped preamble naming the row the user sees, and every data row keeps its own number:
nothing is dropped, nothing is shifted. A file without title rows reads as before.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sinergi.cli import main
from sinergi.linkage.io.headers import header_cell_weight

# Wordings no header dictionary of ours holds (the test checks it below).
HEADER = [
    "Peserta",
    "Fasilitas Diterima",
    "Besaran Dana",
    "Tempat Produksi",
    "Identitas Kependudukan",
    "Asal Daerah",
    "Urutan",
]
TITLES = [
    ["DAFTAR PENERIMA BANTUAN PRODUKTIF USAHA MIKRO TAHUN 2024"],
    ["KABUPATEN BANGKA"],
    [],
    ["Sumber: Dinas Koperasi dan UKM"],
]
WHO = ["Siti Aminah", "Budi Santoso", "Ani Lestari", "Joko Widodo", "Dewi Rahayu", "Agus Saputra"]
ROWS = 40
# Data rows (1-based, counted under the header) that are one person written twice.
TWINS = (5, 17)


def _nik(i: int) -> str:
    return f"190101{(i % 28) + 41:02d}{(i % 12) + 1:02d}{80 + i % 20:02d}{i + 1:04d}"


def _body() -> list[list[str]]:
    rng = random.Random(11)
    rows = []
    for i in range(ROWS):
        name = f"{rng.choice(WHO)} {chr(65 + i % 26)}{i}"
        rows.append(
            [name, "Modal Kerja", "2400000", f"Jl. Mawar No {i + 1}", _nik(i), "Sungailiat", ""]
        )
    a, b = TWINS
    rows[b - 1] = list(rows[a - 1])
    for n, row in enumerate(rows, start=1):
        row[-1] = str(n)
    return rows


def _write(path: Path, titles: list[list[str]]) -> Path:
    grid = [t + [""] * (len(HEADER) - len(t)) for t in titles] + [HEADER] + _body()
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(grid)
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in grid:
            sheet.append([c or None for c in row])
        for r, title in enumerate(titles, start=1):
            if title:
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADER))
        book.save(path)
    return path


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def test_the_header_wordings_are_unknown_to_the_dictionary():
    assert sum(header_cell_weight(c) for c in HEADER) < 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("n_titles", [0, 1, 2, 3, 4])
def test_rows_keep_their_numbers_below_title_rows_and_an_unknown_header(
    tmp_path, capsys, suffix, n_titles
):
    titles = TITLES[:n_titles]
    path = _write(tmp_path / f"penerima_bantuan{suffix}", titles)
    out = tmp_path / "out"
    assert main(["dedupe", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out

    header_row = n_titles + 1
    if n_titles:
        assert f"header on row {header_row}" in printed
    else:
        assert "header on row" not in printed
    clusters = _read(out / "clusters.csv")
    # Every data row, under its own number; no title and no header read as a row.
    assert clusters.height == ROWS
    assert clusters["source_row"].to_list() == [str(n) for n in range(1, ROWS + 1)]
    # The columns are read from the values under the right header.
    assert "Identitas Kependudukan -> nik" in printed
    # The one person written twice is found under the rows the user sees.
    a, b = TWINS
    by_row = dict(zip(clusters["source_row"], clusters["cluster_id"], strict=True))
    assert by_row[str(a)] == by_row[str(b)]
    assert len({by_row[str(n)] for n in range(1, ROWS + 1)}) == ROWS - 1

    # Title rows are reported, each under the row the spreadsheet shows; blank ones are not.
    problems = _read(out / "problems.csv")
    preamble = problems.filter(pl.col("code") == "PREAMBLE")
    expected = [(r, t[0]) for r, t in enumerate(titles, start=1) if t]
    assert preamble["value"].to_list() == [t for _, t in expected]
    for (r, _), message in zip(expected, preamble["message_en"], strict=True):
        assert message.startswith(f"row {r} above the header (row {header_row}) skipped")
