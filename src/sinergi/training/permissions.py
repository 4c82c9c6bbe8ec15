"""Who may act on training: a thin reader of the role table (`accounts.roles`,
`view_training` / `manage_training` / `register_own_business`) and `Scope`.

Always asked of ONE object, as `programs.permissions.may_manage` is:
- `may_manage_event(user, event)`: the role manages training AND (manages any program, or
  the user's organisation owns the event, or the owner made it a partner: `EventPartner`);
- `may_manage_cohort(user, cohort)`: the same, without partners;
- which events / cohorts a user reads: `Event.objects.visible_to(user)` (querysets).
Every verb in `training.actions` starts with one `require_*` below.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed, scope_for


def can_view(user: object) -> bool:
    return permissions_for(user).view_training


def can_manage(user: object) -> bool:
    return permissions_for(user).manage_training


def require_view(user: object) -> None:
    if not can_view(user):
        raise PermissionDenied


def require_manage(user: object) -> None:
    if not can_manage(user):
        raise NotAllowed("manage_training")


def _partner(organisation_id: int | None, event: Any) -> bool:
    from sinergi.training.models import EventPartner

    return (
        organisation_id is not None
        and EventPartner.objects.filter(event_id=event.pk, organisation_id=organisation_id).exists()
    )


def may_manage_event(user: object, event: Any) -> bool:
    scope = scope_for(user)
    if not scope.perms.manage_training:
        return False
    if scope.perms.manage_any_program:
        return True
    return scope.owns(event) or _partner(scope.organisation_id, event)


def may_grant(user: object, event: Any) -> bool:
    """Partnership on an event is granted by its owner's managers (or a system admin)."""
    scope = scope_for(user)
    return scope.perms.manage_training and (scope.perms.manage_any_program or scope.owns(event))


def may_manage_cohort(user: object, cohort: Any) -> bool:
    scope = scope_for(user)
    if not scope.perms.manage_training:
        return False
    return scope.perms.manage_any_program or scope.owns(cohort)


def require_event(user: object, event: Any, what: str = "manage_event") -> None:
    if not may_manage_event(user, event):
        raise NotAllowed(what)


def require_cohort(user: object, cohort: Any, what: str = "manage_cohort") -> None:
    if not may_manage_cohort(user, cohort):
        raise NotAllowed(what)


def may_register_self(user: object, event: Any, business: Any) -> bool:
    """An owner registers their own business for an open event whose region holds it."""
    from sinergi.registry.models import Business

    scope = scope_for(user)
    return (
        scope.perms.register_own_business
        and event.self_registration
        and event.status == "open"
        and Business.objects.visible_to(user).filter(pk=business.pk).exists()
        and (business.village_id or "").startswith(event.region_scope)
    )
