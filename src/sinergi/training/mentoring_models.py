"""Mentoring: mentors (of universities, banks, the office) assigned to businesses, their
visit and call logs, and a problem inventory per business with follow-up dates.

Invariants: one open assignment per (mentor, business) (ended ones stay as history);
a mentor belongs to the organisation recorded on the assignment, and that organisation's
managers act on it (`mentoring.may_act`); a problem's status moves among open / in
progress / solved, with `follow_up_on` the date someone must look again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class MentorAssignment(models.Model):
    mentor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="mentees")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="mentors"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        app_label = "training"
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "business"],
                condition=models.Q(until__isnull=True),
                name="mentor_assignment_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.business_id}"


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")


class MentoringLog(models.Model):
    assignment = models.ForeignKey(MentorAssignment, on_delete=models.PROTECT, related_name="logs")
    kind = models.CharField(_("kind"), max_length=5, choices=ContactKind.choices)
    on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=2000)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "training"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class ProblemCategory(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    MARKETING = "marketing", _("Marketing")
    LEGALITY = "legality", _("Permits and legality")
    RAW_MATERIALS = "materials", _("Raw materials")
    DIGITAL = "digital", _("Digital skills")
    LOGISTICS = "logistics", _("Logistics")
    CERTIFICATION = "certification", _("Certification")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")


class Problem(models.Model):
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="problems"
    )
    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.PROTECT, related_name="problems"
    )
    category = models.CharField(_("category"), max_length=13, choices=ProblemCategory.choices)
    description = models.CharField(_("description"), max_length=500)
    status = models.CharField(
        _("status"), max_length=11, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "training"
        ordering = ["follow_up_on", "pk"]

    def __str__(self) -> str:
        return f"{self.category}: {self.description[:40]}"
