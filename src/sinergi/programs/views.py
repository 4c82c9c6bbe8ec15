"""Program pages. Plain functions: parse, authorise, call a verb, render.

Every program, cycle, nomination and finding is looked up through
`Program.objects.visible_to(user)`, so one outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.scope import scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.programs import actions, lifecycle, references, reports
from sinergi.programs.forms import (
    NominateForm,
    PartnerForm,
    ProgramEditForm,
    ProgramForm,
    ReasonForm,
    ReferenceListForm,
)
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Finding,
    FindingStatus,
    Nomination,
    NominationStatus,
    Program,
    ProgramStatus,
    ReferenceList,
)
from sinergi.programs.permissions import (
    can_manage,
    can_view,
    may_grant,
    may_manage,
    require_manage,
    require_program,
    require_view,
)
from sinergi.registry.models import Business

REGISTRY_PICK_LIMIT = 200


def organisation_of(user: Any) -> Any:
    """The user's organisation, or None (a superuser without a membership)."""
    membership = getattr(user, "membership", None)
    return membership.organisation if membership is not None else None


def _program(request: HttpRequest, pk: int) -> Program:
    require_view(request.user)
    return get_object_or_404(Program.objects.visible_to(request.user), pk=pk)


def visible_cycle(request: HttpRequest, pk: int) -> Cycle:
    """The cycle, if its program is visible to the user (404 otherwise); 403 for a role
    that sees no programs. The upload pages look cycles up through this too."""
    require_view(request.user)
    return get_object_or_404(
        Cycle.objects.select_related("program").filter(
            program__in=Program.objects.visible_to(request.user)
        ),
        pk=pk,
    )


