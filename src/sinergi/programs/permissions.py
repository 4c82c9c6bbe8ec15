"""Who may act on programs: a thin reader of the one role table
(`sinergi.accounts.roles`, fields `view_programs` and `manage_programs`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sinergi.accounts.roles import Role, permissions_for, permissions_of_role

# The roles that may see / act on programs, as the role table says (read by
# `ProgramQuerySet.visible_to`).
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
    """PermissionDenied (403) unless the user may act on programs."""
    if not can_manage(user):
        raise PermissionDenied
