"""Certificate, public verification, cohort, contact, consent and Kartu Prakerja pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.registry.models import Business
from sinergi.training import actions, certificate_zip, certificates, contacts
from sinergi.training.actions import TrainingError
from sinergi.training.forms import CohortForm, ConsentForm, ReasonForm
from sinergi.training.models import Certificate, Cohort, Event, PrakerjaStatus
from sinergi.training.permissions import (
    can_manage,
    may_manage_cohort,
    may_manage_event,
    require_cohort,
    require_event,
    require_view,
)
from sinergi.training.views import _event


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --------------------------------------------------------------------------- certificates


@login_required
@require_POST
def issue_all(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    issued = certificates.issue_all(request.user, event)
    messages.success(request, _("%(n)s certificates are valid.") % {"n": len(issued)})
    return redirect("training:event", event.pk)


def _certificate(request: HttpRequest, pk: int) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__event", "registration__business"), pk=pk
    )
    event = certificate.registration.event
    own = Business.objects.visible_to(request.user).filter(
        pk=certificate.registration.business_id, owner__user=request.user
    )
    if not (may_manage_event(request.user, event) or own.exists()):
        raise PermissionDenied
    return certificate


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, for the event's managers and the owner of the business."""
    certificate = _certificate(request, pk)
    response = HttpResponse(
        certificates.render_pdf(certificate, _base(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificates_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the event's ZIP when it is ready and current (audited); otherwise back to the
    event, where it is prepared. POST: prepare it in the background (one job at a time)."""
    event = _event(request, pk)
    back = reverse("training:event", args=[event.pk]) + "#certificate-zip"
    if request.method == "POST":
        try:
            certificate_zip.request_zip(request.user, event, _base(request))
        except TrainingError as exc:
            messages.error(request, str(exc))
        return redirect(back)
    job = certificate_zip.for_download(request.user, event)
    try:
        stored = open(job.stored_path, "rb") if job is not None else None  # noqa: SIM115
    except FileNotFoundError:  # replaced by a newer ZIP a moment ago
        stored = None
    if stored is None:
        messages.info(request, _("The ZIP is not ready yet: prepare it on this page."))
        return redirect(back)
    return FileResponse(
        stored,  # FileResponse closes it
        as_attachment=True,
        filename=f"sertifikat-acara-{event.pk}.zip",
        content_type="application/zip",
    )


@login_required
@require_GET
def certificates_zip_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The ZIP part of the event page, polled every second while the worker builds it."""
    event = _event(request, pk)
    require_event(request.user, event, "certificates_zip")
    return render(
        request, "training/_zip_status.html", {"event": event, **certificate_zip.state(event)}
    )


@login_required
@require_POST
def certificate_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    certificate = _certificate(request, pk)
    require_event(request.user, certificate.registration.event, verb)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required."))
    else:
        try:
            if verb == "reissue":
                certificates.reissue(request.user, certificate, form.cleaned_data["reason"])
            elif verb == "revoke":
                certificates.revoke(request.user, certificate, form.cleaned_data["reason"])
            else:
                raise Http404
        except TrainingError as exc:
            messages.error(request, str(exc))
    return redirect("training:event", certificate.registration.event_id)


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public (no login): the printed name, the event, the date, valid or revoked."""
    certificate = certificates.verify(code[:64])
    status = 200 if certificate is not None else 404
    return render(request, "training/verify.html", {"certificate": certificate}, status=status)


# -------------------------------------------------------------------------------- cohorts


@login_required
@require_http_methods(["GET", "POST"])
def cohorts(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    form = CohortForm(request.POST or None)
    if request.method == "POST":
        if not can_manage(request.user):
            raise PermissionDenied
        if form.is_valid():
            cohort = actions.create_cohort(
                request.user, form.cleaned_data["name"], form.cleaned_data["region_scope"] or ""
            )
            return redirect("training:cohort", cohort.pk)
    items = Cohort.objects.visible_to(request.user)
    return render(
        request,
        "training/cohorts.html",
        {"cohorts": items, "form": form, "can_manage": can_manage(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_view(request.user)
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        require_cohort(request.user, cohort, "add_members")
        ids = [int(x) for x in request.POST.getlist("business") if x.isdigit()]
        found = list(Business.objects.visible_to(request.user).filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise PermissionDenied
        added = actions.add_members(request.user, cohort, found) if found else 0
        messages.success(request, _("%(n)s businesses added.") % {"n": added})
        return redirect("training:cohort", cohort.pk)
    manage = may_manage_cohort(request.user, cohort)
    query = request.GET.get("q", "").strip()[:100]
    candidates = []
    if manage and query:
        candidates = (
            Business.objects.visible_to(request.user)
            .active()
            .within(cohort.region_scope)
            .search(query, identifiers=False)
            .exclude(cohort_memberships__cohort=cohort)
            .select_related("owner")[:50]
        )
    members = Business.objects.visible_to(request.user).filter(cohort_memberships__cohort=cohort)
    return render(
        request,
        "training/cohort.html",
        {
            "cohort": cohort,
            "members": members.select_related("owner"),
            "can_manage": manage,
            "query": query,
            "candidates": candidates,
            "retention": _retention(cohort),
        },
    )


def _retention(cohort: Cohort):
    from sinergi.training.retention import cohort_retention

    return cohort_retention(cohort)


# ------------------------------------------------------------------------------- contacts


def _group(request: HttpRequest, kind: str, pk: int) -> Cohort | Event:
    require_view(request.user)
    if kind == "cohort":
        group = get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)
        require_cohort(request.user, group, "contacts")
        return group
    if kind == "event":
        group = _event(request, pk)
        require_event(request.user, group, "contacts")
        return group
    raise Http404


@login_required
@require_GET
def contact_list(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    group = _group(request, kind, pk)
    items, left_out = contacts.contacts(request.user, group)
    default = _("Hello {nama} ({usaha}), we invite you to {acara}.")
    template = request.GET.get("message", default)[:500]
    event_name = group.name if isinstance(group, Event) else ""
    links = [(c, contacts.wa_link(c, template, event_name) if c.phone else "") for c in items]
    return render(
        request,
        "training/contacts.html",
        {
            "group": group,
            "kind": kind,
            "links": links,
            "left_out": left_out,
            "message": template,
        },
    )


@login_required
@require_GET
def contact_export(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "vcf"):
        raise Http404
    group = _group(request, kind, pk)
    text, _items = contacts.export(request.user, group, fmt)
    content_type = "text/vcard" if fmt == "vcf" else "text/csv"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kontak-{kind}-{pk}.{fmt}"'
    return response


@login_required
@require_POST
def consent(request: HttpRequest, business_pk: int) -> HttpResponse:
    """Record an owner's consent or its withdrawal (staff who may edit the business)."""
    from sinergi.accounts.scope import scope_for

    business = get_object_or_404(Business.objects.visible_to(request.user), pk=business_pk)
    if not scope_for(request.user).perms.edit_business:
        raise PermissionDenied
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Consent, date and source are required."), status=400)
    try:
        actions.record_consent(request.user, business, **form.cleaned_data)
    except TrainingError as exc:
        return HttpResponse(str(exc), status=400)
    messages.success(request, _("Consent recorded."))
    return redirect("training:business", business.pk)


@login_required
@require_GET
def business_page(request: HttpRequest, business_pk: int) -> HttpResponse:
    """Training side of one business: registrations, certificates, consent history,
    Kartu Prakerja steps (the registry page stays the registry's)."""
    from sinergi.accounts.scope import scope_for
    from sinergi.training.models import Consent, Prakerja, Registration

    business = get_object_or_404(
        Business.objects.visible_to(request.user).select_related("owner"), pk=business_pk
    )
    perms = scope_for(request.user).perms
    if not (perms.view_training or perms.register_own_business):
        raise PermissionDenied
    return render(
        request,
        "training/business.html",
        {
            "business": business,
            "registrations": Registration.objects.filter(business=business).select_related("event"),
            "consents": Consent.objects.filter(person_id=business.owner_id),
            "prakerja": Prakerja.objects.filter(person_id=business.owner_id).order_by("on"),
            "can_edit": perms.edit_business,
            "can_manage": perms.manage_training,
            "consent_form": ConsentForm(),
            "steps": PrakerjaStatus.choices,
        },
    )


@login_required
@require_POST
def prakerja(request: HttpRequest, business_pk: int) -> HttpResponse:
    import datetime as dt

    business = get_object_or_404(Business.objects.visible_to(request.user), pk=business_pk)
    from sinergi.accounts.scope import scope_for

    if not scope_for(request.user).perms.manage_training:
        raise PermissionDenied
    status = request.POST.get("status", "")
    try:
        on = dt.date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        return HttpResponse(_("A date is required."), status=400)
    if status not in PrakerjaStatus.values:
        return HttpResponse(_("Unknown Kartu Prakerja step."), status=400)
    try:
        actions.record_prakerja(request.user, business, status, on)
    except TrainingError as exc:
        return HttpResponse(str(exc), status=400)
    return redirect("training:business", business.pk)