@login_required
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    programs = (
        Program.objects.visible_to(request.user)
        .select_related("organisation")
        .with_budget_used()
        .order_by("-period_start", "name")
    )
    return render(
        request,
        "programs/list.html",
        {"programs": programs, "can_manage": can_manage(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    require_manage(request.user)
    scope = scope_for(request.user)
    form = ProgramForm(request.POST or None, initial={"region_scope": scope.region})
    organisation = organisation_of(request.user)
    if request.method == "POST" and form.is_valid():
        if not scope.contains(form.cleaned_data["region_scope"]):
            form.add_error("region_scope", _("The region scope must lie inside your own."))
        elif organisation is None:
            form.add_error(None, _("Your account belongs to no organisation."))
        else:
            program = actions.create_program(
                request.user, organisation=organisation, **form.cleaned_data
            )
            messages.success(request, _("Program created."))
            return redirect("programs:detail", program.pk)
    return render(request, "programs/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    if request.method == "POST":
        require_program(request.user, program)
        name = request.POST.get("name", "").strip()[:200] or _("Cycle")
        try:
            cycle = lifecycle.open_cycle(request.user, program, name)
        except actions.ProgramError as exc:
            messages.error(request, str(exc))
            return redirect("programs:detail", program.pk)
        return redirect("programs:cycle", cycle.pk)
    used = program.budget_used()
    reserved = lifecycle.reserved_idr(program)
    cycles = program.cycles.annotate(
        lines=models.Count("nominations", filter=models.Q(nominations__status="active"))
    )
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "used": used,
            "reserved": reserved,
            "left": program.budget_idr - used,
            "uncommitted": program.budget_idr - used - reserved,
            "cycles": cycles,
            "is_closed": program.status == ProgramStatus.CLOSED,
            "can_manage": may_manage(request.user, program),
            "can_grant": may_grant(request.user, program),
            "partners": program.partners.select_related("organisation"),
            "partner_form": PartnerForm(program=program)
            if may_grant(request.user, program)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    require_program(request.user, program)
    if program.status == ProgramStatus.CLOSED:
        messages.error(request, _("A closed program cannot be edited."))
        return redirect("programs:detail", program.pk)
    frozen = lifecycle.frozen_reason(program)
    # The form works on its own copy: `program` keeps the stored values until the verb.
    form = ProgramEditForm(
        request.POST or None, instance=Program.objects.get(pk=program.pk), frozen=frozen
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = lifecycle.update_program(
                request.user, program, request=request, **form.cleaned_data
            )
        except actions.ProgramError as exc:
            form.add_error(None, str(exc))
        else:
            if changes:
                messages.success(request, _("Program saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("programs:detail", program.pk)
    return render(
        request,
        "programs/form.html",
        {
            "form": form,
            "program": program,
            "frozen": frozen,
            "committed": lifecycle.committed_idr(program),
        },
    )


@login_required
@require_POST
def program_close(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    require_program(request.user, program)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.ProgramError(_("A reason is required."))
        lifecycle.close_program(request.user, program, form.cleaned_data["reason"], request=request)
    except actions.ProgramError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Program closed."))
    return redirect("programs:detail", program.pk)


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    nominations = (
        cycle.nominations.select_related("business")
        .prefetch_related("findings", "payments")
        .order_by("id")
    )
    q = request.GET.get("q", "").strip()
    candidates = Business.objects.none()
    if cycle.status == CycleStatus.DRAFT and may_manage(request.user, cycle.program):
        candidates = (
            Business.objects.visible_to(request.user)
            .active()
            .within(cycle.program.region_scope)
            .search(q, identifiers=False)
            .exclude(nominations__cycle=cycle, nominations__status=NominationStatus.ACTIVE)
            .order_by("name", "id")[:REGISTRY_PICK_LIMIT]
        )
    if request.headers.get("HX-Request") == "true":
        # The registry search on the cycle page refreshes only the candidate rows.
        return render(request, "programs/_candidates.html", {"candidates": candidates})
    open_count = actions.open_findings(cycle).count()
    total = (
        cycle.nominations.filter(status=NominationStatus.ACTIVE).aggregate(
            t=models.Sum("amount_idr")
        )["t"]
        or 0
    )
    return render(
        request,
        "programs/cycle.html",
        {
            "cycle": cycle,
            "program": cycle.program,
            "nominations": nominations,
            "candidates": candidates,
            "q": q,
            "open_count": open_count,
            "total": total,
            "summary": reports.summarise(reports.report_rows(cycle)),
            "can_manage": may_manage(request.user, cycle.program),
            "can_cancel": lifecycle.can_be_cancelled(cycle),
        },
    )


@login_required
@require_POST
def cycle_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    require_program(request.user, cycle.program)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a whole rupiah amount."))
        return redirect("programs:cycle", cycle.pk)
    ids = [int(x) for x in request.POST.getlist("business") if x.isdigit()]
    visible = Business.objects.visible_to(request.user).filter(pk__in=ids)
    if len(ids) != visible.count():
        raise PermissionDenied
    created, refused = actions.nominate_many(
        request.user, cycle, visible.order_by("id"), form.cleaned_data["amount_idr"]
    )
    if created:
        messages.success(request, _("%(n)d businesses nominated.") % {"n": len(created)})
    for text in refused:
        messages.error(request, text)
    return redirect("programs:cycle", cycle.pk)


STEPS = {
    "submit": actions.submit_cycle,
    "verify": actions.verify_cycle,
    "approve": actions.approve_cycle,
}


@login_required
@require_POST
def cycle_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    require_program(request.user, cycle.program)
    try:
        if step == "disburse":
            result = actions.disburse_cycle(request.user, cycle)
            messages.success(
                request, _("Batch %(b)s: %(n)d paid.") % {"b": result["batch"], "n": result["paid"]}
            )
            for text in result["refused"]:
                messages.error(request, text)
        elif step == "cancel":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise actions.ProgramError(_("A reason is required."))
            lifecycle.cancel_cycle(
                request.user, cycle, form.cleaned_data["reason"], request=request
            )
            messages.success(request, _("Cycle cancelled."))
        elif step in STEPS:
            STEPS[step](request.user, cycle)
            messages.success(request, _("Done."))
        else:
            raise PermissionDenied
    except actions.ProgramError as exc:
        messages.error(request, str(exc))
    return redirect("programs:cycle", cycle.pk)


@login_required
@require_POST
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage(request.user)
    finding = get_object_or_404(
        Finding.objects.select_related("nomination__cycle").filter(
            nomination__cycle__program__in=Program.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    require_program(request.user, finding.nomination.cycle.program)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "resolve")
    try:
        if not form.is_valid():
            raise actions.ProgramError(_("A reason is required."))
        if action == "remove":
            actions.remove_nomination(request.user, finding.nomination, form.cleaned_data["reason"])
        else:
            actions.resolve_finding(request.user, finding, form.cleaned_data["reason"])
    except actions.ProgramError as exc:
        messages.error(request, str(exc))
    return redirect("programs:cycle", finding.nomination.cycle_id)


@login_required
@require_POST
def nomination_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage(request.user)
    nomination = get_object_or_404(
        Nomination.objects.filter(
            cycle__program__in=Program.objects.visible_to(request.user)
        ).select_related("cycle__program"),
        pk=pk,
    )
    require_program(request.user, nomination.cycle.program)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.ProgramError(_("A reason is required."))
        actions.remove_nomination(request.user, nomination, form.cleaned_data["reason"])
    except actions.ProgramError as exc:
        messages.error(request, str(exc))
    return redirect("programs:cycle", nomination.cycle_id)


@login_required
@require_GET
def screening_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    rows = reports.report_rows(cycle)
    record(request.user, Action.EXPORT, cycle, fields=["screening_report", fmt], request=request)
    name = f"penyaringan-siklus-{cycle.pk}"
    if fmt == "xlsx":
        response = HttpResponse(
            reports.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(reports.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reference_lists(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    form = ReferenceListForm(request.POST or None, request.FILES or None)
    organisation = organisation_of(request.user)
    if request.method == "POST":
        require_manage(request.user)
        if organisation is None:
            form.add_error(None, _("Your account belongs to no organisation."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # Stores the file and queues its reading: nothing is parsed in the request.
            references.receive_reference_list(
                request.user,
                organisation=organisation,
                category=form.cleaned_data["category"],
                name=form.cleaned_data["name"],
                file_name=upload.name,
                chunks=upload.chunks(),
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                shared=form.cleaned_data["shared"],
            )
            messages.success(request, _("The file is stored; its rows are read in the background."))
            return redirect("programs:references")
    lists = ReferenceList.objects.for_page(request.user, organisation).select_related(
        "organisation"
    )
    scope = scope_for(request.user)
    return render(
        request,
        "programs/references.html",
        {
            "form": form,
            "lists": lists,
            "may_approve": scope.perms.approve_shared_lists,
            "reading": any(r.status == "reading" for r in lists),
            "own_org": scope.organisation_id if scope.perms.manage_programs else None,
        },
    )


def business_programs_context(business: Business, user: Any) -> dict[str, Any]:
    """What the business page shows: nominations (with findings) and payments, only in
    programs the user may see."""
    if not can_view(user):
        return {"visible": False}
    programs = Program.objects.visible_to(user)
    nominations = (
        Nomination.objects.filter(business=business, cycle__program__in=programs)
        .select_related("cycle__program")
        .prefetch_related("findings")
        .order_by("-id")
    )
    payments = (
        business.disbursements.filter(program__in=programs)
        .select_related("program")
        .order_by("-id")
    )
    return {
        "visible": True,
        "nominations": nominations,
        "payments": payments,
        "open_status": FindingStatus.OPEN,
    }
