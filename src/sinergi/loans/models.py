"""Partnership loans (pinjaman kemitraan): application → agreement → ledger.

Invariants:
- Money is whole rupiah (BigIntegerField); the admin fee rate is a Decimal per year.
- `Instalment` rows are the schedule *in force*; what each instalment has received is
  derived (sinergi.loans.schedule.allocate over the ledger), never stored, so a
  reversal or revision can never leave stale "paid" flags behind.
- `LoanEntry` is an append-only ledger: rows are only inserted (save() refuses updates,
  delete() refuses); a correction is a `reversal` entry pointing at the entry it undoes.
- A rescheduling/restructuring writes a `LoanRevision` with the old and new terms and
  schedule (JSON), then replaces the unpaid part of the schedule.
- Every write goes through sinergi.loans.actions, which records an audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.loans.querysets import LoanAgreementQuerySet, LoanApplicationQuerySet


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class LoanApplication(models.Model):
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="loan_applications",
        verbose_name=_("program"),
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="loan_applications",
        verbose_name=_("business"),
    )
    amount_requested = models.BigIntegerField(_("amount requested (Rp)"))
    tenor_months = models.PositiveSmallIntegerField(_("tenor (months)"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = LoanApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0), name="loan_application_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business} — Rp{self.amount_requested}"


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Signed, not yet disbursed")
    ACTIVE = "active", _("Disbursed (running)")
    REPAID = "repaid", _("Repaid")
    WRITTEN_OFF = "written_off", _("Written off")


class LoanAgreement(models.Model):
    number = models.CharField(_("agreement number"), max_length=30, unique=True)
    application = models.OneToOneField(
        LoanApplication, on_delete=models.PROTECT, related_name="agreement"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="loan_agreements"
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="loan_agreements"
    )
    principal = models.BigIntegerField(_("principal (Rp)"))
    tenor_months = models.PositiveSmallIntegerField(_("tenor (months)"))
    admin_fee_rate = models.DecimalField(
        _("admin fee (per year)"),
        max_digits=6,
        decimal_places=4,
        help_text=_("Flat, on the original principal, e.g. 0.0600 for 6% a year."),
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.SIGNED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoanAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan agreement")
        verbose_name_plural = _("loan agreements")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal__gt=0), name="loan_agreement_principal_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(admin_fee_rate__gte=0), name="loan_agreement_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Instalment(models.Model):
    agreement = models.ForeignKey(
        LoanAgreement, on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_date = models.DateField(_("due date"))
    principal_due = models.BigIntegerField(_("principal due (Rp)"))
    fee_due = models.BigIntegerField(_("admin fee due (Rp)"))

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="instalment_unique"),
            models.CheckConstraint(
                condition=models.Q(principal_due__gte=0, fee_due__gte=0),
                name="instalment_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} #{self.number}"


class EntryKind(models.TextChoices):
    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")
    REVERSAL = "reversal", _("Reversal")
    WRITE_OFF = "write_off", _("Write-off")


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    BANK = "bank", _("Bank statement import")


class AppendOnlyError(RuntimeError):
    pass


class LoanEntry(models.Model):
    """One movement of money on a loan. Append-only: see module doc."""

    agreement = models.ForeignKey(LoanAgreement, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices, db_index=True)
    amount = models.BigIntegerField(_("amount (Rp)"))
    date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(max_length=8, choices=EntrySource.choices, default="manual")
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    # Disbursements (and their reversals) are also written to the programs ledger, the
    # one place money paid out is counted (budget, business page, "has received").
    program_entry = models.OneToOneField(
        "programs.Disbursement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_entry",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loan ledger entry")
        verbose_name_plural = _("loan ledger entries")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="loan_entry_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.kind} Rp{self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("loan ledger entries are never changed; add a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("loan ledger entries are never deleted; add a reversal")


class RevisionKind(models.TextChoices):
    RESCHEDULE = "reschedule", _("Rescheduling (new tenor)")
    RESTRUCTURE = "restructure", _("Restructuring (new terms)")


class LoanRevision(models.Model):
    agreement = models.ForeignKey(LoanAgreement, on_delete=models.PROTECT, related_name="revisions")
    kind = models.CharField(_("kind"), max_length=12, choices=RevisionKind.choices)
    effective_date = models.DateField(_("effective date"))
    reason = models.CharField(_("reason"), max_length=300)
    old_terms = models.JSONField(_("old terms"))
    new_terms = models.JSONField(_("new terms"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loan revision")
        verbose_name_plural = _("loan revisions")
        ordering = ["agreement", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.agreement} {self.kind} {self.effective_date}"


class BankStatement(models.Model):
    """One uploaded bank statement (CSV) of a loan program's repayment account."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="bank_statements"
    )
    file_name = models.CharField(_("file"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class MatchMethod(models.TextChoices):
    AGREEMENT_NUMBER = "number", _("Agreement number in the description")
    NIK = "nik", _("NIK in the description")
    NAME = "name", _("Partner name in the description")
    AMOUNT = "amount", _("Amount equals one expected instalment")
    MANUAL = "manual", _("Matched by hand")
    NONE = "", _("Not matched")


class BankRow(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (Rp)"))
    description = models.CharField(_("description"), max_length=500)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    agreement = models.ForeignKey(
        LoanAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=8, choices=MatchMethod.choices, blank=True)
    entry = models.OneToOneField(
        LoanEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_row"
    )

    class Meta:
        ordering = ["statement", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "row_number"], name="bank_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.statement} row {self.row_number}"
