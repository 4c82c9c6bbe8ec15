"""Open data: public, aggregates only, small counts hidden beyond recovery."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.insights.suppression import TOTAL, Published, recover_by_subtraction

pytestmark = pytest.mark.django_db


def _published(text: str) -> tuple[list[str], Published]:
    """The csv as an attacker reads it: hidden cells unknown, totals known."""
    header, *rows = list(csv.reader(io.StringIO(text)))
    cols = header[2:-1] + [TOTAL]
    names, cells = [], {}
    for code, _name, *values in rows:
        row = code or TOTAL
        names.append(row)
        for col, value in zip(cols, values, strict=True):
            cells[(row, col)] = int(value) if value else None
    return header, Published(names, cols, cells)


def test_anyone_reads_the_open_data_and_no_small_count_can_be_recovered(
    make_business, villages
) -> None:
    for i in range(12):
        make_business(name=f"Warung {i}", capital=10_000_000)
    make_business(name="Konveksi", capital=2_000_000_000)  # the only "kecil" of Bangka
    for _ in range(15):
        make_business(villages["pangkalpinang"], capital=10_000_000)
    for _ in range(20):
        make_business(villages["pangkalpinang"], capital=2_000_000_000)
    response = Client().get(reverse("open_data:csv") + "?province=19")
    assert response.status_code == 200
    header, published = _published(response.content.decode())
    assert header[:4] == ["Kode", "Wilayah", "Mikro", "Kecil"]
    assert published.cells[("1901", "Kecil")] is None  # 1 < 10: hidden
    assert published.cells[(TOTAL, TOTAL)] == 48
    assert recover_by_subtraction(published) == {}
    page = Client().get(reverse("open_data:index")).content.decode()
    assert "Warung" not in page and "Konveksi" not in page
