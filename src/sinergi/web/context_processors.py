"""Template context every page needs: the user's membership and what they may do."""

from __future__ import annotations

from django.http import HttpRequest

from sinergi.accounts.roles import permissions_for


def sinergi(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"perms_sinergi": permissions_for(user) if user is not None else None}
