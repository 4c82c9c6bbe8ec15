"""Event pages: list, create, detail, sessions, registration, attendance, outcomes.

Plain functions: parse, authorise (the verbs ask `training.permissions` again), call a
verb, render or redirect. Certificates, cohorts and contacts: `more_views`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.scope import scope_for
from sinergi.registry.models import Business
from sinergi.training import actions, attendance, certificate_zip, uploads
from sinergi.training.actions import TrainingError
from sinergi.training.attendance_files import AttendanceFileError
from sinergi.training.engine import InputError
from sinergi.training.forms import AttendanceForm, EventForm, ListForm, OutcomeForm, SessionForm
from sinergi.training.models import (
    AttendanceImport,
    AttendanceLine,
    Cohort,
    Event,
    FileStatus,
    Outcome,
    Registration,
    RegistrationUpload,
    Source,
)
from sinergi.training.permissions import (
    can_manage,
    may_manage_event,
    may_register_self,
    require_event,
    require_view,
)

FAILURES = (TrainingError, AttendanceFileError, InputError)


def _event(request: HttpRequest, pk: int) -> Event:
    require_view(request.user)
    return get_object_or_404(Event.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    events = (
        Event.objects.visible_to(request.user)
        .select_related("topic", "organisation")
        .annotate(registered=Count("registrations", filter=Q(registrations__status="registered")))
    )
    return render(
        request, "training/index.html", {"events": events, "can_manage": can_manage(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"region_scope": scope_for(request.user).region})
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(request.user, **form.event_data())
        except TrainingError as exc:
            form.add_error("region_scope", str(exc))
        else:
            messages.success(request, _("Event created."))
            return redirect("training:event", event.pk)
    return render(request, "training/form.html", {"form": form})


@login_required
@require_POST
def add_topic(request: HttpRequest) -> HttpResponse:
    try:
        actions.add_topic(request.user, request.POST.get("name", "")[:120])
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("training:create")


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    registrations = (
        event.registrations.select_related("business__owner")
        .prefetch_related("certificates", "attendance")
        .order_by("status", "queued_at", "pk")
    )
    manage = may_manage_event(request.user, event)
    return render(
        request,
        "training/event.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "registered": [r for r in registrations if r.status == "registered"],
            "waiting": [r for r in registrations if r.status == "waiting"],
            "cancelled": [r for r in registrations if r.status == "cancelled"],
            "imports": AttendanceImport.objects.filter(session__event=event).select_related(
                "session"
            ),
            "uploads": event.uploads.all(),
            "cohorts": Cohort.objects.visible_to(request.user) if manage else [],
            "can_manage": manage,
            "session_form": SessionForm(),
            "attendance_form": AttendanceForm(),
            "list_form": ListForm(),
            "outcomes": Outcome.choices,
            "organisations": _other_organisations(request, event),
            **(certificate_zip.state(event) if manage else {}),
        },
    )


@login_required
@require_POST
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require_event(request.user, event)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect("training:event", event.pk)
    data = form.cleaned_data
    try:
        actions.add_session(
            request.user,
            event,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            timezone_name=data["timezone"],
            min_minutes=data["min_minutes"],
        )
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("training:event", event.pk)


def _other_organisations(request: HttpRequest, event: Event) -> list:
    from sinergi.accounts.models import Organisation
    from sinergi.training.permissions import may_grant

    if not may_grant(request.user, event):
        return []
    taken = set(event.partners.values_list("organisation_id", flat=True)) | {event.organisation_id}
    return [o for o in Organisation.objects.order_by("name") if o.pk not in taken]


def _business(request: HttpRequest, key: str = "business") -> Business:
    try:
        pk = int(request.POST.get(key, ""))
    except ValueError:
        raise PermissionDenied from None
    business = Business.objects.visible_to(request.user).filter(pk=pk).first()
    if business is None:
        raise PermissionDenied
    return business


@login_required
@require_POST
def partners(request: HttpRequest, pk: int) -> HttpResponse:
    """Make another organisation a partner of the event (the owner's managers)."""
    from sinergi.accounts.models import Organisation
    from sinergi.training.permissions import may_grant

    event = _event(request, pk)
    if not may_grant(request.user, event):
        raise PermissionDenied
    try:
        organisation = Organisation.objects.get(pk=int(request.POST.get("organisation", "")))
    except (ValueError, Organisation.DoesNotExist):
        messages.error(request, _("Choose an organisation."))
        return redirect("training:event", event.pk)
    try:
        actions.grant_partner(request.user, event, organisation)
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("training:event", event.pk)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require_event(request.user, event, "register")
    business = _business(request)
    try:
        registration = actions.register(request.user, event, business)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, registration.get_status_display())
    return redirect("training:event", event.pk)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require_event(request.user, event, "invite")
    try:
        if request.POST.get("cohort"):
            cohort = get_object_or_404(
                Cohort.objects.visible_to(request.user), pk=request.POST["cohort"]
            )
            counts = actions.invite_cohort(request.user, event, cohort)
        else:
            counts = actions.invite_target(request.user, event)
    except (TrainingError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Registered: %(registered)s, waiting list: %(waiting)s, "
                "already registered: %(already)s."
            )
            % counts,
        )
    return redirect("training:event", event.pk)


@login_required
@require_POST
def upload_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require_event(request.user, event, "register_from_list")
    form = ListForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _too_large(form) or _("Choose a file."))
        return redirect("training:event", event.pk)
    file = form.cleaned_data["file"]
    try:
        # Stores the file and queues its reading: nothing is parsed in the request.
        upload = uploads.receive_list(request.user, event, file.name, file.chunks())
    except FAILURES as exc:
        messages.error(request, str(exc))
        return redirect("training:event", event.pk)
    return redirect("training:upload", upload.pk)


