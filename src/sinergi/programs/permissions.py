"""Who may act on programs: a thin reader of the one role table (`sinergi.accounts.roles`)
and the one `Scope` (`sinergi.accounts.scope`).

Two questions, always asked of ONE program:
- `may_manage(user, program)`: the role may manage programs AND (the role manages any
  program, or the user's organisation owns the program, or the owner granted that
  organisation partnership on it: `ProgramPartner`);
- which programs a user reads is `Program.objects.visible_to(user)`.

`can_view` / `can_manage` only say whether the role may read / manage programs at all
(to show a menu or a button); a verb asks `require_program(user, program)`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from sinergi.accounts.roles import Role, permissions_for, permissions_of_role
from sinergi.accounts.scope import NotAllowed, scope_for

# The roles that may see / act on programs, as the role table says.
VIEW_ROLES = frozenset(r for r in Role if permissions_of_role(r, "").view_programs)
MANAGE_ROLES = frozenset(r for r in Role if permissions_of_role(r, "").manage_programs)


def can_view(user: object) -> bool:
    return permissions_for(user).view_programs


def can_manage(user: object) -> bool:
    return permissions_for(user).manage_programs


def require_view(user: object) -> None:
    """PermissionDenied (403) unless the user may see programs (views call this first)."""
    if not can_view(user):
        raise PermissionDenied


def require_manage(user: object) -> None:
    """PermissionDenied (403) unless the user's role may act on programs at all."""
    if not can_manage(user):
        raise PermissionDenied


def is_partner(organisation_id: int | None, program: Any) -> bool:
    from sinergi.programs.models import ProgramPartner

    return (
        organisation_id is not None
        and ProgramPartner.objects.filter(
            program_id=program.pk, organisation_id=organisation_id
        ).exists()
    )


def may_manage(user: object, program: Any) -> bool:
    """May `user` change `program` or anything built on it (cycles, loans, fees, ...)?"""
    scope = scope_for(user)
    if not scope.perms.manage_programs:
        return False
    if scope.perms.manage_any_program:
        return True
    return scope.owns(program) or is_partner(scope.organisation_id, program)


def may_grant(user: object, program: Any) -> bool:
    """Partnership on a program is granted by its owner's managers (or a system admin)."""
    scope = scope_for(user)
    return scope.perms.manage_programs and (scope.perms.manage_any_program or scope.owns(program))


def require_program(user: object, program: Any, what: str = "manage_program") -> None:
    """NotAllowed (403) unless `user` may manage `program`: every program verb starts here."""
    if not may_manage(user, program):
        raise NotAllowed(what)
