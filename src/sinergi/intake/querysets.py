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

from sinergi.accounts.scope import NOTHING, region_q, scope_for


def can_import(user: object) -> bool:
    """The role table's `import_data` (officers upload and manage imports)."""
    return scope_for(user).perms.import_data


def _q(user: object, field: str) -> models.Q:
    """Rows whose batch scope lies inside the user's region (`Scope.q`); none for a role
    that may not import."""
    scope = scope_for(user)
    return scope.q(field) if scope.perms.import_data else NOTHING


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ImportBatchQuerySet:
        return self.filter(_q(user, "scope_code"))

    def within(self, scope: str) -> ImportBatchQuerySet:
        """Batches uploaded inside region `scope` ('' = all)."""
        return self.filter(region_q(scope, "scope_code"))


class SourceRecordQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> SourceRecordQuerySet:
        return self.filter(_q(user, "batch__scope_code"))


class RowProblemQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> RowProblemQuerySet:
        return self.filter(_q(user, "batch__scope_code"))
