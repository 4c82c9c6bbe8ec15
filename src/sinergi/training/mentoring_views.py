"""Mentoring pages: a mentor's list (overdue follow-ups first), one mentee's logs and
problems. Thin: parse, call a verb of `training.mentoring`, redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts.scope import scope_for
from sinergi.registry.models import Business
from sinergi.training import mentoring
from sinergi.training.actions import TrainingError
from sinergi.training.mentoring_models import (
    ContactKind,
    MentorAssignment,
    Problem,
    ProblemCategory,
    ProblemStatus,
)


def _require(request: HttpRequest) -> None:
    if not scope_for(request.user).perms.manage_training:
        raise PermissionDenied


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise PermissionDenied from None


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    _require(request)
    if request.method == "POST":
        mentor = get_object_or_404(get_user_model(), pk=_int(request.POST.get("mentor")))
        business = get_object_or_404(
            Business.objects.visible_to(request.user), pk=_int(request.POST.get("business"))
        )
        try:
            mentoring.assign(request.user, mentor, business)
        except TrainingError as exc:
            messages.error(request, str(exc))
        return redirect("training:mentoring")
    assignments = (
        mentoring.assignments_for(request.user)
        .filter(until__isnull=True)
        .select_related("business__owner", "mentor")
    )
    colleagues = get_user_model().objects.filter(
        membership__organisation_id=scope_for(request.user).organisation_id
    )
    return render(
        request,
        "training/mentoring.html",
        {
            "follow_ups": mentoring.follow_ups(request.user),
            "assignments": assignments,
            "colleagues": colleagues,
        },
    )


def _assignment(request: HttpRequest, pk: int) -> MentorAssignment:
    _require(request)
    assignment = get_object_or_404(mentoring.assignments_for(request.user), pk=pk)
    if not mentoring.may_act(request.user, assignment):
        raise PermissionDenied
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def mentee(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    if request.method == "POST":
        on = _date(request.POST.get("on"))
        try:
            if request.POST.get("what") == "problem":
                mentoring.add_problem(
                    request.user,
                    assignment,
                    request.POST.get("category", ""),
                    request.POST.get("description", ""),
                    _date(request.POST.get("follow_up_on")),
                )
            else:
                if on is None or request.POST.get("kind") not in ContactKind.values:
                    raise TrainingError("jenis dan tanggal wajib / kind and date are required")
                mentoring.log_contact(
                    request.user,
                    assignment,
                    request.POST["kind"],
                    on,
                    request.POST.get("notes", ""),
                )
        except TrainingError as exc:
            messages.error(request, str(exc))
        return redirect("training:mentee", assignment.pk)
    return render(
        request,
        "training/mentee.html",
        {
            "assignment": assignment,
            "logs": assignment.logs.all(),
            "problems": Problem.objects.filter(business=assignment.business),
            "kinds": ContactKind.choices,
            "categories": ProblemCategory.choices,
            "statuses": ProblemStatus.choices,
        },
    )


@login_required
@require_POST
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    item = get_object_or_404(
        Problem.objects.filter(assignment__in=mentoring.assignments_for(request.user)), pk=pk
    )
    if not mentoring.may_act(request.user, item.assignment):
        raise PermissionDenied
    try:
        mentoring.update_problem(
            request.user,
            item,
            request.POST.get("status", ""),
            _date(request.POST.get("follow_up_on")),
        )
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("training:mentee", item.assignment_id)
