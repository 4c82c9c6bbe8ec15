"""Reads of loans: a loan is read where both its business (`Business.objects.visible_to`)
and its program (`Program.objects.visible_to`) are."""

from __future__ import annotations

from django.db import models


def _visible_businesses(user: object) -> models.QuerySet:
    from sinergi.registry.models import Business

    return Business.objects.visible_to(user)


def _by_program(user: object) -> models.Q:
    """Region readers (the role table's `read_programs_in_region`) read every loan of a
    business in their region: the loan lies where the business is. Anyone else (program
    managers) reads only loans of the programs they read."""
    from sinergi.accounts.scope import scope_for
    from sinergi.programs.models import Program

    if scope_for(user).perms.read_programs_in_region:
        return models.Q()
    return models.Q(program__in=Program.objects.visible_to(user))


class LoanApplicationQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> LoanApplicationQuerySet:
        """Applications of businesses and programs `user` may see."""
        return self.filter(_by_program(user), business__in=_visible_businesses(user))


class LoanAgreementQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> LoanAgreementQuerySet:
        """Agreements of businesses and programs `user` may see."""
        return self.filter(_by_program(user), business__in=_visible_businesses(user))

    def for_portfolio(self) -> LoanAgreementQuerySet:
        return self.exclude(status="signed").select_related(
            "business__owner", "business__sector", "program"
        )
