"""The platform's import links exact copies to one business (issue 10, item 3).

Through intake (upload -> import -> the review app's linker): a thin row pasted twice in
one file gets one business, and the same row uploaded again later is linked to that
business, whatever the model says about rows that carry only a shop name and a place.
"""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import BatchStatus, SourceRecord

THIN = (
    "Nama Usaha;Kegiatan;Kecamatan;Desa\n"
    "Kios Sembako;Perdagangan;Sungailiat;Sri Menanti\n"
    "Kios Sembako;Perdagangan;Sungailiat;Sri Menanti\n"
    "Pabrik Tahu;Industri;Sungailiat;Sri Menanti\n"
)


@pytest.fixture
def real_linker(monkeypatch: Any, settings: Any, tmp_path: Any) -> None:
    from sinergi.review.actions import link_records

    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    monkeypatch.setattr(pipeline, "link_records_function", lambda: link_records)


def _import(make_batch: Any, officer: Any, text: str, name: str) -> list[Any]:
    batch = make_batch(text, name=name)
    start_import(officer, batch)
    assert pipeline.run_import(batch.id) == BatchStatus.DONE
    return list(SourceRecord.objects.filter(batch=batch).order_by("row_number"))


def test_an_exact_copy_in_one_file_and_in_a_later_upload_links_to_one_business(
    make_batch: Any, officer_bangka: Any, real_linker: None
) -> None:
    first = _import(make_batch, officer_bangka, THIN, "umkm_a.csv")
    assert len(first) == 3 and all(r.business_id for r in first)
    assert first[0].business_id == first[1].business_id, "copy inside one file"
    assert first[2].business_id != first[0].business_id

    again = _import(
        make_batch,
        officer_bangka,
        THIN.splitlines()[0] + "\n" + THIN.splitlines()[1] + "\n",
        "umkm_b.csv",
    )
    assert again[0].business_id == first[0].business_id, "copy of an existing row"
    assert again[0].link_status == "linked"
