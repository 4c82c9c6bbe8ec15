"""Frames for the linkage engine, read from the database: new records and the registry.

The registry frame (one row per source record attached to an active business, plus one
row per active business that has no source record, e.g. entered by hand) is what new
batches are linked against. Building it for a million rows means reading a million JSON
values and, for hand-entered businesses, normalising them, so it is cached on disk:

    <VAR_DIR>/linkage/registry-v<model version>-<spec hash>-<fingerprint>.parquet

(the spec hash covers model_settings.json: new blocking keys mean new frame columns)

The fingerprint is cheap aggregate queries over indexed columns (count and newest
`updated_at` / id of businesses, count and newest id of attached source records): any
create, edit, status change, merge, split or link changes it. After a link run the
new rows are appended to the cached frame and written under the new fingerprint, so the
next batch does not rebuild either (the incremental path); anything else rebuilds once.

Invariants: the registry frame holds `unique_id` (0..n-1), `business_id`, `record_id`
(null for a business without records) and `model.MODEL_COLUMNS`; blocking keys are
capped over the registry (`model.model_frame` on the whole frame) except for rows
appended since the last rebuild (capped over their own batch).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef

from sinergi.linkage import BUSINESS_ID, MODEL_COLUMNS, NORMALISED, RECORD_ID, ROW_ID, model_frame

LIST_COLUMNS = ("phones",)
FLOAT_COLUMNS = ("region_confidence", "lat", "lng")
INT_COLUMNS = ("amount_idr",)


def cache_dir() -> Path:
    path = Path(getattr(settings, "SINERGI_LINKAGE_CACHE", "") or settings.VAR_DIR / "linkage")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = {}
    for col in NORMALISED:
        if col in LIST_COLUMNS:
            schema[col] = pl.List(pl.Utf8)
        elif col in FLOAT_COLUMNS:
            schema[col] = pl.Float64
        elif col in INT_COLUMNS:
            schema[col] = pl.Int64
        else:
            schema[col] = pl.Utf8  # dates stay ISO text; model_frame compares text
    return schema


def normalised_frame(rows: Iterable[tuple[int, int | None, dict[str, Any]]]) -> pl.DataFrame:
    """(record id, business id, normalised JSON) -> record_id, business_id + NORMALISED."""
    schema = _schema()
    ids: list[int] = []
    businesses: list[int | None] = []
    data: dict[str, list[Any]] = {c: [] for c in schema}
    for record_id, business_id, normalised in rows:
        ids.append(record_id)
        businesses.append(business_id)
        for col in schema:
            value = (normalised or {}).get(col)
            if col in FLOAT_COLUMNS or col in INT_COLUMNS:
                value = value if isinstance(value, (int, float)) else None
            elif col in LIST_COLUMNS:
                value = [str(v) for v in value] if isinstance(value, list) else None
            elif value is not None:
                value = str(value)
            data[col].append(value)
    frame = pl.DataFrame(data, schema=schema)
    return frame.with_columns(
        pl.Series(RECORD_ID, ids, dtype=pl.Int64),
        pl.Series(BUSINESS_ID, businesses, dtype=pl.Int64),
    )


def records_frame(record_ids: Iterable[int]) -> pl.DataFrame:
    """New source records as a normalised frame (record_id, business_id null, ...)."""
    from sinergi.intake.models import SourceRecord

    ids = sorted({int(i) for i in record_ids})
    rows = []
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        qs = SourceRecord.objects.filter(pk__in=chunk).order_by("pk")
        rows += [(pk, None, n) for pk, n in qs.values_list("pk", "normalised")]
    return normalised_frame(rows)


def manual_businesses_frame(
    exclude_with_records: bool = True, businesses: Any = None
) -> pl.DataFrame:
    """Active businesses without source records, normalised from their own fields
    (`businesses`: only these, a Business queryset)."""
    from sinergi.intake.models import SourceRecord
    from sinergi.linkage import normalise_frame
    from sinergi.registry.models import Business

    qs = (Business.objects.all() if businesses is None else businesses).filter(status="active")
    if exclude_with_records:
        # NOT EXISTS, an anti-join: `pk NOT IN (a million record ids)` does not fit in
        # work_mem as a hash and became a per-row scan (minutes at 1 M businesses).
        with_records = SourceRecord.objects.filter(business_id=OuterRef("pk"))
        qs = qs.filter(~Exists(with_records))
    cols = ["business_id", "business_name", "owner_name", "nik", "phone", "email", "nib"]
    cols += ["address", "rt_rw", "sector", "province", "regency", "district", "village"]
    cols += ["latitude", "longitude"]
    values = qs.values_list(
        "pk", "name", "owner__full_name", "owner__nik", "owner__phone", "owner__email",
        "nib", "address", "rt_rw", "sector_id", "province_code", "regency_code",
        "district_code", "village_code", "latitude", "longitude",
    )  # fmt: skip
    # The point as text, like any cell: normalise_frame reads it back (normalize/geo.py).
    rows = [tuple(None if v is None else str(v) for v in row) for row in values]
    raw = pl.DataFrame(rows, schema={c: pl.Utf8 for c in cols}, orient="row")
    if raw.height == 0:
        return (
            normalised_frame([])
            .drop(RECORD_ID)
            .with_columns(pl.lit(None, pl.Int64).alias(RECORD_ID))
        )
    codes = raw.select(
        pl.col("province").alias("_p"),
        pl.col("regency").alias("_r"),
        pl.col("district").alias("_d"),
        pl.col("village").alias("_v"),
    )
    canonical = raw.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW_ID),
        pl.lit("registry").alias("source_file"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        *[c for c in cols[1:] if c not in ("province", "regency", "district", "village")],
    )
    out = normalise_frame(canonical).with_columns(codes)
    blank = lambda c: pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c))  # noqa: E731
    out = out.with_columns(
        blank("_p").alias("province_code"),
        blank("_r").alias("regency_code"),
        blank("_d").alias("district_code"),
        blank("_v").alias("village_code"),
        raw["business_id"].cast(pl.Int64).alias(BUSINESS_ID),
        pl.lit(None, pl.Int64).alias(RECORD_ID),
    )
    schema = _schema()
    return out.select(
        *[pl.col(c).cast(schema[c]) for c in NORMALISED], pl.col(RECORD_ID), pl.col(BUSINESS_ID)
    )


def build_registry_frame(spec: dict[str, Any]) -> pl.DataFrame:
    """The registry frame from the database (see module doc)."""
    from sinergi.intake.models import SourceRecord

    qs = (
        SourceRecord.objects.filter(business__isnull=False, business__status="active")
        .order_by("pk")
        .values_list("pk", "business_id", "normalised")
    )
    records = normalised_frame(qs.iterator(chunk_size=5000))
    manual = manual_businesses_frame()
    both = pl.concat([records, manual.select(records.columns)], how="vertical_relaxed")
    return to_registry_model_frame(both, spec)


def to_registry_model_frame(normalised: pl.DataFrame, spec: dict[str, Any]) -> pl.DataFrame:
    """unique_id 0..n-1 + business_id + record_id + MODEL_COLUMNS from normalised rows."""
    frame = normalised.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW_ID))
    mf = model_frame(frame, spec)
    return mf.with_columns(frame[BUSINESS_ID], frame[RECORD_ID])


def fingerprint() -> str:
    """Changes whenever the registry's linkable content may have changed (module doc)."""
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    b = Business.objects.aggregate(n=Count("pk"), u=Max("updated_at"), i=Max("pk"))
    r = SourceRecord.objects.filter(business__isnull=False).aggregate(n=Count("pk"), i=Max("pk"))
    text = f"{b['n']}|{b['u']}|{b['i']}|{r['n']}|{r['i']}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _path(version: int, key: str, spec: dict[str, Any]) -> Path:
    import json

    spec_hash = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
    return cache_dir() / f"registry-v{version}-{spec_hash}-{key}.parquet"


