"""Pages for nominating from a file (`programs.uploads`): upload, check columns, result.

Plain functions: parse, authorise, call a verb, render. An upload is found through its
cycle's program, `Program.objects.visible_to(user)`, so one outside the user's scope is
a 404; acting needs `may_manage` of the program (403) and a draft cycle (404 otherwise, like a page
that is not there to act on). The result page stays readable after submission.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.core.column_notes import notes_by_header
from sinergi.core.masking import mask_nik
from sinergi.core.uploads import LimitedFileField
from sinergi.linkage import CANONICAL_FIELDS, InputError
from sinergi.programs import actions, uploads
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    NominationUpload,
    NominationUploadRow,
    NominationUploadStatus,
    Program,
    UploadOutcome,
)
from sinergi.programs.permissions import may_manage, require_program, require_view
from sinergi.programs.views import visible_cycle
from sinergi.registry.models import Business

PAGE_SIZE = 100


class UploadFileForm(forms.Form):
    file = LimitedFileField(label=gettext_lazy("File (.xlsx, .xls, .ods, .csv)"))


class RunForm(forms.Form):
    default_amount_idr = forms.IntegerField(
        label=gettext_lazy("Default amount (Rp)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Used for rows whose amount cell is empty."),
    )


def _visible_programs(request: HttpRequest) -> Any:
    return Program.objects.visible_to(request.user)


def _draft_cycle(request: HttpRequest, pk: int) -> Cycle:
    cycle = visible_cycle(request, pk)
    require_program(request.user, cycle.program)
    if cycle.status != CycleStatus.DRAFT:
        raise Http404
    return cycle


def _upload(request: HttpRequest, pk: int) -> NominationUpload:
    require_view(request.user)
    return get_object_or_404(
        NominationUpload.objects.select_related("cycle__program", "uploaded_by", "run_by").filter(
            cycle__program__in=_visible_programs(request)
        ),
        pk=pk,
    )


@login_required
@require_POST
def upload_create(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _draft_cycle(request, pk)
    form = UploadFileForm(request.POST, request.FILES)
    if not form.is_valid():
        too_large = form.has_error("file", "too_large")
        messages.error(
            request, form.errors["file"][0] if too_large else _("Choose a file to upload.")
        )
        return redirect("programs:cycle", cycle.pk)
    file = form.cleaned_data["file"]
    try:
        # Stores the file and queues its reading: nothing is parsed in the request.
        upload = uploads.receive_upload(request.user, cycle, file.name, file.chunks())
    except uploads.UploadError as exc:
        messages.error(request, str(exc))
        return redirect("programs:cycle", cycle.pk)
    return redirect("programs:upload", upload.pk)


def _check_context(upload: NominationUpload, mapping: dict[str, str]) -> dict[str, Any]:
    headers = upload.headers
    notes = notes_by_header(upload.recognition)
    return {
        "columns": [
            {"index": i, "header": h, "field": mapping.get(h, "-"), "note": notes.get(h)}
            for i, h in enumerate(headers)
        ],
        "preview": [
            uploads.shown_cells(dict(zip(headers, row, strict=False)), headers, mapping)
            for row in upload.preview
        ],
        "fields": CANONICAL_FIELDS,
        "recognised": [(h, f) for h, f in mapping.items() if f != "-"],
        "max_rows": uploads.MAX_ROWS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _upload(request, pk)
    if upload.status == NominationUploadStatus.DONE:
        if request.GET.get("poll"):
            return _refresh()
        return _result(request, upload)
    if upload.status in WORKING or upload.status == NominationUploadStatus.UNREADABLE:
        return _working(request, upload)
    if request.GET.get("poll"):
        return _refresh()
    cycle = upload.cycle
    may_run = may_manage(request.user, cycle.program) and cycle.status == CycleStatus.DRAFT
    mapping = dict(upload.mapping)
    form = RunForm(request.POST or None)
    error = ""
    if request.method == "POST":
        _draft_cycle(request, cycle.pk)
        mapping = {h: request.POST.get(f"map-{i}", "-") for i, h in enumerate(upload.headers)}
        if form.is_valid():
            try:
                # Checks the choices against the headers and queues the run.
                upload = uploads.queue_run(
                    request.user, upload, mapping, form.cleaned_data["default_amount_idr"]
                )
            except (InputError, uploads.UploadError, actions.ProgramError) as exc:
                error = str(exc)
            else:
                return redirect("programs:upload", upload.pk)
    elif upload.error:
        error = upload.error  # the worker refused the last run: say why
    context = {
        "upload": upload,
        "cycle": cycle,
        "program": cycle.program,
        "form": form,
        "error": error,
        "may_run": may_run,
        **_check_context(upload, mapping),
    }
    return render(request, "programs/upload_check.html", context, status=400 if error else 200)


WORKING = (
    NominationUploadStatus.READING,
    NominationUploadStatus.QUEUED,
    NominationUploadStatus.RUNNING,
)


def _refresh() -> HttpResponse:
    """htmx: the job moved on; reload the page to show its next step."""
    response = HttpResponse("")
    response["HX-Refresh"] = "true"
    return response


def _working(request: HttpRequest, upload: NominationUpload) -> HttpResponse:
    """The worker reads or runs the file (the page polls), or could not read it."""
    context = {
        "upload": upload,
        "cycle": upload.cycle,
        "program": upload.cycle.program,
        "active": upload.status in WORKING,
    }
    if request.GET.get("poll") and request.headers.get("HX-Request") == "true":
        return render(request, "programs/_upload_status.html", context)
    return render(request, "programs/upload_status.html", context)


def _candidate_rows(request: HttpRequest, rows: list[NominationUploadRow]) -> dict[int, Any]:
    ids = {c["business_id"] for r in rows for c in r.candidates}
    ids |= {r.business_id for r in rows if r.business_id}
    return (
        Business.objects.visible_to(request.user)
        .select_related("owner", "village")
        .in_bulk(sorted(ids))
    )


def _result(request: HttpRequest, upload: NominationUpload) -> HttpResponse:
    outcome = request.GET.get("outcome", "")
    rows = upload.rows.select_related("nomination", "chosen_by").order_by("row_number")
    if outcome in UploadOutcome.values:
        rows = rows.filter(outcome=outcome)
    else:
        outcome = ""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    found = _candidate_rows(request, list(page.object_list))
    may_choose = (
        may_manage(request.user, upload.cycle.program) and upload.cycle.status == CycleStatus.DRAFT
    )
    message_key = "message_en" if get_language() == "en" else "message_id"
    shown = []
    for row in page.object_list:
        candidates = []
        for c in row.candidates:
            business = found.get(c["business_id"])
            if business is None:
                continue  # outside this viewer's region
            candidates.append(
                {
                    "business": business,
                    "nik": mask_nik(business.owner.nik if business.owner_id else ""),
                    "probability": c["probability"],
                }
            )
        cells = uploads.shown_cells(row.raw, upload.headers, upload.mapping)
        shown.append(
            {
                "row": row,
                "cells": [c for c in cells if c.strip()],
                "notes": [f"{n['column']}: {n[message_key]}" for n in row.notes],
                "business": found.get(row.business_id) if row.business_id else None,
                "candidates": candidates,
            }
        )
    counts = [
        ("", _("All rows"), upload.rows_total),
        (UploadOutcome.NOMINATED, UploadOutcome.NOMINATED.label, upload.nominated),
        (UploadOutcome.REFUSED, UploadOutcome.REFUSED.label, upload.refused),
        (UploadOutcome.DOUBTFUL, UploadOutcome.DOUBTFUL.label, upload.doubtful),
        (UploadOutcome.NOT_FOUND, UploadOutcome.NOT_FOUND.label, upload.not_found),
        (UploadOutcome.BAD, UploadOutcome.BAD.label, upload.bad),
    ]
    return render(
        request,
        "programs/upload.html",
        {
            "upload": upload,
            "cycle": upload.cycle,
            "program": upload.cycle.program,
            "page": page,
            "rows": shown,
            "counts": counts,
            "outcome": outcome,
            "may_choose": may_choose,
            "recognised": [(h, f) for h, f in upload.mapping.items() if f != "-"],
        },
    )


@login_required
@require_POST
def upload_row_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    require_view(request.user)
    row = get_object_or_404(
        NominationUploadRow.objects.select_related("upload__cycle").filter(
            upload__cycle__program__in=_visible_programs(request)
        ),
        pk=pk,
    )
    _draft_cycle(request, row.upload.cycle_id)
    business = request.POST.get("business", "")
    if not business.isdigit():
        raise Http404
    try:
        uploads.nominate_candidate(request.user, row, int(business))
    except (uploads.UploadError, actions.ProgramError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Row %(n)d: business nominated.") % {"n": row.row_number})
    return redirect(f"{_url(row.upload_id)}?outcome=doubtful#row-{row.row_number}")


def _url(upload_id: int) -> str:
    from django.urls import reverse

    return reverse("programs:upload", args=[upload_id])
