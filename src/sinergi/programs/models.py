"""Programs: the base every kind of help (grant, partnership loan, membership, training,
campaign) is built on.

Invariants:
- `budget_idr` is whole rupiah (BigIntegerField): money is never a float.
- `region_scope` is a region-code prefix ('' = all of Indonesia); a business is in scope
  when its village/regency code starts with it.
- `eligibility_rules` is data (a list of rule dicts), evaluated only by
  `sinergi.programs.eligibility` — never by ad-hoc code elsewhere.
- Field names of `Program` are stable: other apps (loans, memberships) build on them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.programs.querysets import ProgramQuerySet, ReferenceListQuerySet


class ProgramKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Partnership loan")
    MEMBERSHIP = "membership", _("Membership")
    TRAINING = "training", _("Training")
    CAMPAIGN = "campaign", _("Campaign")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Program(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("owner organisation"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ProgramKind.choices)
    name = models.CharField(_("name"), max_length=200)
    budget_idr = models.BigIntegerField(_("budget (Rp)"), default=0)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    region_scope = models.CharField(
        _("region scope"),
        max_length=10,
        blank=True,
        help_text=_("Region code prefix; empty for all of Indonesia."),
    )
    eligibility_rules = models.JSONField(_("eligibility rules"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set once by `programs.lifecycle.close_program`: no new cycles, no more payments.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_idr__gte=0), name="program_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="program_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_key(self) -> str:
        """The period the one-grant rule counts in: the start year (e.g. '2020')."""
        return str(self.period_start.year)

    def budget_used(self) -> int:
        """Net rupiah paid from this program (reversals subtract)."""
        total = self.disbursements.aggregate(t=models.Sum("amount_idr"))["t"]
        return int(total or 0)

    def budget_left(self) -> int:
        return self.budget_idr - self.budget_used()


# ------------------------------------------------------------------------------ cycles


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted (screened)")
    VERIFIED = "verified", _("Verified")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Cycle(models.Model):
    """One round of nominations of a program.

    Invariant: the status only moves forward (draft -> submitted -> verified -> approved
    -> paid/closed) and only through `programs.actions`; each step keeps who and when.
    A cycle with no line paid may instead end as cancelled (`programs.lifecycle`), with
    who, when and why; its lines are then never paid.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.program} — {self.name}"


class NominationStatus(models.TextChoices):
    ACTIVE = "active", _("Nominated")
    REMOVED = "removed", _("Removed")
    PAID = "paid", _("Paid")


