"""Issuing, revoking and checking API tokens (verbs: audited, admin only)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from typing import Any, ClassVar

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from sinergi.accounts.roles import Role, permissions_for
from sinergi.accounts.scope import NotAllowed
from sinergi.api.models import ApiToken
from sinergi.audit.actions import record
from sinergi.audit.events import Event, declared
from sinergi.audit.models import Action

TOUCH_EVERY = dt.timedelta(minutes=5)


@declared
@dataclasses.dataclass(frozen=True)
class TokenChange(Event):
    """An API token issued or revoked: its name, prefix and whose it is."""

    kind: ClassVar[str] = "api_token"
    operation: str
    name: str
    prefix: str
    for_user: str


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _require_admin(actor: Any) -> None:
    if permissions_for(actor).role != Role.SYSTEM_ADMIN:
        raise NotAllowed("manage_api_tokens")


def issue_token(actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """(token row, the token itself — shown once, never stored)."""
    _require_admin(actor)
    key = "snrg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[5:13], key_hash=digest(key), created_by=actor
    )
    record(actor, Action.CREATE, token, event=TokenChange(
        "issue", name, token.prefix, user.get_username()))  # fmt: skip
    return token, key


def revoke_token(actor: Any, token: ApiToken) -> None:
    _require_admin(actor)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, Action.UPDATE, token, event=TokenChange(
        "revoke", token.name, token.prefix, token.user.get_username()))  # fmt: skip


def user_of(key: str) -> Any | None:
    """The active user behind a token, or None."""
    token = (
        # The membership too: `permissions_for` then needs no query of its own.
        ApiToken.objects.select_related("user__membership__organisation")
        .filter(key_hash=digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Read in the same query (None when the user has none): see `permissions_for`.
    token.user._sinergi_membership = token.user._state.fields_cache.get("membership")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_of(token)
        if user is not None:
            request.user = user
        return user
