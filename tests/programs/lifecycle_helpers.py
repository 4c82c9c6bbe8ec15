"""What the program lifecycle tests share: the edit form as posted, running a cycle to
approval, audit events of an object, and a page's text."""

from __future__ import annotations

import html
from typing import Any

from sinergi.audit.models import AuditEvent
from sinergi.programs import actions
from sinergi.programs.models import Cycle, CycleStatus, Program


def edit_data(program: Program, **changes: Any) -> dict[str, str]:
    """The edit form as the page would post it, with `changes` applied."""
    import json

    data = {
        "name": program.name,
        "budget_idr": str(program.budget_idr),
        "period_start": program.period_start.isoformat(),
        "period_end": program.period_end.isoformat(),
        "region_scope": program.region_scope,
        "eligibility_rules": json.dumps(program.eligibility_rules),
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


def approve(user: Any, cycle: Cycle, *lines: tuple[Any, int]) -> Cycle:
    """Nominate `lines` (business, amount), submit, verify, resolve findings, approve."""
    for business, amount in lines:
        actions.nominate(user, cycle, business, amount)
    actions.submit_cycle(user, cycle)
    actions.verify_cycle(user, cycle)
    for finding in actions.open_findings(cycle):
        actions.resolve_finding(user, finding, "diperiksa di lapangan")
    actions.approve_cycle(user, cycle)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.APPROVED
    return cycle


def events_of(obj: Any) -> Any:
    """The audit events of one object, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("id")


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())
