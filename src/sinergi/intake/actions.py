"""Intake verbs: every write of the intake app goes through one of these.

Views, the `sinergi import` command and (later) the API call the same verbs, so the rules
live here once: only officers upload; a batch takes the uploader's region scope; a file
whose content was already imported must be confirmed before it is imported again; a
mapping correction is remembered for the source; a fix never overwrites a raw value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Organisation
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record as audit
from sinergi.audit.events import FilesReceived, ProblemFixed
from sinergi.core import jobs
from sinergi.intake import parsed, storage
from sinergi.intake.models import (
    BatchStatus,
    ImportBatch,
    ProblemStatus,
    RowProblem,
    Source,
    SourceFile,
    SourceRecord,
)
from sinergi.intake.querysets import can_import
from sinergi.intake.transform import normalise_one
from sinergi.linkage import CANONICAL_FIELDS, InputError, read_table, recognise_table

PREVIEW_ROWS = 10
STARTABLE = (BatchStatus.DRAFT, BatchStatus.FAILED, BatchStatus.CANCELLED)
# Batches whose files have not been read (yet, or ever): never "already imported".
UNREAD = (BatchStatus.DRAFT, BatchStatus.READING, BatchStatus.UNREADABLE)


class IntakeError(Exception):
    """A request the verbs refuse, with a one-line message (Bahasa Indonesia / English)."""


class DuplicateUpload(IntakeError):
    """The batch repeats a file already imported and the user has not confirmed."""


@dataclass
class Upload:
    """One uploaded file: its original name and its bytes, in chunks."""

    name: str
    chunks: Iterable[bytes]


def _require_officer(user: object, batch: ImportBatch | None = None) -> None:
    """The role may import (`import_data`) and the batch lies inside the user's region.
    `user` None is the trusted command-line path (an operator on the server)."""
    if user is None:
        return
    if not can_import(user):
        raise NotAllowed("import_data")
    if batch is not None and not scope_for(user).contains(batch.scope_code):
        raise NotAllowed("import_data")


def organisation_of(user: object) -> Organisation | None:
    membership = getattr(user, "membership", None)
    return membership.organisation if membership is not None else None


def receive_batch(
    user: object | None,
    *,
    source_name: str,
    uploads: list[Upload],
    organisation: Organisation | None = None,
    label: str = "",
    read_in_worker: bool = True,
) -> ImportBatch:
    """Store the files as received and create a batch that is `reading` them.

    Nothing is parsed here: a web request only stores the bytes (the size limit is the
    form's, SINERGI_MAX_UPLOAD_MB) and queues `read_batch` for the worker, so a large or
    hostile workbook never ties up a web process. With `read_in_worker` False the caller
    reads it itself (`create_batch`: the command line and fixtures).
    """
    _require_officer(user)
    if user is not None:
        own = organisation_of(user)
        scope = scope_for(user).region
        if organisation is None or (scope and organisation != own):
            # Regional officers always upload for their own organisation.
            organisation = own
    else:
        scope = organisation.region_id or "" if organisation else ""
    if organisation is None:
        raise IntakeError("Organisasi belum dipilih / no organisation given")
    source_name = source_name.strip()
    if not source_name:
        raise IntakeError("Nama sumber data wajib diisi / the source name is required")
    if not uploads:
        raise IntakeError("Pilih minimal satu berkas / choose at least one file")
    stored = [storage.store_chunks(u.name, u.chunks) for u in uploads]
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(organisation=organisation, name=source_name)
        batch = ImportBatch.objects.create(
            source=source,
            organisation=organisation,
            uploaded_by=user if user is not None else None,
            uploaded_by_username=user.get_username() if user is not None else "",
            scope_code=scope,
            label=label.strip()[:300],
            status=BatchStatus.READING,
        )
        for position, (path, content_hash, size) in enumerate(stored):
            SourceFile.objects.create(
                batch=batch,
                name=path.name,
                stored_path=str(path),
                content_hash=content_hash,
                size=size,
                position=position,
            )
        audit(user, "create", batch, event=FilesReceived([p.name for p, _h, _s in stored]))
        if read_in_worker:
            # The database backend stores the job in this transaction: both or neither.
            enqueue_read(batch.id)
    return batch


def create_batch(
    user: object | None,
    *,
    source_name: str,
    uploads: list[Upload],
    organisation: Organisation | None = None,
    label: str = "",
) -> ImportBatch:
    """Store and read the files at once (command line, fixtures): a draft batch.

    Raises IntakeError naming the file when a file cannot be read at all.
    """
    batch = receive_batch(
        user,
        source_name=source_name,
        uploads=uploads,
        organisation=organisation,
        label=label,
        read_in_worker=False,
    )
    if read_batch(batch.id) != BatchStatus.DRAFT:
        batch.refresh_from_db()
        raise IntakeError(batch.error)
    batch.refresh_from_db()
    return batch


def enqueue_read(batch_id: int) -> None:
    from sinergi.intake.tasks import read_batch_task

    result = read_batch_task.enqueue(batch_id)
    ImportBatch.objects.filter(id=batch_id).update(task_id=str(result.id)[:64])


def read_batch(batch_id: int) -> str:
    """Read every stored file of a `reading` batch: preview, mapping, row counts; -> draft.

    Runs in the worker (`tasks.read_batch_task`). Idempotent: it only acts on a batch still
    `reading` and rewrites the files' descriptions whole, so a re-run after a crash is
    harmless. A file that cannot be read ends the batch `unreadable` with the reader's
    message, which names the file (and the row or column where it can). Returns the
    batch's status, or "not-claimed" when the batch was not waiting to be read.
    """
    kind = jobs.KINDS["intake.read"]
    if not jobs.claim(kind, batch_id, waiting=BatchStatus.READING):
        return "not-claimed"
    with jobs.Heartbeat(lambda: jobs.beat(kind, batch_id)):
        return _read_claimed(batch_id)


def _read_claimed(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("source", "uploaded_by").get(id=batch_id)
    files = list(batch.files.order_by("position", "id"))
    tables = []
    try:
        for source_file in files:
            path = Path(source_file.stored_path)
            table = read_table(path)
            # The import takes this back instead of parsing the file a second time.
            parsed.keep(table, path, source_file.content_hash)
            tables.append(table)
    except (InputError, OSError, ValueError) as exc:
        return _unreadable(batch_id, exc)
    user = batch.uploaded_by
    seen = ImportBatch.objects.exclude(status__in=UNREAD).exclude(id=batch.id)
    if user is not None:
        seen = seen.filter(id__in=ImportBatch.objects.visible_to(user))
    else:
        seen = seen.within(batch.scope_code)
    source = batch.source
    with transaction.atomic():
        total = 0
        duplicate_of = None
        for source_file, table in zip(files, tables, strict=True):
            mapping = recognise_table(table, overrides=source.column_map or None)
            source_file.sheet = table.sheet or ""
            source_file.header_row = table.header_row
            source_file.headers = table.headers
            source_file.numeric_columns = sorted(table.numeric_columns)
            source_file.mapping = {h: f for f, h in mapping.fields.items()}
            source_file.recognition = [c.as_dict() for c in mapping.choices]
            source_file.rows_total = table.frame.height
            source_file.preview = table.frame.head(PREVIEW_ROWS).select(table.headers).rows()
            source_file.notices = [
                {
                    "row": p.row,
                    "code": p.code,
                    "value": p.value,
                    "message_id": p.message_id,
                    "message_en": p.message_en,
                }
                for p in table.problems
            ]
            source_file.save()
            total += table.frame.height
            earlier = (
                SourceFile.objects.filter(content_hash=source_file.content_hash, batch__in=seen)
                .order_by("-batch_id")
                .first()
            )
            if earlier is not None and duplicate_of is None:
                duplicate_of = earlier.batch_id
        done = ImportBatch.objects.filter(id=batch.id, status=BatchStatus.READING).update(
            status=BatchStatus.DRAFT,
            rows_total=total,
            duplicate_of_id=duplicate_of,
            error="",
            heartbeat_at=None,
        )
        if not done:  # taken by another reader meanwhile: its result stands
            transaction.set_rollback(True)
            return "not-claimed"
    return BatchStatus.DRAFT


def _unreadable(batch_id: int, exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    ImportBatch.objects.filter(id=batch_id, status=BatchStatus.READING).update(
        status=BatchStatus.UNREADABLE,
        error=message[:2000],
        finished_at=timezone.now(),
        heartbeat_at=None,
    )
    return BatchStatus.UNREADABLE


def set_mapping(user: object | None, source_file: SourceFile, mapping: dict[str, str]) -> None:
    """Correct the mapping of one file ({header: field or "-"}) and remember it for the source.

    Raises IntakeError for an unknown field or a field given to two headers.
    """
    _require_officer(user, source_file.batch)
    batch = source_file.batch
    if batch.status not in STARTABLE or batch.rows_read:
        raise IntakeError(
            "Pemetaan hanya dapat diubah sebelum impor dimulai / "
            "the mapping can only change before the import starts"
        )
    clean: dict[str, str] = {}
    used: dict[str, str] = {}
    for header, fld in mapping.items():
        if header not in source_file.headers:
            continue
        if fld not in CANONICAL_FIELDS and fld != "-":
            raise IntakeError(f"Kolom {header!r}: field {fld!r} tidak dikenal / unknown field")
        if fld != "-" and fld in used:
            raise IntakeError(
                f"Field {fld} dipakai dua kolom ({used[fld]!r}, {header!r}) / "
                f"field {fld} is given to two columns"
            )
        if fld != "-":
            used[fld] = header
        clean[header] = fld
    old = source_file.mapping
    new = {h: f for h, f in clean.items() if f != "-"}
    with transaction.atomic():
        source_file.mapping = new
        source_file.save(update_fields=["mapping"])
        source = batch.source
        source.column_map = {**source.column_map, **clean}
        source.save(update_fields=["column_map"])
        audit(user, "update", source_file, changes={"mapping": {"old": old, "new": new}})


def start_import(
    user: object | None, batch: ImportBatch, *, confirm_duplicate: bool = False
) -> ImportBatch:
    """Queue the import (or its resumption) as a background task.

    A batch that repeats an imported file starts only with `confirm_duplicate`. A failed or
    cancelled batch resumes where it stopped; a running batch whose worker died is
    re-queued by `pipeline.requeue_stale`.
    """
    _require_officer(user, batch)
    if batch.status in (BatchStatus.READING, BatchStatus.UNREADABLE):
        raise IntakeError(
            "Berkas belum atau tidak dapat dibaca; tidak ada yang bisa diimpor / "
            "the files are not read (yet, or cannot be): nothing to import"
        )
    if batch.duplicate_of_id and not (batch.duplicate_confirmed or confirm_duplicate):
        raise DuplicateUpload(
            f"Berkas yang sama sudah pernah diimpor (impor #{batch.duplicate_of_id}); "
            "konfirmasi untuk mengimpor lagi / the same file was already imported "
            f"(import #{batch.duplicate_of_id}); confirm to import it again"
        )
    updated = ImportBatch.objects.filter(id=batch.id, status__in=STARTABLE).update(
        status=BatchStatus.QUEUED,
        cancel_requested=False,
        error="",
        duplicate_confirmed=batch.duplicate_confirmed or confirm_duplicate,
    )
    if not updated:
        raise IntakeError("Impor ini sudah berjalan / this import is already running")
    audit(user, "update", batch, changes={"status": {"old": batch.status, "new": "queued"}})
    enqueue(batch.id)
    batch.refresh_from_db()
    return batch


def enqueue(batch_id: int) -> None:
    from sinergi.intake.tasks import import_batch_task

    result = import_batch_task.enqueue(batch_id)
    ImportBatch.objects.filter(id=batch_id).update(task_id=str(result.id)[:64])


def cancel_import(user: object | None, batch: ImportBatch) -> None:
    """Ask the import to stop. Rows already stored stay (never lose a row); it can resume."""
    _require_officer(user, batch)
    ImportBatch.objects.filter(
        id=batch.id, status__in=(BatchStatus.DRAFT, BatchStatus.QUEUED)
    ).update(status=BatchStatus.CANCELLED, finished_at=timezone.now())
    ImportBatch.objects.filter(id=batch.id, status=BatchStatus.RUNNING).update(
        cancel_requested=True
    )
    audit(user, "update", batch, changes={"cancel_requested": {"old": False, "new": True}})


def fix_problem(user: object | None, problem: RowProblem, value: str) -> RowProblem:
    """Correct the value of a problem's column beside the raw one; re-check the row.

    The raw cell is never changed: the correction goes to `SourceRecord.corrected` and the
    row's normalised values are recomputed. Raises IntakeError when the column cannot be
    corrected or the new value still has the same problem.
    """
    _require_officer(user, problem.batch)
    fld = problem.column
    if fld not in CANONICAL_FIELDS:
        raise IntakeError(
            "Masalah ini tidak dapat diperbaiki dengan nilai baru; tandai 'abaikan' / "
            "this problem cannot be fixed with a new value; mark it 'ignore'"
        )
    value = value.strip()
    record: SourceRecord = problem.record
    corrected = {**record.corrected, fld: value}
    result = normalise_one(
        {**record.canonical, **corrected},
        record.batch.scope_code,
        record.file_id,
        record.row_number,
    )
    still = result.problems.filter(
        (result.problems["column"] == fld) & (result.problems["code"] == problem.code)
    )
    if still.height:
        raise IntakeError(f"{still['message_id'][0]} / {still['message_en'][0]}")
    row = result.records.row(0, named=True)
    with transaction.atomic():
        old = record.corrected.get(fld)
        record.corrected = corrected
        record.normalised = _json_loads(row["normalised"])
        for name in (
            "nik_status",
            "province_code",
            "regency_code",
            "district_code",
            "village_code",
            "in_scope",
        ):
            setattr(record, name, row[name])
        record.save()
        problem.status = ProblemStatus.FIXED
        problem.corrected_value = value
        problem.fixed_by = user if user is not None else None
        problem.fixed_at = timezone.now()
        problem.save()
        audit(
            user,
            "update",
            record,
            fields=[fld],
            changes={f"corrected.{fld}": (old, value)},
            event=ProblemFixed(problem.code),
        )
    return problem


def ignore_problem(user: object | None, problem: RowProblem) -> RowProblem:
    _require_officer(user, problem.batch)
    problem.status = ProblemStatus.IGNORED
    problem.fixed_by = user if user is not None else None
    problem.fixed_at = timezone.now()
    problem.save(update_fields=["status", "fixed_by", "fixed_at"])
    audit(user, "update", problem, changes={"status": {"old": "open", "new": "ignored"}})
    return problem


def _json_loads(text: str) -> dict:
    import json

    return json.loads(text)
