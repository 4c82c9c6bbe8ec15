"""Verbs of mentoring (models: `mentoring_models`).

Who acts (the role table's `manage_training`, asked of ONE assignment):
- assigning: a training manager of the mentor's own organisation (a system admin: any),
  for a business they may see; the mentor must hold a training role too;
- logging a visit or call, recording or updating a problem: the assigned mentor, or a
  training manager of the assignment's organisation (a system admin: any);
- reading: the same people (`assignments_for`).
A mentor's list puts overdue follow-ups first (`follow_ups`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.registry.models import Business
from sinergi.training.actions import TrainingError
from sinergi.training.mentoring_models import (
    MentorAssignment,
    MentoringLog,
    Problem,
    ProblemCategory,
    ProblemStatus,
)


def assignments_for(user: Any) -> models.QuerySet:
    """Assignments `user` reads: their own as mentor, and their organisation's as manager."""
    scope = scope_for(user)
    if not scope.perms.manage_training:
        return MentorAssignment.objects.none()
    if scope.perms.manage_any_program:
        return MentorAssignment.objects.all()
    condition = models.Q(mentor=user)
    if scope.organisation_id is not None:
        condition |= models.Q(organisation_id=scope.organisation_id)
    return MentorAssignment.objects.filter(condition)


def may_act(user: Any, assignment: MentorAssignment) -> bool:
    scope = scope_for(user)
    if not scope.perms.manage_training:
        return False
    return (
        scope.perms.manage_any_program or assignment.mentor_id == user.pk or scope.owns(assignment)
    )


def assign(
    user: Any, mentor: Any, business: Business, since: dt.date | None = None
) -> MentorAssignment:
    scope = scope_for(user)
    if not scope.perms.manage_training:
        raise NotAllowed("assign_mentor")
    mentor_org = getattr(getattr(mentor, "membership", None), "organisation_id", None)
    if not permissions_for(mentor).manage_training or mentor_org is None:
        raise TrainingError("mentor harus petugas/pengelola / the mentor needs a training role")
    if not scope.perms.manage_any_program and mentor_org != scope.organisation_id:
        raise NotAllowed("assign_mentor")
    if not Business.objects.visible_to(user).filter(pk=business.pk).exists():
        raise NotAllowed("assign_mentor")
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(
                mentor=mentor,
                organisation_id=mentor_org,
                business=business,
                since=since or timezone.localdate(),
                assigned_by=user,
            )
    except IntegrityError:
        raise TrainingError("mentor ini sudah mendampingi usaha ini / already assigned") from None
    record(
        user,
        Action.CREATE,
        assignment,
        changes={"mentor": (None, mentor.pk), "business": (None, business.pk)},
    )
    return assignment


def _require(user: Any, assignment: MentorAssignment, what: str) -> None:
    if not may_act(user, assignment):
        raise NotAllowed(what)


def log_contact(
    user: Any, assignment: MentorAssignment, kind: str, on: dt.date, notes: str
) -> MentoringLog:
    _require(user, assignment, "log_contact")
    notes = (notes or "").strip()
    if not notes:
        raise TrainingError("catatan kosong / empty notes")
    log = MentoringLog.objects.create(
        assignment=assignment, kind=kind, on=on, notes=notes[:2000], created_by=user
    )
    record(user, Action.CREATE, log, changes={"kind": (None, kind), "on": (None, on)})
    return log


def add_problem(
    user: Any,
    assignment: MentorAssignment,
    category: str,
    description: str,
    follow_up_on: dt.date | None = None,
) -> Problem:
    _require(user, assignment, "add_problem")
    if category not in ProblemCategory.values:
        raise TrainingError("kategori tidak dikenal / unknown category")
    problem = Problem.objects.create(
        business_id=assignment.business_id,
        assignment=assignment,
        category=category,
        description=description.strip()[:500],
        follow_up_on=follow_up_on,
    )
    record(user, Action.CREATE, problem, changes={"category": (None, category)})
    return problem


def update_problem(
    user: Any, problem: Problem, status: str, follow_up_on: dt.date | None
) -> Problem:
    _require(user, problem.assignment, "update_problem")
    if status not in ProblemStatus.values:
        raise TrainingError("status tidak dikenal / unknown status")
    old = (problem.status, problem.follow_up_on)
    problem.status, problem.follow_up_on = status, follow_up_on
    problem.save(update_fields=["status", "follow_up_on", "updated_at"])
    record(
        user,
        Action.UPDATE,
        problem,
        changes={"status": (old[0], status), "follow_up_on": (old[1], follow_up_on)},
    )
    return problem


def follow_ups(user: Any, today: dt.date | None = None) -> list[tuple[Problem, bool]]:
    """Unsolved problems of the user's own mentees with a follow-up date: overdue first
    (oldest first), then the coming ones. (problem, overdue)."""
    today = today or timezone.localdate()
    problems = (
        Problem.objects.filter(assignment__mentor=user, assignment__until__isnull=True)
        .exclude(status=ProblemStatus.SOLVED)
        .filter(follow_up_on__isnull=False)
        .select_related("business")
        .order_by("follow_up_on", "pk")
    )
    items = [(p, p.follow_up_on < today) for p in problems]
    return [x for x in items if x[1]] + [x for x in items if not x[1]]
