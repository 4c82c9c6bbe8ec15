"""/api/imports: upload files for import and follow them, through the intake verbs.

The same path as the web upload (`intake.views.upload`): the same `UploadForm` (size,
count and type limits), `actions.receive_batch` (stores the bytes with
`storage.store_chunks` and queues the read for the worker), `actions.start_import` (the
import job) and `ImportBatch.objects.visible_to`. The token's user decides everything:
their role (`import_data`), their region (the batch's scope) and their organisation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status, UploadedFile
from ninja.errors import HttpError

from sinergi.accounts.models import Organisation
from sinergi.accounts.roles import permissions_for
from sinergi.api.schemas import Error, ImportOut
from sinergi.intake import actions
from sinergi.intake.forms import UploadForm
from sinergi.intake.models import ImportBatch
from sinergi.intake.querysets import can_import

router = Router(tags=["imports"])


def _importer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise HttpError(403, "not allowed")


def import_out(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk, "status": batch.status, "source": batch.source.name,
        "label": batch.label, "percent": batch.percent, "rows_total": batch.rows_total,
        "rows_read": batch.rows_read, "rows_valid": batch.rows_valid,
        "rows_with_problems": batch.rows_with_problems,
        "rows_out_of_scope": batch.rows_out_of_scope, "rows_linked": batch.rows_linked,
        "duplicate_of": batch.duplicate_of_id, "error": batch.error,
        "files": [
            {"name": f.name, "rows_total": f.rows_total, "mapping": f.mapping or {}}
            for f in batch.files.order_by("position", "id")
        ],
        "created_at": batch.created_at, "finished_at": batch.finished_at,
    }  # fmt: skip


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    _importer(request)
    return get_object_or_404(
        ImportBatch.objects.visible_to(request.user).select_related("source"), pk=pk
    )


@router.post("/imports", response={201: ImportOut, 403: Error, 422: Error})
def create_import(
    request: HttpRequest,
    source: Form[str],
    files: File[list[UploadedFile]],
    label: Form[str] = "",
    organisation: Form[int | None] = None,
) -> Any:
    """Upload one or more files (.xlsx, .xls, .ods, .csv) as one import of `source`.

    Only stores them: the worker reads them (status `reading`, then `draft` with the
    recognised columns, or `unreadable` with the reason). Poll `GET /imports/{id}`, then
    `POST /imports/{id}/start`. `organisation` (an id) is for national roles only;
    regional officers always upload for their own organisation."""
    _importer(request)
    perms = permissions_for(request.user)
    organisations = Organisation.objects.all() if not perms.scope else None
    form = UploadForm(request.POST, request.FILES, organisations=organisations)
    if not form.is_valid():
        return Status(422, {"detail": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    try:
        batch = actions.receive_batch(
            request.user,
            source_name=form.cleaned_data["source"],
            label=form.cleaned_data.get("label") or "",
            organisation=form.cleaned_data.get("organisation")
            or actions.organisation_of(request.user),
            uploads=[actions.Upload(f.name, f.chunks()) for f in form.cleaned_data["files"]],
        )
    except actions.IntakeError as exc:
        return Status(422, {"detail": {"files": [str(exc)]}})
    return Status(201, import_out(batch))


@router.get("/imports/{pk}", response={200: ImportOut, 403: Error, 404: Error})
def get_import(request: HttpRequest, pk: int) -> Any:
    """An import's status and progress (poll it: `percent`, the row counts, `error`)."""
    return import_out(_batch(request, pk))


@router.post("/imports/{pk}/start", response={200: ImportOut, 403: Error, 404: Error, 409: Error})
def start_import(request: HttpRequest, pk: int, confirm_duplicate: bool = False) -> Any:
    """Queue the import of a read (`draft`) batch, or resume a failed or cancelled one.
    A batch repeating an imported file needs `confirm_duplicate=true` (else 409)."""
    batch = _batch(request, pk)
    try:
        batch = actions.start_import(request.user, batch, confirm_duplicate=confirm_duplicate)
    except actions.IntakeError as exc:
        return Status(409, {"detail": str(exc)})
    return import_out(batch)
