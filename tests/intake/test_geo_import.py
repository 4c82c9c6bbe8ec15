"""The platform's import places rows from what the file says: a city in the kecamatan column,
points, BPS code columns, postcodes; impossible points are named problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.geo_files import write_bps_directory, write_city_list, write_mixed_points

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import BatchStatus, RowProblem, SourceRecord

pytestmark = pytest.mark.django_db(transaction=False)


def _import(make_batch: Any, path: Path, user: Any) -> Any:
    batch = make_batch(path, user=user, name=path.name)
    start_import(user, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    batch.refresh_from_db()
    return batch


def _records(batch: Any) -> list[Any]:
    return list(SourceRecord.objects.filter(batch=batch).order_by("row_number"))


def test_a_city_list_naming_the_city_in_its_kecamatan_column_is_placed_and_valid(
    make_batch: Any, officer_denpasar: Any, tmp_path: Path
) -> None:
    path = tmp_path / "umkm_kota_denpasar.csv"
    districts = write_city_list(path, rows=24, city="Kota Denpasar")
    batch = _import(make_batch, path, officer_denpasar)
    records = _records(batch)
    assert [r.regency_code for r in records] == ["5171"] * 24
    # The points place each row in its kecamatan; the officer's scope holds them all.
    assert [r.district_code for r in records] == districts
    assert all(r.in_scope for r in records)
    assert not RowProblem.objects.filter(batch=batch, code="REGION_UNKNOWN").exists()
    # The list has no NIK column: nothing is said about its rows, and every row is valid.
    assert not RowProblem.objects.filter(batch=batch).exists()
    batch.refresh_from_db()
    assert batch.rows_valid == batch.rows_read == len(records)
    # The raw cells are stored as received; the point is in the normalised values.
    first = records[0]
    assert json.loads(first.raw)["Kecamatan"] == "Kota Denpasar"
    assert first.normalised["lat"] == pytest.approx(float(json.loads(first.raw)["lat"]))


def test_points_in_one_cell_swapped_zero_or_abroad_and_a_postcode(
    make_batch: Any, officer_denpasar: Any, tmp_path: Path
) -> None:
    path = tmp_path / "campur.csv"
    district, village = write_mixed_points(path, city="Kota Denpasar")
    batch = _import(make_batch, path, officer_denpasar)
    records = _records(batch)
    assert [r.district_code for r in records[:2]] == [district, district]
    assert records[4].village_code == village
    problems = set(RowProblem.objects.filter(batch=batch).values_list("record__row_number", "code"))
    assert {(3, "COORD_ZERO"), (4, "COORD_OUTSIDE")} <= problems
    assert not {code for row, code in problems if row in (1, 2, 5)}
    # A point that cannot be the business's place is not kept, the row still is.
    assert "lat" not in records[2].normalised and records[2].regency_code == "5171"


def test_a_bps_directory_places_at_least_99_percent_of_rows_in_their_regency(
    make_batch: Any, officer_babel: Any, tmp_path: Path
) -> None:
    path = tmp_path / "direktori_usaha.xlsx"
    regencies = write_bps_directory(path, rows=120, province="19")
    batch = _import(make_batch, path, officer_babel)
    records = _records(batch)
    placed = sum(r.regency_code == want for r, want in zip(records, regencies, strict=True))
    assert placed >= 0.99 * len(records)
    assert all(r.in_scope for r in records)
    assert not RowProblem.objects.filter(batch=batch, code="REGION_UNKNOWN").exists()
