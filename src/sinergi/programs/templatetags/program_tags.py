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


@register.filter
def rules_in_words(rules: Any) -> list[str]:
    """`{% for line in program.eligibility_rules|rules_in_words %}`: rules as sentences."""
    from sinergi.programs.describe import describe_rules

    return describe_rules(rules or [])


@register.filter
def region_in_words(code: str | None) -> str:
    """`{{ program.region_scope|region_in_words }}`: 'Kabupaten Bangka', not '1901'."""
    from sinergi.programs.describe import region_label

    return region_label(code)
