"""Fixtures for review tests: source records stored the way intake stores them.

`make_records(rows, uploader)` creates one batch (source, file) holding one SourceRecord
per row, with canonical text and the engine's normalised values, all `pending`; the
linking tests then call `link_records` on them exactly as the intake task does.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

_n = itertools.count(1)

SITI = {
    "owner_name": "Siti Aminah",
    "business_name": "Warung Makan Bu Siti",
    "nik": "1901015507850001",
    "phone": "081234567890",
    "address": "Jl. Merdeka No. 5",
    "village": "Sri Menanti",
    "district": "Sungailiat",
    "regency": "Kab. Bangka",
}


@pytest.fixture(autouse=True)
def _linkage_cache(tmp_path: Any, settings: Any) -> None:
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")


def normalise(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    import polars as pl

    from sinergi.linkage.prepare import normalise_frame
    from sinergi.linkage.schema import CANONICAL_FIELDS, NORMALISED

    frame = pl.DataFrame(
        [{f: r.get(f) for f in CANONICAL_FIELDS} for r in rows],
        schema={f: pl.Utf8 for f in CANONICAL_FIELDS},
    ).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("unique_id"),
        pl.lit("t.csv").alias("source_file"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
    )
    out = normalise_frame(frame).select(list(NORMALISED))
    return [json.loads(json.dumps(r, default=str)) for r in out.to_dicts()]


@pytest.fixture
def make_records(reference_data: None) -> Callable[..., list[Any]]:
    from django.utils import timezone

    from sinergi.accounts.models import Organisation
    from sinergi.intake.models import ImportBatch, Source, SourceFile, SourceRecord

    def make(rows: list[dict[str, str]], uploader: Any = None, scope: str = "1901") -> list[Any]:
        n = next(_n)
        org, _ = Organisation.objects.get_or_create(
            name=f"Dinas {n}", defaults={"kind": "other", "region_id": scope}
        )
        source = Source.objects.create(organisation=org, name=f"Pendataan {n}")
        batch = ImportBatch.objects.create(
            source=source,
            organisation=org,
            uploaded_by=uploader,
            uploaded_by_username=uploader.get_username() if uploader else "",
            scope_code=scope,
            status="done",
        )
        file = SourceFile.objects.create(
            batch=batch, name=f"daftar-{n}.csv", stored_path="x", content_hash=f"{n:064d}"
        )
        out = []
        for i, (row, norm) in enumerate(zip(rows, normalise(rows), strict=True), start=1):
            out.append(
                SourceRecord.objects.create(
                    batch=batch,
                    file=file,
                    row_number=i,
                    raw=json.dumps(row),
                    canonical=row,
                    normalised=norm,
                    owner_name=row.get("owner_name", ""),
                    business_name=row.get("business_name", ""),
                    regency_code=norm.get("regency_code") or "",
                    imported_at=timezone.now(),
                )
            )
        return out

    return make
