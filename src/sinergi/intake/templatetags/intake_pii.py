"""Problem values on the problem list, masked like every identifier (intake/pii.py)."""

from __future__ import annotations

from typing import Any

from django import template

from sinergi.intake import pii

register = template.Library()


@register.filter
def problem_value(problem: Any) -> Any:
    return pii.problem_value(problem)


@register.filter
def problem_correction(problem: Any) -> Any:
    return pii.guard(problem.corrected_value, problem.column in pii.SECRET_FIELDS, full=False)
