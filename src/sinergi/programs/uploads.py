"""Nominating a cycle's businesses from an uploaded list linked to the registry.

A regency sends a spreadsheet of proposed recipients (owner name, NIK, business name,
address, phone, maybe an amount). The officer uploads it into a draft cycle; every row
is linked to the registry with the engine intake uses, and only a row that matches one
business is nominated, through `actions.nominate` (so its rules hold here too).

Two steps, like intake: `create_upload` stores the file and guesses the column mapping
(shown with the first rows, to correct); `run_upload` checks every row, links the good
ones and stores one `NominationUploadRow` per data row.

Per row, in this order (each row gets exactly one outcome; nothing is dropped):
- bad: an empty row, a row with no name/NIK/NIB/phone, an amount cell that is not whole
  rupiah > 0, or no amount at all (empty amount cell and no default amount). The message
  names the file, the row and the column.
- matched: a valid 16-digit NIK carried by exactly one active registry business wins
  outright ("nik"); otherwise the engine's attach decision (>= the model's high
  threshold, `linkage.incremental.link_new`, "model"). The match is nominated, or
  refused with the reason: outside the uploader's region (the business is then not
  named), outside the program's region, already nominated (also by an earlier row of
  this file).
- doubtful: businesses at or above the low threshold (or several businesses sharing the
  NIK), kept with their probabilities for a person to choose (`nominate_candidate`).
- not found: nothing the uploader may see in the registry. Intake adds businesses; a
  nomination list never does.

Invariants: no SourceRecord or Business is created; the registry frame is the one intake
links against (`review.frames.registry_frame`, cached) and is only read. Everything a
run writes (nominations, rows, counts) commits together while the cycle row is locked,
so a submission cannot slip in between two rows and two runs into one cycle serialise.

Both steps run in the background worker (`programs.tasks`), never in the web request:
`receive_upload` stores the file and queues `read_upload`; `queue_run` checks the chosen
mapping against the headers and queues `run_queued`. The pages poll and show the outcome;
a file that cannot be read ends `unreadable` with the reader's message (file, row,
column). `create_upload` / `run_upload` are the same steps run at once (fixtures, CLI).
Linking is fast (the engine links 10k rows against 1M in ~16 s); each nomination is one
`nominate` call (a few queries); at most `MAX_ROWS` rows per file (docs/programs.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.core import jobs
from sinergi.linkage import (
    ROW_ID,
    SOURCE_ROW,
    InputError,
    Thresholds,
    input_error,
    load_spec,
    read_table,
)
from sinergi.programs import actions
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Nomination,
    NominationUpload,
    NominationUploadRow,
    NominationUploadStatus,
    UploadOutcome,
)
from sinergi.programs.permissions import require_program
from sinergi.programs.upload_rows import (
    Match,
    check_rows,
    column_mapping,
    guess,
    link_rows,
    mapping_value,
    shown_cells,
)
from sinergi.registry.models import Business

__all__ = [
    "MAX_ROWS",
    "InputError",
    "UploadError",
    "create_upload",
    "nominate_candidate",
    "queue_run",
    "read_upload",
    "receive_upload",
    "run_queued",
    "run_upload",
    "shown_cells",
]

MAX_ROWS = 10_000
PREVIEW_ROWS = 10


class UploadError(Exception):
    """A refused upload step; one line, Bahasa Indonesia / English."""


# ------------------------------------------------------------------------- the verbs


def _require_draft(cycle: Cycle) -> None:
    if cycle.status != CycleStatus.DRAFT:
        raise UploadError("siklus bukan draf lagi / the cycle is no longer a draft")


def receive_upload(
    user: Any, cycle: Cycle, name: str, chunks: Iterable[bytes], *, read_in_worker: bool = True
) -> NominationUpload:
    """Store the file as received and queue its reading: nothing is parsed here.

    Raises UploadError when the cycle is not a draft. The worker's `read_upload` fills in
    the columns and preview (or ends the upload `unreadable` with a message naming the
    file, row and column).
    """
    from sinergi.intake.received import keep_received

    require_program(user, cycle.program, "create_upload")
    _require_draft(cycle)
    return keep_received(
        NominationUpload,
        actor=user,
        actor_field="uploaded_by",
        name=name,
        chunks=chunks,
        status=NominationUploadStatus.READING,
        enqueue=enqueue_read if read_in_worker else None,
        cycle=cycle,
    )


def create_upload(user: Any, cycle: Cycle, name: str, chunks: Iterable[bytes]) -> NominationUpload:
    """Store and read at once (fixtures, the command line): an upload to check.

    Raises InputError (naming the file) when it cannot be read or is too long, and
    UploadError when the cycle is not a draft.
    """
    upload = receive_upload(user, cycle, name, chunks, read_in_worker=False)
    _read(upload)
    upload.refresh_from_db()
    return upload


def read_upload(upload_id: int) -> str:
    """The worker's half of an upload: read the stored file, guess the columns."""
    kind = jobs.KINDS["programs.nomination_read"]
    if not jobs.claim(kind, upload_id, waiting=NominationUploadStatus.READING):
        return "not-claimed"
    upload = NominationUpload.objects.get(pk=upload_id)
    try:
        with jobs.Heartbeat(lambda: jobs.beat(kind, upload_id)):
            _read(upload)
    except (InputError, OSError, ValueError) as exc:
        NominationUpload.objects.filter(pk=upload_id, status=NominationUploadStatus.READING).update(
            status=NominationUploadStatus.UNREADABLE, error=str(exc)[:2000], heartbeat_at=None
        )
        return NominationUploadStatus.UNREADABLE
    return NominationUploadStatus.PREVIEW


