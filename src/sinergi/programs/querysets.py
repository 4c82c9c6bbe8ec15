"""Reads of programs. `ProgramQuerySet.visible_to` is the one place deciding which
programs a user sees: those whose region scope lies inside the user's own scope."""

from __future__ import annotations

from django.db import models
from django.db.models import Sum

from sinergi.accounts.roles import permissions_for
from sinergi.programs.permissions import VIEW_ROLES


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ProgramQuerySet:
        perms = permissions_for(user)
        if perms.role not in VIEW_ROLES:
            return self.none()
        if not perms.scope:
            return self.all()
        return self.filter(region_scope__startswith=perms.scope)

    def with_budget_used(self) -> ProgramQuerySet:
        """Adds `used_idr`: the net sum of the ledger (reversals subtract)."""
        return self.annotate(used_idr=Sum("disbursements__amount_idr"))


class ReferenceListQuerySet(models.QuerySet):
    """Reference lists carry other agencies' personal data (NIKs of civil servants, the
    deceased, aid recipients): an organisation screens against its own lists and those
    their uploaders shared with every organisation, nothing else."""

    def usable_by(self, organisation: object) -> ReferenceListQuerySet:
        if organisation is None:
            return self.filter(shared=True)
        return self.filter(models.Q(organisation=organisation) | models.Q(shared=True))
