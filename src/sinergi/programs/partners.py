"""Partner grants: an organisation other than the owner that may manage a program.

Invariants: one grant per (program, organisation); granted and removed only by the
owning organisation's managers or a system admin (`permissions.may_grant`), never for
the owner itself; every grant and removal is audited. `permissions.may_manage` reads it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ProgramPartner(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="partner_programs",
        verbose_name=_("partner organisation"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "programs"
        verbose_name = _("program partner")
        verbose_name_plural = _("program partners")
        constraints = [
            models.UniqueConstraint(fields=["program", "organisation"], name="program_partner_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.program}"


@transaction.atomic
def grant_partner(user: Any, program: Any, organisation: Any) -> ProgramPartner:
    """Let `organisation` manage `program` too (owner's managers only; audited)."""
    from sinergi.accounts.scope import NotAllowed
    from sinergi.audit.actions import record
    from sinergi.audit.models import Action
    from sinergi.programs.actions import ProgramError
    from sinergi.programs.permissions import may_grant

    if not may_grant(user, program):
        raise NotAllowed("grant_partner")
    if organisation.pk == program.organisation_id:
        raise ProgramError("pemilik program bukan mitra / the owner is not a partner")
    grant, created = ProgramPartner.objects.get_or_create(
        program=program, organisation=organisation, defaults={"granted_by": user}
    )
    if created:
        record(
            user,
            Action.UPDATE,
            program,
            changes={"partners": {"old": None, "new": organisation.name}},
        )
    return grant


@transaction.atomic
def remove_partner(user: Any, program: Any, organisation: Any) -> bool:
    """End a partner grant (owner's managers only; audited). False when there was none."""
    from sinergi.accounts.scope import NotAllowed
    from sinergi.audit.actions import record
    from sinergi.audit.models import Action
    from sinergi.programs.permissions import may_grant

    if not may_grant(user, program):
        raise NotAllowed("remove_partner")
    deleted, _ = ProgramPartner.objects.filter(program=program, organisation=organisation).delete()
    if deleted:
        record(
            user,
            Action.UPDATE,
            program,
            changes={"partners": {"old": organisation.name, "new": None}},
        )
    return bool(deleted)
