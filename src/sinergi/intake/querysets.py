"""Reads of intake rows. Region scoping of intake is decided here, once.

The rule (see docs/intake.en.md): an import batch carries the region scope of the person
who uploaded it (`scope_code`, '' = national). A user sees a batch, its files, records and
problems when the batch's scope lies inside their own scope: a regency officer of 1901
sees batches uploaded within 1901, a province officer of 19 sees those and the province's
own, a national user sees everything, an officer of 5171 sees none of them. Rows of a
batch that lie outside its scope stay in the batch (flagged, never dropped), so they are
seen by the same people as the rest of the file and by no one else.
"""

from __future__ import annotations

from django.db import models

from sinergi.accounts.roles import OFFICERS, permissions_for


def can_import(user: object) -> bool:
    """Officers (system admin, province, regency) upload and manage imports."""
    perms = permissions_for(user)
    return perms.role in OFFICERS


def _scope_of(user: object) -> str | None:
    """The user's scope prefix for intake, or None when they may see no intake data."""
    perms = permissions_for(user)
    if perms.role not in OFFICERS:
        return None
    return perms.scope


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ImportBatchQuerySet:
        scope = _scope_of(user)
        if scope is None:
            return self.none()
        return self.within(scope)

    def within(self, scope: str) -> ImportBatchQuerySet:
        """Batches uploaded inside region `scope` ('' = all)."""
        return self.filter(scope_code__startswith=scope) if scope else self.all()


class SourceRecordQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> SourceRecordQuerySet:
        scope = _scope_of(user)
        if scope is None:
            return self.none()
        return self.filter(batch__scope_code__startswith=scope) if scope else self.all()


class RowProblemQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> RowProblemQuerySet:
        scope = _scope_of(user)
        if scope is None:
            return self.none()
        return self.filter(batch__scope_code__startswith=scope) if scope else self.all()