def _write(frame: pl.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, path)  # readers never see half a file
    for old in path.parent.glob("registry-v*.parquet"):
        if old != path:
            old.unlink(missing_ok=True)


# The last frame this process read or wrote, by its cache path (which names the model
# version, spec and registry fingerprint): link runs in one process (the worker) reuse it
# instead of reading a million-row parquet file again.
_IN_MEMORY: dict[Path, pl.DataFrame] = {}


def registry_frame(version: int, spec: dict[str, Any]) -> tuple[pl.DataFrame, bool]:
    """The registry frame for model `version`; (frame, True) when read from the cache
    (this process's memory, else the file)."""
    path = _path(version, fingerprint(), spec)
    kept = _IN_MEMORY.get(path)
    if kept is not None and path.exists():
        frame, cached = kept, True
    elif path.exists():
        frame, cached = pl.read_parquet(path), True
    else:
        frame = build_registry_frame(spec)
        _write(frame, path)
        cached = False
    _IN_MEMORY.clear()  # one frame per process: a million rows is a few hundred MB
    _IN_MEMORY[path] = frame
    return frame, cached


def append_to_cache(
    version: int, base: pl.DataFrame, new_rows: pl.DataFrame, spec: dict[str, Any]
) -> Path:
    """Write `base` + `new_rows` (normalised, with business_id/record_id) as the cache
    of the registry as it is now (call after the link run's writes are committed)."""
    added = to_registry_model_frame(new_rows, spec).with_columns(
        pl.col(ROW_ID) + (int(base[ROW_ID].max()) + 1 if base.height else 0)  # type: ignore[arg-type]
    )
    frame = pl.concat([base, added.select(base.columns)]) if base.height else added
    path = _path(version, fingerprint(), spec)
    _write(frame, path)
    return path


__all__ = [
    "MODEL_COLUMNS",
    "append_to_cache",
    "build_registry_frame",
    "fingerprint",
    "normalised_frame",
    "records_frame",
    "registry_frame",
]
