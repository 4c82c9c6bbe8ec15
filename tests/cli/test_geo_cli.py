"""`sinergi dedupe` on files that place their rows by city name, BPS codes, points, postcodes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.geo_files import write_bps_directory, write_city_list, write_mixed_points

from sinergi.cli import main


def _run(tmp_path: Path, *files: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    out = tmp_path / "out"
    assert main(["dedupe", *map(str, files), "--out", str(out), "--quiet"]) == 0
    read = lambda name: pl.read_csv(out / name, infer_schema=False)  # noqa: E731
    return read("clusters.csv"), read("problems.csv")


@pytest.fixture(scope="module")
def city_run(tmp_path_factory) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    tmp = tmp_path_factory.mktemp("city")
    districts = write_city_list(tmp / "umkm_kota.csv")
    clusters, problems = _run(tmp, tmp / "umkm_kota.csv")
    return clusters, problems, districts


def test_a_city_list_with_the_city_in_its_kecamatan_column_is_placed_in_that_city(city_run):
    clusters, problems, _ = city_run
    assert clusters["regency_code"].to_list() == ["3374"] * clusters.height
    assert problems.filter(pl.col("code") == "REGION_UNKNOWN").height == 0


def test_its_points_place_every_row_in_its_kecamatan(city_run):
    clusters, _, districts = city_run
    assert clusters["district_code"].to_list() == districts
    assert set(clusters["region_source"].to_list()) == {"point"}
    # The raw cells are carried as received.
    assert clusters["lat"].str.contains(r"^-6|^-7").all()


def test_a_bps_directory_places_its_rows_in_their_regency(tmp_path):
    regencies = write_bps_directory(tmp_path / "direktori.xlsx", rows=200)
    clusters, problems = _run(tmp_path, tmp_path / "direktori.xlsx")
    placed = (clusters["regency_code"] == pl.Series(regencies)).mean()
    assert placed >= 0.99
    # Kabupaten and kota of one name ("SEMARANG" with Kdkab 22 or 74) stay apart.
    assert problems.filter(pl.col("code") == "REGION_UNKNOWN").height <= 2


def test_points_in_one_cell_swapped_zero_or_abroad_and_a_postcode(tmp_path):
    district, village = write_mixed_points(tmp_path / "campur.csv")
    clusters, problems = _run(tmp_path, tmp_path / "campur.csv")
    assert clusters["district_code"].to_list()[:2] == [district, district]
    assert clusters["coord_status"].to_list()[:4] == ["ok", "swapped", "zero", "outside"]
    assert clusters["village_code"][4] == village
    got = problems.select("row", "column", "code").rows()
    assert ("3", "coordinates", "COORD_ZERO") in got
    assert ("4", "coordinates", "COORD_OUTSIDE") in got
    assert not any(code.startswith("COORD") for row, _, code in got if row in ("1", "2", "5"))
