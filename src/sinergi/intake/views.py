"""Intake pages. Plain functions: parse, authorise, call a verb, render.

Every view starts from a `visible_to(request.user)` queryset, so a batch, record or problem
outside the user's region is a 404, indistinguishable from one that does not exist. Users
who may not import at all get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.models import Organisation
from sinergi.accounts.roles import permissions_for
from sinergi.audit.actions import record as audit
from sinergi.audit.events import Exported
from sinergi.core import jobs
from sinergi.core.column_notes import notes_by_header
from sinergi.intake import actions, exports, pii
from sinergi.intake.forms import FixForm, ProblemFilterForm, UploadForm
from sinergi.intake.models import ImportBatch, RowProblem, Source, SourceFile, SourceRecord
from sinergi.intake.querysets import can_import
from sinergi.linkage import CANONICAL_FIELDS

PAGE_SIZE = 50
# htmx stops polling when a response has this status.
STOP_POLLING = 286


def _officer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    _officer(request)
    return get_object_or_404(
        ImportBatch.objects.visible_to(request.user).select_related("source", "organisation"),
        pk=pk,
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    _officer(request)
    batches = ImportBatch.objects.visible_to(request.user).select_related("source", "organisation")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/list.html", {"page": page})


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _officer(request)
    perms = permissions_for(request.user)
    organisations = Organisation.objects.all() if not perms.scope else None
    own = actions.organisation_of(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST":
        if form.is_valid():
            try:
                # Stores the files and queues their reading: nothing is parsed here.
                batch = actions.receive_batch(
                    request.user,
                    source_name=form.cleaned_data["source"],
                    label=form.cleaned_data.get("label") or "",
                    organisation=form.cleaned_data.get("organisation") or own,
                    uploads=[
                        actions.Upload(f.name, f.chunks()) for f in request.FILES.getlist("files")
                    ],
                )
            except actions.IntakeError as exc:
                form.add_error("files", str(exc))
            else:
                return redirect("intake:detail", batch.pk)
    sources = Source.objects.filter(organisation=own) if own else Source.objects.none()
    return render(request, "intake/upload.html", {"form": form, "sources": sources})


def _mapping_rows(source_file: SourceFile) -> list[dict]:
    notes = notes_by_header(source_file.recognition)
    return [
        {"index": i, "header": h, "field": source_file.mapping.get(h, "-"), "note": notes.get(h)}
        for i, h in enumerate(source_file.headers)
    ]


def _detail_context(batch: ImportBatch, request: HttpRequest) -> dict:
    files = [
        {"file": f, "columns": _mapping_rows(f), "rows": pii.preview_rows(f, full=False)}
        for f in batch.files.order_by("position", "id")
    ]
    return {"batch": batch, "files": files, "fields": CANONICAL_FIELDS, **_pii(request)}


def _pii(request: HttpRequest) -> dict:
    return {"may_reveal": permissions_for(request.user).see_full_pii}


def _may_reveal(request: HttpRequest) -> None:
    if not permissions_for(request.user).see_full_pii:
        raise PermissionDenied


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    return render(request, "intake/detail.html", _detail_context(batch, request))


@login_required
@require_POST
def set_mapping(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    source_file = get_object_or_404(batch.files, pk=file_pk)
    mapping = {
        header: request.POST.get(f"map-{i}", "-") for i, header in enumerate(source_file.headers)
    }
    error = ""
    try:
        actions.set_mapping(request.user, source_file, mapping)
    except actions.IntakeError as exc:
        error = str(exc)
    source_file.refresh_from_db()
    context = {
        "batch": batch,
        "item": {"file": source_file, "columns": _mapping_rows(source_file)},
        "fields": CANONICAL_FIELDS,
        "error": error,
        "saved": not error,
        **_pii(request),
    }
    if _is_htmx(request):
        context["item"]["rows"] = pii.preview_rows(source_file, full=False)
        return render(request, "intake/_file.html", context)
    if error:
        messages.error(request, error)
    return redirect("intake:detail", batch.pk)


@login_required
@require_POST
def reveal_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """The file's preview with identifiers in full (htmx fragment); audited."""
    batch = _batch(request, pk)
    source_file = get_object_or_404(batch.files, pk=file_pk)
    _may_reveal(request)
    audit(request.user, "view_pii", source_file, fields=["preview"], request=request)
    item = {
        "file": source_file,
        "columns": _mapping_rows(source_file),
        "rows": pii.preview_rows(source_file, full=True),
    }
    context = {"batch": batch, "item": item, "fields": CANONICAL_FIELDS, "revealed": True}
    return render(request, "intake/_file.html", context)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        actions.start_import(request.user, batch, confirm_duplicate=bool(request.POST.get("again")))
    except actions.IntakeError as exc:
        messages.error(request, str(exc))
    return redirect("intake:detail", batch.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    actions.cancel_import(request.user, batch)
    if _is_htmx(request):
        batch.refresh_from_db()
        return render(request, "intake/_progress.html", {"batch": batch})
    return redirect("intake:detail", batch.pk)


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    stale = (
        batch.status == "running"
        and batch.heartbeat_at is not None
        and (timezone.now() - batch.heartbeat_at).total_seconds() > jobs.STALE_SECONDS
    )
    response = render(request, "intake/_progress.html", {"batch": batch, "stale": stale})
    if _is_htmx(request):
        if request.GET.get("reading") and batch.status != "reading":
            # The files are read: the whole page changes (preview, mapping, start button).
            response["HX-Refresh"] = "true"
        elif not batch.is_active:
            response.status_code = STOP_POLLING
    return response


def _problems(request: HttpRequest, batch: ImportBatch) -> tuple[QuerySet, ProblemFilterForm]:
    form = ProblemFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    qs = RowProblem.objects.visible_to(request.user).filter(batch=batch)
    if data.get("code"):
        qs = qs.filter(code=data["code"])
    if data.get("column"):
        qs = qs.filter(column=data["column"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("q"):
        qs = qs.filter(value__icontains=data["q"])
    return qs.select_related("record__file").order_by("record_id", "id"), form


@login_required
@require_GET
def problem_list(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    qs, form = _problems(request, batch)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = (
        RowProblem.objects.filter(batch=batch)
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n", "code")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "intake/problems.html",
        {"batch": batch, "page": page, "form": form, "counts": counts, "query": query.urlencode()},
    )


@login_required
@require_GET
def problem_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    qs, _form = _problems(request, batch)
    fmt = request.GET.get("format", "xlsx")
    stem = f"masalah-impor-{batch.pk}"
    if fmt == "csv":
        body, ctype, name = exports.to_csv(qs.iterator()), "text/csv; charset=utf-8", f"{stem}.csv"
    else:
        body = exports.to_xlsx(qs.iterator())
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"{stem}.xlsx"
    audit(request.user, "export", batch, event=Exported(fmt), request=request)
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _problem(request: HttpRequest, pk: int) -> RowProblem:
    _officer(request)
    return get_object_or_404(
        RowProblem.objects.visible_to(request.user).select_related("record__file", "batch"),
        pk=pk,
    )


@login_required
@require_POST
def problem_fix(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    error = ""
    if request.POST.get("ignore"):
        actions.ignore_problem(request.user, problem)
    else:
        form = FixForm(request.POST)
        if not form.is_valid():
            error = _("Enter the corrected value.")
        else:
            try:
                actions.fix_problem(request.user, problem, form.cleaned_data["value"])
            except actions.IntakeError as exc:
                error = str(exc)
    problem.refresh_from_db()
    if _is_htmx(request):
        return render(request, "intake/_problem_row.html", {"p": problem, "error": error})
    if error:
        messages.error(request, error)
    return redirect("intake:problems", problem.batch_id)


def _record(request: HttpRequest, pk: int) -> SourceRecord:
    _officer(request)
    return get_object_or_404(
        SourceRecord.objects.visible_to(request.user).select_related("file", "batch__source"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A source row as received; identifiers masked, shown in full on a POST (audited)."""
    item = _record(request, pk)
    full = request.method == "POST"
    if full:
        _may_reveal(request)
        audit(request.user, "view_pii", item, fields=["raw"], request=request)
    return render(
        request,
        "intake/record.html",
        {
            "item": item,
            **pii.record_values(item, full=full),
            "problems": item.problems.all(),
            "revealed": full,
            **_pii(request),
        },
    )
