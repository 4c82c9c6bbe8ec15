"""`{% business_programs item as bp %}`: the business page's programs section, fed by
`programs.views.business_programs_context` (the registry view knows nothing of programs)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def business_programs(context: dict[str, Any], business: Any) -> dict[str, Any]:
    from sinergi.programs.views import business_programs_context

    request = context.get("request")
    if request is None:
        return {"visible": False}
    return business_programs_context(business, request.user)
