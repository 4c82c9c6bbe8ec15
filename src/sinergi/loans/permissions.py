"""Who may act on loans and memberships. Loans and memberships are programs, so the
program fields of the one role table (`sinergi.accounts.roles`) decide, through the same
readers; which rows is decided by `Business.objects.visible_to` /
`Program.objects.visible_to`."""

from __future__ import annotations

from sinergi.programs.permissions import can_manage, can_view, require_manage, require_view

__all__ = ["can_manage", "can_view", "require_manage", "require_view"]