def _read(upload: NominationUpload) -> None:
    path = Path(upload.stored_path)
    table = read_table(path)
    if table.frame.height > MAX_ROWS:
        raise input_error(
            path.name,
            f"{table.frame.height} baris; paling banyak {MAX_ROWS} per unggahan, bagi berkasnya",
            f"{table.frame.height} rows; at most {MAX_ROWS} per upload, split the file",
        )
    mapping, recognition = guess(table)
    NominationUpload.objects.filter(pk=upload.pk, status=NominationUploadStatus.READING).update(
        sheet=table.sheet or "",
        headers=table.headers,
        numeric_columns=sorted(table.numeric_columns),
        mapping=mapping,
        recognition=recognition,
        preview=table.frame.head(PREVIEW_ROWS).select(table.headers).rows(),
        rows_total=table.frame.height,
        status=NominationUploadStatus.PREVIEW,
        heartbeat_at=None,
        error="",
    )


def queue_run(
    user: Any, upload: NominationUpload, chosen: dict[str, str], default_amount: int | None
) -> NominationUpload:
    """Check the officer's choices (without reading the file) and queue the run.

    Raises InputError for a bad mapping (naming the file) and UploadError when the
    upload is not waiting for its columns to be checked or the cycle is not a draft.
    """
    require_program(user, upload.cycle.program, "run_upload")
    _check_amount(default_amount)
    _require_draft(upload.cycle)
    mapping = column_mapping(upload.file_name, upload.headers, chosen)
    with transaction.atomic():
        queued = NominationUpload.objects.filter(
            pk=upload.pk, status=NominationUploadStatus.PREVIEW
        ).update(
            status=NominationUploadStatus.QUEUED,
            mapping={h: mapping_value(mapping, h) for h in upload.headers},
            default_amount_idr=default_amount,
            run_by=user,
            error="",
            heartbeat_at=None,
        )
        if not queued:
            raise UploadError("berkas ini sudah diproses / this file was already processed")
        _enqueue("run_upload_task", upload.pk)
    upload.refresh_from_db()
    return upload


def run_queued(upload_id: int) -> str:
    """The worker's run of a queued upload, as the officer who queued it.

    A refusal (the cycle left draft, the file changed, a bad mapping) sends the upload
    back to the column check with the message; the run writes nothing then.
    """
    kind = jobs.KINDS["programs.nomination_run"]
    if not jobs.claim(kind, upload_id, waiting=NominationUploadStatus.QUEUED):
        return "not-claimed"
    upload = NominationUpload.objects.select_related("cycle__program", "run_by").get(pk=upload_id)
    try:
        with jobs.Heartbeat(lambda: jobs.beat(kind, upload_id)):
            upload = run_upload(
                upload.run_by,
                upload,
                upload.mapping,
                upload.default_amount_idr,
                status=NominationUploadStatus.RUNNING,
            )
    except (InputError, UploadError, actions.ProgramError, PermissionDenied, OSError) as exc:
        message = str(exc) or "tidak diizinkan / not allowed"
        NominationUpload.objects.filter(pk=upload_id, status=NominationUploadStatus.RUNNING).update(
            status=NominationUploadStatus.PREVIEW, error=message[:2000], heartbeat_at=None
        )
        return NominationUploadStatus.PREVIEW
    return upload.status


