"""Registering an event's participants from an uploaded list, linked with the engine
exactly as programs' nomination uploads are (`engine.link_list` ->
`programs.upload_rows.link_rows` -> `linkage.incremental.link_new`).

The request only stores the file (`receive_list`); the worker reads, links and registers
(`read_list`, `training.file_jobs`: claim, heartbeat, one final transaction). A file that
cannot be read ends `unreadable` with the reader's message (file, row, column).

Per data row, one outcome (nothing dropped; the raw cells are kept on the upload):
- bad: the row check's message (file, row, column);
- registered / waiting / already: one business matched (by NIK or the model) that the
  uploader may see and that lies in the event's region, registered through the same
  locked path as by hand (`actions._register_locked`);
- refused: the match lies outside the uploader's region (not named) or the event's;
- doubtful: candidates at or above the low threshold, for a person to register by hand;
- not_found: nothing in the registry the uploader may see (a list never adds businesses).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

from sinergi.audit.actions import record
from sinergi.audit.events import TrainingInvited
from sinergi.audit.models import Action
from sinergi.registry.models import Business
from sinergi.training import file_jobs
from sinergi.training.actions import TrainingError, _in_region, _lock, _register_locked
from sinergi.training.engine import input_error, link_list, read_table
from sinergi.training.models import Event, EventStatus, FileStatus, RegistrationUpload, Source
from sinergi.training.permissions import require_event

MAX_ROWS = 10_000


def _require_open(event: Event) -> None:
    if event.status != EventStatus.OPEN:
        raise TrainingError("pendaftaran ditutup / registration is closed")


def receive_list(
    user: Any, event: Event, name: str, chunks: Iterable[bytes], *, read_in_worker: bool = True
) -> RegistrationUpload:
    """Store the list as received and queue its reading: nothing is parsed here."""
    from sinergi.intake.received import keep_received

    require_event(user, event, "register_from_list")
    _require_open(event)
    return keep_received(
        RegistrationUpload,
        actor=user,
        actor_field="uploaded_by",
        name=name,
        chunks=chunks,
        status=FileStatus.READING,
        enqueue=file_jobs.enqueue_list if read_in_worker else None,
        event=event,
    )


def register_from_list(user: Any, event: Event, name: str, data: bytes) -> RegistrationUpload:
    """Store and read at once (fixtures, the command line, benchmarks). Raises what the
    worker would record: InputError (file, row, column) or TrainingError."""
    upload = receive_list(user, event, name, [data], read_in_worker=False)
    return file_jobs.read_now(upload, _link_and_register)


def read_list(upload_id: int) -> str:
    """The worker's half: read, link and register a stored list."""
    return file_jobs.run(file_jobs.LIST_READ, RegistrationUpload, upload_id, _link_and_register)


def _link_and_register(upload: RegistrationUpload) -> None:
    event = upload.event
    user = upload.uploaded_by
    require_event(user, event, "register_from_list")
    _require_open(event)
    path = Path(upload.stored_path)
    table = read_table(path)
    if table.frame.height > MAX_ROWS:
        raise input_error(
            path.name,
            f"{table.frame.height} baris; paling banyak {MAX_ROWS} per unggahan, bagi berkasnya",
            f"{table.frame.height} rows; at most {MAX_ROWS} per upload, split the file",
        )
    matches, bad, order = link_list(table)
    raws = [
        ["" if c is None else str(c) for c in r] for r in table.frame.select(table.headers).rows()
    ]
    ids = {m.business_id for m in matches.values() if m.business_id}
    ids |= {b for m in matches.values() for b, _p in m.candidates}
    visible = Business.objects.visible_to(user).in_bulk(sorted(ids))
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    with transaction.atomic():
        locked = file_jobs.still_reading(RegistrationUpload, upload.pk)
        if locked is None:
            return
        event = _lock(event)
        _require_open(event)
        for source_row in order:
            row: dict[str, Any] = {"row": source_row, "business_id": None, "candidates": []}
            if source_row in bad:
                row["outcome"], row["message"] = "bad", bad[source_row]
            else:
                _decide(user, event, row, matches[source_row], visible)
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
            rows.append(row)
        locked.headers, locked.raw_rows, locked.rows, locked.counts = (
            table.headers,
            raws,
            rows,
            counts,
        )
        locked.status, locked.error, locked.heartbeat_at = FileStatus.DONE, "", None
        locked.save()
        record(
            user,
            Action.UPDATE,
            locked,
            event=TrainingInvited(
                source=Source.UPLOAD,
                registered=counts.get("registered", 0),
                waiting=counts.get("waiting", 0),
                already=counts.get("already", 0),
            ),
        )


def _decide(user: Any, event: Event, row: dict[str, Any], match: Any, visible: dict) -> None:
    if match.business_id is None:
        shown = [b for b, _p in match.candidates if b in visible]
        row["candidates"] = shown
        row["outcome"] = "doubtful" if shown else "not_found"
        row["message"] = (
            "cocok meragukan: daftarkan usaha yang benar secara manual / doubtful: register "
            "the right business by hand"
            if shown
            else "tidak ada di registri / not in the registry"
        )
        return
    business = visible.get(match.business_id)
    if business is None:
        row["outcome"] = "refused"
        row["message"] = "usaha yang cocok di luar wilayah Anda / the match is outside your region"
        return
    row["business_id"] = business.pk
    if not _in_region(event, business):
        row["outcome"] = "refused"
        row["message"] = f"{business.name}: di luar wilayah acara / outside the event's region"
        return
    _registration, outcome = _register_locked(user, event, business, Source.UPLOAD)
    row["outcome"] = outcome
    row["message"] = business.name
