"""Who may act on loans and memberships: a thin reader of the one role table
(`sinergi.accounts.roles`). Loans and memberships are programs, so the program fields
decide; which rows is decided by `Business.objects.visible_to` / `Program.objects.visible_to`."""

from __future__ import annotations

from sinergi.accounts.roles import permissions_for

__all__ = ["can_manage", "can_view"]


def can_view(user: object) -> bool:
    return permissions_for(user).view_programs


def can_manage(user: object) -> bool:
    return permissions_for(user).manage_programs
