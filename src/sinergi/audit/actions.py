"""Writing audit events: the one verb every app calls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from sinergi.audit.models import AuditEvent
from sinergi.core.http import client_ip


def json_safe(value: Any) -> Any:
    """Values as they should appear in the trail: model instances by pk, dates as ISO."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"old": a, "new": b}} for every field whose JSON-safe value changed."""
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = json_safe(old.get(key)), json_safe(new.get(key))
        if a != b:
            out[key] = {"old": a, "new": b}
    return out


def _ip(request: HttpRequest | None) -> str | None:
    return (client_ip(request) or None) if request is not None else None


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    fields: list[str] | tuple[str, ...] = (),
    request: HttpRequest | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one event. `actor` may be None (failed logins, system jobs)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor_username or (actor.get_username() if is_user else ""),
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=",".join(fields)[:200],
        changes=json_safe(changes or {}),
        ip=_ip(request),
    )