class Nomination(models.Model):
    """A business proposed in a cycle for `amount_idr` whole rupiah.

    Invariant: `snapshot` is empty until the cycle is submitted, then frozen: it is what
    was screened and approved, whatever happens to the registry row afterwards.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="nominations")
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="nominations"
    )
    amount_idr = models.BigIntegerField(_("amount (Rp)"))
    status = models.CharField(
        max_length=10, choices=NominationStatus.choices, default=NominationStatus.ACTIVE
    )
    snapshot = models.JSONField(default=dict, blank=True)
    eligibility = models.JSONField(default=list, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nominated_at = models.DateTimeField(auto_now_add=True)
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_idr__gt=0), name="nomination_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.business_id}"


# -------------------------------------------------------------------- reference lists


class ReferenceCategory(models.TextChoices):
    DTKS = "dtks", _("DTKS (social welfare data)")
    BPUM = "bpum", _("BPUM recipients")
    PRAKERJA = "prakerja", _("Kartu Prakerja recipients")
    ASN = "asn", _("Civil servants / TNI / Polri")
    BUMN = "bumn", _("State-company employees")
    DECEASED = "deceased", _("Deceased")
    CREDIT = "credit", _("Bank credit / KUR borrowers")
    OTHER = "other", _("Other")


# Categories that say "already received aid" (screened as ALREADY_RECEIVED); every other
# category is an exclusion list (EXCLUDED_<CATEGORY>).
RECEIVED_CATEGORIES = frozenset({"dtks", "bpum", "prakerja"})


class ReferenceListStatus(models.TextChoices):
    # The file is stored; the background worker reads it (never the web request).
    READING = "reading", _("Reading the file")
    UNREADABLE = "unreadable", _("File could not be read")
    READY = "ready", _("Ready")


class ReferenceList(models.Model):
    """An uploaded list from another agency; its rows are kept as text, as read.

    Only a `ready` list is screened against: one still being read (or unreadable) has no
    rows yet, and a screening must not quietly miss it.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=10, choices=ReferenceCategory.choices)
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(max_length=255, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    rows_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferenceListStatus.choices,
        default=ReferenceListStatus.READY,
    )
    # The stored upload the worker reads, and what went wrong (names file, row, column).
    stored_path = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    shared = models.BooleanField(
        _("shared with every organisation"),
        default=False,
        help_text=_(
            "Other organisations' cycles are screened against this list too. Leave it off "
            "unless the list's owner allows it: it holds personal data."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Sharing is asked by the uploader and granted by someone of another role
    # (`references.approve_sharing`); `shared` is true only once approved.
    share_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    share_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReferenceListQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.name}"


class ReferenceRow(models.Model):
    reference_list = models.ForeignKey(ReferenceList, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    nik = models.CharField(max_length=32, blank=True, db_index=True)
    owner_name = models.CharField(max_length=200, blank=True)
    business_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=255, blank=True)
    regency = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["reference_list_id", "row_number"]

    def __str__(self) -> str:
        return f"{self.reference_list_id}:{self.row_number}"


# ------------------------------------------------------------------------------ findings


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved (kept)")
    REMOVED = "removed", _("Line removed")


class Finding(models.Model):
    """One screening finding on a nomination. Approval is refused while any is open."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="findings")
    reason = models.CharField(max_length=40, db_index=True)
    related = models.CharField(max_length=200, blank=True)
    probability = models.FloatField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    message_id = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN, db_index=True
    )
    resolution_reason = models.CharField(max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination_id", "reason", "id"]

    def __str__(self) -> str:
        return f"{self.reason} ({self.nomination_id})"


# --------------------------------------------------------------------------- the ledger


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a ledger entry."""


class DisbursementQuerySet(models.QuerySet["Disbursement"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("the disbursement ledger is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the disbursement ledger is append-only")


class Disbursement(models.Model):
    """One ledger entry: money paid (positive) or a reversal (negative) to a business.

    Invariants: append-only (save refuses updates, delete refuses, and on PostgreSQL a
    trigger refuses UPDATE/DELETE too); `amount_idr` is whole rupiah; a reversal points at
    the entry it reverses and carries its negated amount; `program_kind` and `period_key`
    are copied from the program so the one-grant rule is a query on this table alone.
    Entries are written only by `programs.actions.disburse` / `reverse_disbursement`.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="disbursements")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="disbursements"
    )
    program_kind = models.CharField(max_length=12, choices=ProgramKind.choices)
    period_key = models.CharField(max_length=10)
    amount_idr = models.BigIntegerField(_("amount (Rp)"))
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    batch = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["business", "program_kind", "period_key"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount_idr=0), name="disbursement_amount_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}/{self.business_id}: {self.amount_idr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the disbursement ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the disbursement ledger is append-only")


# -------------------------------------------------------------- nominating from a file


class NominationUploadStatus(models.TextChoices):
    # reading -> preview (or unreadable) -> queued -> running -> done; a run that is
    # refused (bad mapping, cycle no longer a draft) goes back to preview with `error`.
    READING = "reading", _("Reading the file")
    UNREADABLE = "unreadable", _("File could not be read")
    PREVIEW = "preview", _("Columns to check")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Linking and nominating")
    DONE = "done", _("Linked and nominated")


class NominationUpload(models.Model):
    """A list of proposed recipients uploaded into a draft cycle (`programs.uploads`).

    Invariants: the file is stored as received (`stored_path`, by content hash) and
    never changed; `mapping` ({header: canonical field}) is what the run used; after the
    run every data row of the file has exactly one `NominationUploadRow`, and the counts
    here are those rows' outcomes as the run decided them (a doubtful row nominated by
    hand afterwards keeps its outcome and gains a nomination).
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="nomination_uploads")
    file_name = models.CharField(_("file"), max_length=255)
    sheet = models.CharField(max_length=100, blank=True)
    stored_path = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    numeric_columns = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    # Per header, what column recognition read it as, how sure and why (shown beside the
    # mapping): [ColumnChoice.as_dict(), ...].
    recognition = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10,
        choices=NominationUploadStatus.choices,
        default=NominationUploadStatus.PREVIEW,
    )
    default_amount_idr = models.BigIntegerField(_("default amount (Rp)"), null=True, blank=True)
    model_version = models.PositiveIntegerField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    nominated = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    doubtful = models.PositiveIntegerField(default=0)
    not_found = models.PositiveIntegerField(default=0)
    bad = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_amount_idr__isnull=True)
                | models.Q(default_amount_idr__gt=0),
                name="nomination_upload_default_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.cycle_id})"


class UploadOutcome(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    REFUSED = "refused", _("Refused")
    DOUBTFUL = "doubtful", _("Doubtful match")
    NOT_FOUND = "not_found", _("Not in the registry")
    BAD = "bad", _("Bad row")


class NominationUploadRow(models.Model):
    """One data row of an uploaded list, as received, and what became of it.

    `raw` is {header: cell text or null} exactly as the reader returned it. `business`
    is the registry business the row was linked to (matched or refused rows) or the one
    chosen by hand for a doubtful row; `candidates` are the doubtful row's businesses
    ([{"business_id", "probability"}], visible to the uploader when the run happened).
    """

    upload = models.ForeignKey(NominationUpload, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)
    outcome = models.CharField(max_length=10, choices=UploadOutcome.choices, db_index=True)
    matched_by = models.CharField(max_length=10, blank=True)  # "nik" | "model" | ""
    match_probability = models.FloatField(null=True, blank=True)
    business = models.ForeignKey(
        "registry.Business", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    candidates = models.JSONField(default=list, blank=True)
    amount_idr = models.BigIntegerField(null=True, blank=True)
    nomination = models.ForeignKey(
        Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(blank=True)
    notes = models.JSONField(default=list, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["upload_id", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "row_number"], name="nomination_upload_row_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.row_number}"


from sinergi.programs.partners import ProgramPartner  # noqa: E402, F401  (a model of this app)