def _too_large(form: Any) -> str:
    return str(form.errors["file"][0]) if form.has_error("file", "too_large") else ""


def _refresh() -> HttpResponse:
    """htmx: the worker finished with the file; reload the page to show the result."""
    response = HttpResponse("")
    response["HX-Refresh"] = "true"
    return response


def _file_status(request: HttpRequest, job: Any, event: Event, url: str) -> HttpResponse | None:
    """The page of a file the worker has not finished ("reading the file", polled every
    second) or could not read (its message); None once it is done. A poll of a job that
    moved on asks htmx to reload the page."""
    polling = request.GET.get("poll") and request.headers.get("HX-Request") == "true"
    if job.status == FileStatus.DONE:
        return _refresh() if polling else None
    context = {"job": job, "event": event, "url": url, "active": job.status == FileStatus.READING}
    if polling:
        if not context["active"]:
            return _refresh()
        return render(request, "training/_file_status.html", context)
    return render(request, "training/file_status.html", context)


@login_required
@require_GET
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(RegistrationUpload.objects.select_related("event"), pk=pk)
    _event(request, upload.event_id)
    require_event(request.user, upload.event, "upload")
    waiting = _file_status(request, upload, upload.event, reverse("training:upload", args=[pk]))
    if waiting is not None:
        return waiting
    names = Business.objects.visible_to(request.user).in_bulk(
        {r["business_id"] for r in upload.rows if r.get("business_id")}
        | {c for r in upload.rows for c in r.get("candidates", [])}
    )
    rows = [
        {
            **r,
            "business": names.get(r.get("business_id")),
            "choices": [names[c] for c in r.get("candidates", []) if c in names],
        }
        for r in upload.rows
    ]
    return render(request, "training/upload.html", {"upload": upload, "rows": rows})


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    own = Business.objects.visible_to(request.user).filter(pk=registration.business_id).exists()
    if not (own and scope_for(request.user).perms.register_own_business):
        _event(request, registration.event_id)
    try:
        promoted = actions.cancel_registration(request.user, registration)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Registration cancelled."))
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list.") % {"name": promoted.business.name},
            )
    if own and not may_manage_event(request.user, registration.event):
        return redirect("training:mine")
    return redirect("training:event", registration.event_id)


@login_required
@require_POST
def import_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    from sinergi.training.models import Session

    session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
    _event(request, session.event_id)
    require_event(request.user, session.event, "import_attendance")
    form = AttendanceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _too_large(form) or _("Choose the kind of file and the file."))
        return redirect("training:event", session.event_id)
    file = form.cleaned_data["file"]
    try:
        # Stores the file and queues its reading: nothing is parsed in the request.
        done = attendance.receive_attendance(
            request.user, session, form.cleaned_data["kind"], file.name, file.chunks()
        )
    except FAILURES as exc:
        messages.error(request, str(exc))
        return redirect("training:event", session.event_id)
    return redirect("training:attendance", done.pk)


@login_required
@require_GET
def attendance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    done = get_object_or_404(AttendanceImport.objects.select_related("session__event"), pk=pk)
    event = _event(request, done.session.event_id)
    waiting = _file_status(request, done, event, reverse("training:attendance", args=[pk]))
    if waiting is not None:
        return waiting
    lines = done.people_lines.select_related("registration__business")
    registrations = {
        r.pk: r
        for r in event.registrations.filter(status="registered").select_related("business__owner")
    }
    review = [
        (line, [registrations[c] for c in line.candidates if c in registrations])
        for line in lines
        if line.outcome != "matched"
    ]
    return render(
        request,
        "training/attendance.html",
        {
            "done": done,
            "event": event,
            "review": review,
            "matched": [x for x in lines if x.outcome == "matched"],
            "registrations": list(registrations.values()),
            "can_manage": may_manage_event(request.user, event),
        },
    )


@login_required
@require_POST
def choose_line(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        AttendanceLine.objects.select_related("attendance_import__session"), pk=pk
    )
    event = _event(request, line.attendance_import.session.event_id)
    require_event(request.user, event, "choose_line")
    try:
        attendance.choose_line(request.user, line, int(request.POST.get("registration", "")))
    except (TrainingError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("training:attendance", line.attendance_import_id)


@login_required
@require_POST
def set_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    event = _event(request, registration.event_id)
    require_event(request.user, event, "set_outcome")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The score must be between 0 and 100."))
        return redirect("training:event", event.pk)
    try:
        actions.set_outcome(
            request.user, registration, form.cleaned_data["outcome"], form.cleaned_data["score"]
        )
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("training:event", event.pk)


# ------------------------------------------------------------------- business owners


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """An owner's page: their registrations and certificates, and the events open to them."""
    if not scope_for(request.user).perms.register_own_business:
        raise PermissionDenied
    businesses = list(Business.objects.visible_to(request.user))
    registrations = Registration.objects.filter(business__in=businesses).select_related("event")
    open_events = [
        (event, [b for b in businesses if may_register_self(request.user, event, b)])
        for event in Event.objects.open_to_owners().select_related("topic")
    ]
    return render(
        request,
        "training/mine.html",
        {
            "registrations": registrations.prefetch_related("certificates"),
            "open_events": [(e, bs) for e, bs in open_events if bs],
        },
    )


@login_required
@require_POST
def self_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    business = _business(request)
    if not may_register_self(request.user, event, business):
        raise PermissionDenied
    try:
        registration = actions.register(request.user, event, business, Source.SELF)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, registration.get_status_display())
    return redirect("training:mine")
