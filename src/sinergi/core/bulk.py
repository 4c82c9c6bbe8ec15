"""Bulk writes the ORM makes slow at our sizes.

Django's `bulk_update` writes one `CASE WHEN id = … THEN …` per field per row and
resolves an expression object for each: at 100,000 nominations that is about half of a
cycle's submission time (bench/programs_bench.py). `update_rows` sends one plain
`UPDATE … SET … WHERE pk = %s` per row through `executemany` instead (psycopg 3 pipelines
them), with each value prepared by its model field exactly as `save()` would (JSON, dates,
decimals), so it works unchanged on SQLite and PostgreSQL.

It writes what it is given and nothing else: no signals, no `auto_now`, no validation, like
`bulk_update`. Callers keep their own transaction and audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, router

DEFAULT_BATCH = 5_000


def update_rows(
    objects: Iterable[Any], fields: Sequence[str], *, batch_size: int = DEFAULT_BATCH
) -> int:
    """UPDATE `fields` of each saved model instance in `objects`; returns rows sent."""
    items = list(objects)
    if not items or not fields:
        return 0
    model = type(items[0])
    if any(type(o) is not model for o in items):
        raise TypeError("update_rows takes instances of one model")
    if any(o.pk is None for o in items):
        raise ValueError("update_rows needs saved instances (pk set)")
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    if any(f.primary_key or not f.concrete or f.many_to_many for f in targets):
        raise ValueError(f"cannot update {fields!r} of {meta.label} row by row")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "
        + ", ".join(f"{quote(f.column)} = %s" for f in targets)
        + f" WHERE {quote(meta.pk.column)} = %s"
    )
    sent = 0
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            params = [
                [f.get_db_prep_save(getattr(o, f.attname), connection) for f in targets] + [o.pk]
                for o in chunk
            ]
            cursor.executemany(sql, params)
            sent += len(chunk)
    return sent
