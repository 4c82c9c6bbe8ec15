"""Template helpers of loans and memberships: the business page block and a dict lookup."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get(mapping: dict, key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def percent(fraction: Any) -> str:
    """0.1234 -> '12,3%' (one decimal, Indonesian comma; English keeps the dot)."""
    from sinergi.core.formatting import number

    return f"{number(fraction * 100, 1)}%"


@register.simple_tag(takes_context=True)
def business_programs(context: template.Context, business: Any) -> dict[str, Any]:
    """Loans (with their state today), applications and membership years of `business`.

    The caller (the business page) has already scoped `business` to the user; a user
    without program rights sees nothing here.
    """
    from sinergi.loans.permissions import can_manage, can_view

    user = context["request"].user
    if not can_view(user):
        return {"visible": False}
    from sinergi.loans.models import LoanAgreement, LoanApplication
    from sinergi.loans.state import states_of
    from sinergi.memberships.models import MembershipPeriod
    from sinergi.programs.models import Program

    manageable = Program.objects.manageable_by(user).filter(status="active")
    agreements = list(
        LoanAgreement.objects.visible_to(user).filter(business=business).select_related("program")
    )
    states = states_of(agreements, timezone.localdate())
    return {
        "visible": True,
        "can_manage": can_manage(user),
        "loans": [(a, states[a.pk]) for a in agreements],
        "applications": LoanApplication.objects.visible_to(user).filter(
            business=business, status="submitted"
        ),
        "memberships": MembershipPeriod.objects.visible_to(user)
        .filter(business=business)
        .select_related("program"),
        "loan_programs": manageable.filter(kind="loan"),
        "membership_programs": manageable.filter(kind="membership"),
        "this_year": timezone.localdate().year,
    }
