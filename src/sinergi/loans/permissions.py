"""Who may do what with loans and memberships: the same roles as programs
(sinergi.programs.permissions); which rows is decided by Business.objects.visible_to."""

from __future__ import annotations

from sinergi.programs.permissions import can_manage, can_view

__all__ = ["can_manage", "can_view"]
