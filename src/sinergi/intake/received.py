"""A file as received, waiting for the worker: one way for every app that takes uploads.

Programs' nomination uploads, training's participant lists and attendance files all
arrive the same way: the request has already checked who may upload, then the bytes are
stored as received (`intake.storage.store_chunks`: content-addressed, never modified) and
one row is created in its waiting status, audited as a creation, and (unless the caller
reads it at once) queued for the worker — all in one transaction, so a row never exists
without its audit event, and a queued job never points at a row that was rolled back.

Nothing is parsed here; reading is the worker's job, under the one stale rule of
`core.jobs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import transaction

from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.intake import storage

Row = TypeVar("Row")


def keep_received(
    model: type[Row],
    *,
    actor: Any,
    actor_field: str,
    name: str,
    chunks: Iterable[bytes],
    status: str,
    enqueue: Callable[[int], None] | None,
    max_bytes: int | None = None,
    too_large: Callable[[str], Exception] | None = None,
    **fields: Any,
) -> Row:
    """Store `chunks` under `name` and create its `model` row with `status`, audited.

    `actor_field` names the row's uploader field (it differs per app); `fields` are the
    row's other values (its cycle, event, session, kind). With `max_bytes`, a larger file
    raises `too_large(stored name)` before any row is made. `enqueue(pk)`, when given,
    queues the worker's read inside the same transaction.
    """
    path, content_hash, size = storage.store_chunks(name, chunks)
    if max_bytes is not None and size > max_bytes:
        assert too_large is not None, "max_bytes needs too_large"
        raise too_large(path.name)
    with transaction.atomic():
        row = model.objects.create(  # type: ignore[attr-defined]
            file_name=path.name,
            stored_path=str(path),
            content_hash=content_hash,
            status=status,
            **{actor_field: actor},
            **fields,
        )
        record(actor, Action.CREATE, row, changes={"file": {"new": row.file_name}})
        if enqueue is not None:
            enqueue(row.pk)
    return row