def _enqueue(task_name: str, upload_id: int) -> None:
    from sinergi.programs import tasks

    getattr(tasks, task_name).enqueue(upload_id)


def enqueue_read(upload_id: int) -> None:
    _enqueue("read_upload_task", upload_id)


def enqueue_run(upload_id: int) -> None:
    _enqueue("run_upload_task", upload_id)


def _check_amount(default_amount: int | None) -> None:
    if default_amount is not None and (
        isinstance(default_amount, bool)
        or not isinstance(default_amount, int)
        or default_amount < 1
    ):
        raise UploadError("nominal bawaan harus rupiah bulat > 0 / whole rupiah > 0 required")


def _visible_businesses(user: Any, ids: set[int]) -> dict[int, Business]:
    found: dict[int, Business] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        found.update(Business.objects.visible_to(user).in_bulk(chunk))
    return found


def run_upload(
    user: Any,
    upload: NominationUpload,
    chosen: dict[str, str],
    default_amount: int | None,
    *,
    status: str = NominationUploadStatus.PREVIEW,
) -> NominationUpload:
    """Check, link and nominate every row of a checked upload (module doc).

    `chosen` is the officer's mapping {header: field or "-"}. Raises InputError for a bad
    mapping or an unreadable file, UploadError when the upload already ran or the cycle
    is no longer a draft; nothing is written then.
    """
    # The review app owns the registry frame and the model; imported here, as intake does.
    from sinergi.review import frames
    from sinergi.review.actions import current_model

    require_program(user, upload.cycle.program, "run_upload")
    started = time.perf_counter()
    if upload.status != status:
        raise UploadError("berkas ini sudah diproses / this file was already processed")
    _check_amount(default_amount)
    _require_draft(upload.cycle)
    table = read_table(upload.stored_path, upload.sheet or None)
    if table.headers != upload.headers or table.frame.height != upload.rows_total:
        raise UploadError(
            f"{upload.file_name}: isi berkas berubah sejak diunggah / "
            "the file changed since it was uploaded"
        )
    mapping = column_mapping(upload.file_name, table.headers, chosen)
    checked = check_rows(table, mapping, default_amount)
    lm = current_model()
    spec = load_spec()
    registry, _cached = frames.registry_frame(lm.version, spec)
    good = checked.good
    matches = link_rows(
        good, registry, lm.model, spec, Thresholds(lm.low_threshold, lm.high_threshold)
    )
    match_of_row = dict(zip(good[SOURCE_ROW].to_list(), good[ROW_ID].to_list(), strict=True))
    amount_of_row = dict(
        zip(checked.frame[SOURCE_ROW].to_list(), checked.frame["amount_idr"].to_list(), strict=True)
    )
    raws = table.frame.select(SOURCE_ROW, *table.headers).rows()

    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("program").get(pk=upload.cycle_id)
        _require_draft(cycle)
        upload = NominationUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != status:
            raise UploadError("berkas ini sudah diproses / this file was already processed")
        ids = {m.business_id for m in matches.values() if m.business_id}
        ids |= {b for m in matches.values() for b, _p in m.candidates}
        visible = _visible_businesses(user, ids)
        first_row: dict[int, int] = {}
        rows: list[NominationUploadRow] = []
        for source_row, *cells in raws:
            row = NominationUploadRow(
                upload=upload,
                row_number=source_row,
                raw=dict(zip(table.headers, cells, strict=True)),
                notes=checked.notes.get(source_row, []),
                amount_idr=amount_of_row.get(source_row),
            )
            if source_row in checked.bad:
                row.outcome, row.message = UploadOutcome.BAD, checked.bad[source_row]
            else:
                match = matches[match_of_row[source_row]]
                _decide(user, cycle, row, match, visible, first_row)
            rows.append(row)
        NominationUploadRow.objects.bulk_create(rows, batch_size=1000)
        counts = {o.value: 0 for o in UploadOutcome}
        for row in rows:
            counts[row.outcome] += 1
        upload.mapping = {h: mapping_value(mapping, h) for h in table.headers}
        upload.default_amount_idr = default_amount
        upload.model_version = lm.version
        upload.nominated = counts[UploadOutcome.NOMINATED]
        upload.refused = counts[UploadOutcome.REFUSED]
        upload.doubtful = counts[UploadOutcome.DOUBTFUL]
        upload.not_found = counts[UploadOutcome.NOT_FOUND]
        upload.bad = counts[UploadOutcome.BAD]
        upload.status = NominationUploadStatus.DONE
        upload.run_by, upload.run_at = user, timezone.now()
        upload.seconds = round(time.perf_counter() - started, 2)
        upload.error, upload.heartbeat_at = "", None
        upload.save()
        record(
            user,
            Action.UPDATE,
            upload,
            changes={
                "status": {"old": status, "new": upload.status},
                "rows": {"new": len(rows)},
                **{k: {"new": v} for k, v in counts.items()},
                "model_version": {"new": lm.version},
            },
        )
    return upload


