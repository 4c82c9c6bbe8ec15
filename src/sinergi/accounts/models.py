"""Organisations and memberships (a user's organisation, role and region scope).

Invariants: a user has at most one Membership; its `scope` is a Region whose subtree the
user may see (null means all of Indonesia, allowed for system admins, auditors and
program managers of national bodies only — see `roles.permissions_for`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.roles import Role


class OrganisationKind(models.TextChoices):
    PROVINCE_OFFICE = "province_office", _("Cooperative office (province)")
    REGENCY_OFFICE = "regency_office", _("Cooperative office (regency/city)")
    MINISTRY = "ministry", _("Ministry")
    SOE_PARTNERSHIP = "soe_partnership", _("State-company partnership program")
    CHAMBER = "chamber", _("Chamber of commerce")
    BANK = "bank", _("Bank")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Where the organisation works; empty for national bodies."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region scope"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"
