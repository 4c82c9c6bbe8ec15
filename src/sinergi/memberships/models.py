"""Memberships (e.g. a chamber of commerce's yearly fee of Rp120.000).

Invariants:
- A `MembershipPlan` gives a program of kind "membership" its yearly fee (whole rupiah).
- One `MembershipPeriod` per (program, business, year); its `fee_idr` is copied from the
  plan when the period is opened, so a later fee change does not rewrite old years.
- A period is paid when `paid_at` is set; a payment is recorded once, with a receipt
  number unique per program, and never edited (a mistaken payment is cancelled by a
  verb that keeps the trail in the audit log).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipPlan(models.Model):
    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="membership_plan"
    )
    yearly_fee_idr = models.BigIntegerField(_("yearly fee (Rp)"))

    class Meta:
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(yearly_fee_idr__gte=0), name="membership_fee_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} (Rp{self.yearly_fee_idr}/year)"


class MembershipPeriodQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> MembershipPeriodQuerySet:
        """Periods `user` may read: the same rule as loans (`loans.querysets`)."""
        from sinergi.loans.querysets import _by_program
        from sinergi.registry.models import Business

        return self.filter(_by_program(user), business__in=Business.objects.visible_to(user))

    def unpaid(self) -> MembershipPeriodQuerySet:
        return self.filter(paid_at__isnull=True)


class MembershipPeriod(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="membership_periods"
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="membership_periods",
        verbose_name=_("business"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    fee_idr = models.BigIntegerField(_("fee (Rp)"))
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.BigIntegerField(_("amount paid (Rp)"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership year")
        verbose_name_plural = _("membership years")
        ordering = ["-year", "business__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "business", "year"], name="membership_period_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "receipt_number"],
                condition=~models.Q(receipt_number=""),
                name="membership_receipt_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_idr__gte=0), name="membership_period_fee_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.year}"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None
