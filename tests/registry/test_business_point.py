"""A business keeps the point its source file gave, and its page shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from tests.geo_files import write_city_list

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _dirs(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")


def test_an_imported_row_with_a_point_gives_its_business_that_point(
    officer_denpasar: Any, client_of: Any, tmp_path: Path
) -> None:
    from sinergi.intake import pipeline
    from sinergi.intake.actions import Upload, create_batch, start_import
    from sinergi.intake.models import SourceRecord

    path = tmp_path / "umkm_kota_denpasar.csv"
    write_city_list(path, rows=6, city="Kota Denpasar")
    batch = create_batch(
        officer_denpasar,
        source_name="Daftar UMKM Kota Denpasar",
        uploads=[Upload(path.name, [path.read_bytes()])],
    )
    start_import(officer_denpasar, batch)
    pipeline.run_import(batch.id)
    record = SourceRecord.objects.get(batch=batch, row_number=1)
    business = record.business
    assert business is not None
    assert business.latitude == pytest.approx(record.normalised["lat"])
    assert business.longitude == pytest.approx(record.normalised["lng"])
    assert business.regency_code == "5171" and business.district_code == record.district_code

    page = client_of(officer_denpasar).get(reverse("registry:detail", args=[business.pk]))
    assert page.status_code == 200
    assert f"{business.latitude:.6f}, {business.longitude:.6f}" in page.content.decode()


def test_a_business_without_a_point_shows_none(
    officer_denpasar: Any, client_of: Any, tmp_path: Path
) -> None:
    from sinergi.registry.models import Business, Person

    owner = Person.objects.create(full_name="Made Wirawan")
    business = Business.objects.create(name="Kedai Made", owner=owner, regency_code="5171")
    page = client_of(officer_denpasar).get(reverse("registry:detail", args=[business.pk]))
    assert business.latitude is None
    assert "Koordinat (lintang, bujur)" in page.content.decode()