def _decide(
    user: Any,
    cycle: Cycle,
    row: NominationUploadRow,
    match: Match,
    visible: dict[int, Business],
    first_row: dict[int, int],
) -> None:
    """Set one linked row's outcome; nominate it when it matched one business."""
    row.matched_by, row.match_probability = match.matched_by, match.probability
    if match.business_id is None:
        shown = [(b, p) for b, p in match.candidates if b in visible]
        if shown:
            row.outcome = UploadOutcome.DOUBTFUL
            row.candidates = [{"business_id": b, "probability": p} for b, p in shown]
            row.message = (
                "cocok meragukan: pilih usaha yang benar atau abaikan / "
                "doubtful match: choose the right business or leave the row"
            )
        else:
            row.outcome = UploadOutcome.NOT_FOUND
            row.message = (
                "tidak ada di registri: impor dulu lewat menu Impor / "
                "not in the registry: import it through intake first"
            )
        return
    business = visible.get(match.business_id)
    if business is None:
        # Not named: the uploader may not see businesses outside their region.
        row.outcome = UploadOutcome.REFUSED
        row.message = (
            "usaha yang cocok berada di luar wilayah Anda / "
            "the matching business is outside your region"
        )
        return
    row.business = business
    if business.pk in first_row:
        n = first_row[business.pk]
        row.outcome = UploadOutcome.REFUSED
        row.message = (
            f"{business.name}: sudah dinominasikan dari baris {n} berkas ini / "
            f"already nominated from row {n} of this file"
        )
        return
    first_row[business.pk] = row.row_number
    try:
        row.nomination = actions.nominate(user, cycle, business, row.amount_idr)
    except actions.ProgramError as exc:
        row.outcome, row.message = UploadOutcome.REFUSED, str(exc)
    else:
        row.outcome = UploadOutcome.NOMINATED


def nominate_candidate(user: Any, row: NominationUploadRow, business_id: int) -> Nomination:
    """Nominate the business a person chose for a doubtful row (one of its candidates).

    The row keeps its outcome (what the run decided) and gains the business, the
    nomination and who chose it when. Raises UploadError / ProgramError with the reason.
    """
    require_program(user, row.upload.cycle.program, "nominate_candidate")
    with transaction.atomic():
        row = (
            NominationUploadRow.objects.select_for_update()
            .select_related("upload__cycle__program")
            .get(pk=row.pk)
        )
        if row.outcome != UploadOutcome.DOUBTFUL or row.nomination_id is not None:
            raise UploadError("baris ini sudah diputuskan / this row is already decided")
        if business_id not in {c["business_id"] for c in row.candidates}:
            raise UploadError("bukan kandidat baris ini / not a candidate of this row")
        business = Business.objects.visible_to(user).filter(pk=business_id).first()
        if business is None:
            raise PermissionDenied
        cycle = Cycle.objects.select_for_update().get(pk=row.upload.cycle_id)
        nomination = actions.nominate(user, cycle, business, row.amount_idr)
        row.business, row.nomination = business, nomination
        row.chosen_by, row.chosen_at = user, timezone.now()
        row.save(update_fields=["business", "nomination", "chosen_by", "chosen_at"])
        record(
            user,
            Action.UPDATE,
            row.upload,
            changes={"row": {"new": row.row_number}, "business": {"new": business.pk}},
        )
    return nomination
