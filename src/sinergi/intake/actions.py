"""Intake verbs: every write of the intake app goes through one of these.

Views, the `sinergi import` command and (later) the API call the same verbs, so the rules
live here once: only officers upload; a batch takes the uploader's region scope; a file
whose content was already imported must be confirmed before it is imported again; a
mapping correction is remembered for the source; a fix never overwrites a raw value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Organisation
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record as audit
from sinergi.audit.events import FilesReceived, ProblemFixed
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


def create_batch(
    user: object | None,
    *,
    source_name: str,
    uploads: list[Upload],
    organisation: Organisation | None = None,
    label: str = "",
) -> ImportBatch:
    """Store the files, read them for the preview and create a draft batch.

    `user` None is the trusted command-line path: the scope is the organisation's region.
    Raises IntakeError naming the file when a file cannot be read at all.
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
    tables = []
    for path, content_hash, _size in stored:
        try:
            table = read_table(path)
        except InputError as exc:
            raise IntakeError(str(exc)) from exc
        # The import takes this back instead of parsing the file a second time.
        parsed.keep(table, path, content_hash)
        tables.append(table)
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(organisation=organisation, name=source_name)
        batch = ImportBatch.objects.create(
            source=source,
            organisation=organisation,
            uploaded_by=user if user is not None else None,
            uploaded_by_username=user.get_username() if user is not None else "",
            scope_code=scope,
            label=label.strip()[:300],
        )
        seen = ImportBatch.objects.exclude(status=BatchStatus.DRAFT).exclude(id=batch.id)
        if user is not None:
            seen = seen.filter(id__in=ImportBatch.objects.visible_to(user))
        else:
            seen = seen.within(scope)
        total = 0
        for position, ((path, content_hash, size), table) in enumerate(
            zip(stored, tables, strict=True)
        ):
            mapping = recognise_table(table, overrides=source.column_map or None)
            SourceFile.objects.create(
                batch=batch,
                name=path.name,
                sheet=table.sheet or "",
                stored_path=str(path),
                content_hash=content_hash,
                size=size,
                header_row=table.header_row,
                headers=table.headers,
                numeric_columns=sorted(table.numeric_columns),
                mapping={h: f for f, h in mapping.fields.items()},
                recognition=[c.as_dict() for c in mapping.choices],
                rows_total=table.frame.height,
                preview=table.frame.head(PREVIEW_ROWS).select(table.headers).rows(),
                notices=[
                    {
                        "row": p.row,
                        "code": p.code,
                        "value": p.value,
                        "message_id": p.message_id,
                        "message_en": p.message_en,
                    }
                    for p in table.problems
                ],
                position=position,
            )
            total += table.frame.height
            earlier = (
                SourceFile.objects.filter(content_hash=content_hash, batch__in=seen)
                .order_by("-batch_id")
                .first()
            )
            if earlier is not None and batch.duplicate_of_id is None:
                batch.duplicate_of_id = earlier.batch_id
        batch.rows_total = total
        batch.save(update_fields=["rows_total", "duplicate_of"])
        audit(user, "create", batch, event=FilesReceived([p.name for p, _h, _s in stored]))
    return batch


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
