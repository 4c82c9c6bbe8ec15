"""Reads of the review queue. Scoping is delegated to `Business.objects.visible_to`.

A pair is visible to a user only when BOTH businesses are: a person can only judge
evidence they may see, and a regency officer reviews only their region.
"""

from __future__ import annotations

from django.db import models

from sinergi.accounts.roles import permissions_for
from sinergi.registry.querysets import SCOPE_FIELD


def can_review(user: object) -> bool:
    """The role table's `review_pairs`: who decides pairs, merges, splits and undoes."""
    return permissions_for(user).review_pairs


class ReviewPairQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ReviewPairQuerySet:
        from sinergi.registry.models import Business

        if not can_review(user):
            return self.none()
        visible = Business.objects.visible_to(user).values("pk")
        return self.filter(business_a__in=visible, business_b__in=visible)

    def pending(self) -> ReviewPairQuerySet:
        return self.filter(status="pending")

    def in_region(self, code: str) -> ReviewPairQuerySet:
        """Pairs whose business A lies in region `code` (any level)."""
        field = SCOPE_FIELD.get(len(code))
        if not code or field is None or not code.isdigit():
            return self
        return self.filter(**{f"business_a__{field}": code})

    def for_queue(self) -> ReviewPairQuerySet:
        return self.select_related(
            "business_a__owner", "business_b__owner", "record_a__file", "record_b__file"
        )
