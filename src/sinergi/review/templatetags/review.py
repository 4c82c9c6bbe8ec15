"""Template tags for the review snippets included in registry pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

register = template.Library()


@register.simple_tag(takes_context=True)
def review_allowed(context: template.Context) -> bool:
    from sinergi.review.querysets import can_review

    request = context.get("request")
    return bool(request is not None and can_review(request.user))


@register.simple_tag
def operations_of(business: Any, limit: int = 5) -> list[Any]:
    """Recent merges/splits that involved `business` (as target or as one of the others)."""
    from sinergi.audit.models import AuditEvent
    from sinergi.review.models import MergeOperation

    # The trail names the operation on every business it touched (JSON "contains" is not
    # available on SQLite, so the audit events are the index).
    events = AuditEvent.objects.for_object(business).filter(action__in=["merge", "split"])
    payloads = events.values_list("payload", flat=True)[:50]
    # Events stored before payloads were typed keep their values under "values".
    ids = {p.get("operation") or p.get("values", {}).get("operation") for p in payloads}
    return list(MergeOperation.objects.filter(Q(pk__in=ids) | Q(target=business))[:limit])
