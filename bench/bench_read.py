"""How long `read_table` takes on a big clean CSV (1M rows x 12 columns by default).

Usage: python bench/bench_read.py [rows]   (writes a temporary file, prints seconds)

The reader must take the polars fast path on such a file; the careful csv-module path
is timed too (on a tenth of the rows) so a regression that silently falls back shows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from sinergi.linkage.io import text as io_csv
from sinergi.linkage.io.read import read_table

COLUMNS = [
    "No", "Nama Pemilik", "NIK", "Nama Usaha", "Alamat", "Desa", "Kecamatan",
    "Kab/Kota", "Provinsi", "No HP", "Jenis Usaha", "Nominal",
]  # fmt: skip


def make_csv(path: Path, rows: int) -> None:
    i = pl.col("i")
    frame = pl.DataFrame({"i": pl.int_range(0, rows, eager=True)}).select(
        **{
            "No": i + 1,
            "Nama Pemilik": pl.format("Siti Aminah {}", i),
            "NIK": (i + 3271024501900000).cast(pl.Utf8),
            "Nama Usaha": pl.format("Warung Bu Siti {}", i % 5000),
            "Alamat": pl.format("Jl. Mawar No. {}, RT 002/RW 005", i % 300),
            "Desa": pl.format("Sukamaju {}", i % 80),
            "Kecamatan": pl.format("Koba {}", i % 7),
            "Kab/Kota": pl.lit("Kab. Bangka Tengah"),
            "Provinsi": pl.lit("Kepulauan Bangka Belitung"),
            "No HP": pl.format("0812{}", i + 10_000_000),
            "Jenis Usaha": pl.lit("Makanan; minuman"),
            "Nominal": pl.lit("2400000"),
        }
    )
    frame.write_csv(path)


def timed(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    table = read_table(path)
    return time.perf_counter() - start, table.frame.height


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "besar.csv"
        make_csv(path, rows)
        size = path.stat().st_size / 1e6
        seconds, height = timed(path)
        print(f"fast path: {height:,} rows x {len(COLUMNS)} cols, {size:.0f} MB: {seconds:.2f} s")
        small = Path(tmp) / "kecil.csv"
        make_csv(small, rows // 10)
        original = io_csv._fast_path
        io_csv._fast_path = lambda *a, **k: None
        try:
            seconds, height = timed(small)
        finally:
            io_csv._fast_path = original
        print(f"careful path: {height:,} rows: {seconds:.2f} s")


if __name__ == "__main__":
    main()
