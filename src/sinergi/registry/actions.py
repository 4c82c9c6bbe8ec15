"""Writes to the registry. Views, CLI, API and tasks call these verbs; each one checks
permission, changes the data and writes the audit event in the same transaction.

Invariants: every create/update/deactivate/reactivate leaves exactly one audit event
per changed record with the old and new values; every full view of a NIK or phone number
leaves a `view_pii` event. Callers pass objects they obtained through `visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import diff, record
from sinergi.audit.models import Action
from sinergi.registry.models import Business, Person, Status

PII_FIELDS = ("nik", "phone", "email")
_SKIP = {"id", "created_at", "updated_at"}


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values as stored (FKs by id), for audit diffs."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in _SKIP
    }


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(what)


def _require_business(actor: Any, item: Business, what: str) -> None:
    """The actor may reach `item` (its scope, or their own business for an owner)."""
    _require(Business.objects.visible_to(actor).filter(pk=item.pk).exists(), what)


def _require_place(actor: Any, business: dict[str, Any], what: str) -> None:
    """A business is put only inside the actor's region (an owner keeps their own)."""
    village = business.get("village")
    scope = scope_for(actor)
    if village is not None and not scope.perms.is_owner:
        _require(scope.contains(getattr(village, "code", village)), what)


def _apply(obj: models.Model, data: dict[str, Any]) -> None:
    for key, value in data.items():
        setattr(obj, key, value)


@transaction.atomic
def create_business(
    actor: Any,
    *,
    owner: dict[str, Any],
    business: dict[str, Any],
    request: HttpRequest | None = None,
) -> Business:
    """Register a new business with a new owner record.

    The owner is always a new Person: merging owners who are the same real person is
    the review step's job (it sees every region; this form only sees the actor's scope).
    """
    _require(permissions_for(actor).create_business, "create_business")
    _require_place(actor, business, "create_business")
    person = Person(**owner)
    person.save()
    record(actor, Action.CREATE, person, changes=diff({}, snapshot(person)), request=request)
    item = Business(owner=person, created_by=actor if actor.is_authenticated else None)
    _apply(item, business)
    item.save()
    record(actor, Action.CREATE, item, changes=diff({}, snapshot(item)), request=request)
    return item


@transaction.atomic
def update_business(
    actor: Any,
    item: Business,
    *,
    owner: dict[str, Any],
    business: dict[str, Any],
    request: HttpRequest | None = None,
) -> dict[str, Any]:
    """Change a business and its owner; returns {"business": diff, "owner": diff}."""
    _require(permissions_for(actor).edit_business, "edit_business")
    _require_business(actor, item, "edit_business")
    _require_place(actor, business, "edit_business")
    person = item.owner
    # "Before" comes from the database: a bound ModelForm has already written the new
    # values into the instances it was given.
    before_person = snapshot(Person.objects.get(pk=person.pk))
    before_item = snapshot(Business.objects.get(pk=item.pk))
    _apply(person, owner)
    _apply(item, business)
    item.refresh_derived()
    person_changes = diff(before_person, snapshot(person))
    item_changes = diff(before_item, snapshot(item))
    if person_changes:
        person.save()
        record(actor, Action.UPDATE, person, changes=person_changes, request=request)
    if item_changes:
        item.save()
        record(actor, Action.UPDATE, item, changes=item_changes, request=request)
    return {"business": item_changes, "owner": person_changes}


@transaction.atomic
def set_business_status(
    actor: Any, item: Business, status: str, *, request: HttpRequest | None = None
) -> None:
    """Deactivate (or reactivate) a business. Nothing is deleted: history stays."""
    _require(permissions_for(actor).deactivate_business, "deactivate_business")
    _require_business(actor, item, "deactivate_business")
    if item.status == status:
        return
    old = item.status
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    action = Action.DEACTIVATE if status == Status.INACTIVE else Action.REACTIVATE
    record(actor, action, item, changes={"status": {"old": old, "new": status}}, request=request)


def reveal_pii(
    actor: Any, item: Business, field: str, *, request: HttpRequest | None = None
) -> str:
    """The full value of an owner's NIK/phone/e-mail, and the audit event for seeing it."""
    if field not in PII_FIELDS:
        raise ValueError(f"not a personal-data field: {field}")
    _require(permissions_for(actor).see_full_pii, "see_full_pii")
    _require_business(actor, item, "see_full_pii")
    record(actor, Action.VIEW_PII, item.owner, fields=[field], request=request)
    return getattr(item.owner, field)
