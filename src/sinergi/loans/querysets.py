"""Reads of loans. Region scoping is delegated to `Business.objects.visible_to`."""

from __future__ import annotations

from django.db import models


def _visible_businesses(user: object) -> models.QuerySet:
    from sinergi.registry.models import Business

    return Business.objects.visible_to(user)


class LoanApplicationQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> LoanApplicationQuerySet:
        """Applications of businesses `user` may see."""
        return self.filter(business__in=_visible_businesses(user))


class LoanAgreementQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> LoanAgreementQuerySet:
        """Agreements of businesses `user` may see."""
        return self.filter(business__in=_visible_businesses(user))

    def for_portfolio(self) -> LoanAgreementQuerySet:
        return self.exclude(status="signed").select_related(
            "business__owner", "business__sector", "program"
        )
