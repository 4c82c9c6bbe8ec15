"""Reads of training. `EventQuerySet.visible_to` / `manageable_by` and
`CohortQuerySet.visible_to` are the only places deciding which events and cohorts a user
reaches (the role table's `view_training` / `manage_training`, and `Scope`), the same
shape as `programs.querysets.ProgramQuerySet`."""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Subquery

from sinergi.accounts.scope import NOTHING, scope_for


class EventQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> EventQuerySet:
        """Own organisation's and partnered events; region readers also the events whose
        region lies in their region; a system admin every event."""
        scope = scope_for(user)
        if not scope.perms.view_training:
            return self.none()
        if scope.perms.manage_any_program:
            return self.all()
        condition = NOTHING
        if scope.perms.read_programs_in_region:
            condition |= scope.q("region_scope")
        if scope.organisation_id is not None:
            condition |= models.Q(organisation_id=scope.organisation_id) | models.Q(
                partners__organisation_id=scope.organisation_id
            )
        return self.filter(condition).distinct()

    def manageable_by(self, user: object) -> EventQuerySet:
        """The same rule as `permissions.may_manage_event`."""
        scope = scope_for(user)
        if not scope.perms.manage_training:
            return self.none()
        if scope.perms.manage_any_program:
            return self.all()
        if scope.organisation_id is None:
            return self.none()
        return self.filter(
            models.Q(organisation_id=scope.organisation_id)
            | models.Q(partners__organisation_id=scope.organisation_id)
        ).distinct()

    def open_to_owners(self) -> EventQuerySet:
        return self.filter(self_registration=True, status="open")


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> CohortQuerySet:
        scope = scope_for(user)
        if not scope.perms.view_training:
            return self.none()
        if scope.perms.manage_any_program:
            return self.all()
        condition = NOTHING
        if scope.perms.read_programs_in_region:
            condition |= scope.q("region_scope")
        if scope.organisation_id is not None:
            condition |= models.Q(organisation_id=scope.organisation_id)
        return self.filter(condition)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status="registered")

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status="waiting").order_by("queued_at", "pk")


class ConsentQuerySet(models.QuerySet):
    def consenting(self, purpose: str) -> models.QuerySet:
        """Ids of persons whose NEWEST consent row for `purpose` gives consent: a later
        withdrawal wins everywhere at once, because every list asks this."""
        newest = (
            self.model.objects.filter(person_id=OuterRef("person_id"), purpose=purpose)
            .order_by("-on", "-recorded_at", "-pk")
            .values("given")[:1]
        )
        return (
            self.filter(purpose=purpose)
            .annotate(latest=Subquery(newest))
            .filter(latest=True)
            .values("person_id")
        )
