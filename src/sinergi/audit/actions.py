"""Writing audit events: the one verb every app calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from sinergi.audit.events import Event, validate
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


def field_changes(changes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"old": a, "new": b}} from {field: (a, b)} (or the stored form, as `diff`
    gives it). A flat value is refused: it is not a change, it belongs in an event."""
    out = {}
    for field, change in changes.items():
        if isinstance(change, tuple) and len(change) == 2:
            out[str(field)] = {"old": json_safe(change[0]), "new": json_safe(change[1])}
        elif isinstance(change, dict) and change and set(change) <= {"old", "new"}:
            out[str(field)] = json_safe(change)
        else:
            raise TypeError(
                f"audit change of {field!r} must be (old, new), not {change!r}; facts that "
                "are not a field change go in a declared event (sinergi.audit.events)"
            )
    return out


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: Mapping[str, Any] | None = None,
    event: Event | None = None,
    fields: list[str] | tuple[str, ...] = (),
    request: HttpRequest | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one event. `actor` may be None (failed logins, system jobs).

    `changes` maps a field to (old, new); `event` is one of the declared payloads in
    `sinergi.audit.events` (a reason, the operation a merge step belongs to, ...). Both
    are validated here, so every stored event has a shape the audit page can show.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    stored_changes = field_changes(changes or {})
    payload = json_safe(validate(event)) if event is not None else {}
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor_username or (actor.get_username() if is_user else ""),
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=",".join(fields)[:200],
        changes=stored_changes,
        kind=event.kind if event is not None else "",
        payload=payload,
        ip=_ip(request),
    )
