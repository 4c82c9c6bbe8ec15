"""Reads of programs. `ProgramQuerySet.visible_to` is the one place deciding which
programs a user reads (the role table, `sinergi.accounts.roles`): those of their own
organisation and those it is a partner of; region readers (officers, auditors) also every
program whose region scope lies inside their own region (`Scope.q`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Sum

from sinergi.accounts.scope import NOTHING, scope_for


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ProgramQuerySet:
        from sinergi.programs.partners import ProgramPartner

        scope = scope_for(user)
        if not scope.perms.view_programs:
            return self.none()
        condition = NOTHING
        if scope.perms.read_programs_in_region:
            condition |= scope.q("region_scope")
        if scope.organisation_id is not None:
            partnered = ProgramPartner.objects.filter(organisation_id=scope.organisation_id)
            condition |= models.Q(organisation_id=scope.organisation_id) | models.Q(
                pk__in=partnered.values("program_id")
            )
        return self.filter(condition)

    def manageable_by(self, user: object) -> ProgramQuerySet:
        """Programs `user` may manage (the same rule as `permissions.may_manage`)."""
        from sinergi.programs.partners import ProgramPartner

        scope = scope_for(user)
        if not scope.perms.manage_programs:
            return self.none()
        if scope.perms.manage_any_program:
            return self.all()
        if scope.organisation_id is None:
            return self.none()
        partnered = ProgramPartner.objects.filter(organisation_id=scope.organisation_id)
        return self.filter(
            models.Q(organisation_id=scope.organisation_id)
            | models.Q(pk__in=partnered.values("program_id"))
        )

    def with_budget_used(self) -> ProgramQuerySet:
        """Adds `used_idr`: the net sum of the ledger (reversals subtract)."""
        return self.annotate(used_idr=Sum("disbursements__amount_idr"))


class ReferenceListQuerySet(models.QuerySet):
    """Reference lists carry other agencies' personal data (NIKs of civil servants, the
    deceased, aid recipients): an organisation screens against its own lists and those
    their uploaders shared with every organisation, nothing else."""

    def for_page(self, user: object, organisation: object) -> ReferenceListQuerySet:
        """What the reference-list page shows: the usable lists, and for an approver of
        shared lists (the role table's `approve_shared_lists`) the requests too."""
        usable = self.usable_by(organisation)
        if scope_for(user).perms.approve_shared_lists:
            return self.filter(
                models.Q(pk__in=usable.values("pk")) | models.Q(share_requested_by__isnull=False)
            )
        return usable

    def usable_by(self, organisation: object) -> ReferenceListQuerySet:
        if organisation is None:
            return self.filter(shared=True)
        return self.filter(models.Q(organisation=organisation) | models.Q(shared=True))
