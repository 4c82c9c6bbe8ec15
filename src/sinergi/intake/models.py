"""Intake models: where every source row lands, exactly as received, with its provenance.

- `Source`: a named list an organisation sends repeatedly ("Dinas Kab. Bangka Tengah,
  pendataan UMKM terdampak"); remembers the column mapping the officer last confirmed.
- `ImportBatch`: one upload (one or more files) and the jobs that read and import it. Long work is a
  row: status, progress counts and errors live here so the page can show them.
- `SourceFile`: one file (and sheet) of a batch, its content hash and its mapping.
- `SourceRecord`: one input row. Stored once: (file, sheet, row_number) is unique, so a
  re-run after a crash can never double a row.
- `RowProblem`: one problem of one row (bad NIK, unknown region, ...), fixable in place.

Invariants:
- `SourceRecord.raw` is the JSON text of {header: cell text or null} in file order, exactly
  as the reader returned it; nothing ever updates it. Corrections go to `corrected`
  ({canonical field: corrected text}) and are audited.
- `SourceRecord.canonical` holds the raw text per canonical field (after mapping);
  `normalised` the engine's normalised values (schema.NORMALISED, dates as ISO text).
  When a row is corrected, `normalised` is recomputed from canonical + corrected.
- `ImportBatch.scope_code` is the uploader's region scope at upload time ('' national);
  scoping reads go through the querysets' `visible_to(user)`.
- `SourceFile.rows_done` advances in the same transaction that stores those rows, so the
  import can resume from it after any crash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.fields import DocumentJSONField
from sinergi.intake.querysets import (
    ImportBatchQuerySet,
    RowProblemQuerySet,
    SourceRecordQuerySet,
)


class Source(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="sources",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("source name"), max_length=200)
    # {original header: canonical field or "-"}: the mapping last confirmed for this source.
    column_map = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="intake_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.name}"


class BatchStatus(models.TextChoices):
    # The files are stored; the worker reads them (the request never parses a file).
    READING = "reading", _("Reading the files")
    # The worker could not read a file; `error` names the file (and row/column).
    UNREADABLE = "unreadable", _("File could not be read")
    DRAFT = "draft", _("Waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportBatch(models.Model):
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="batches", verbose_name=_("source")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="import_batches",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_by_username = models.CharField(max_length=150, blank=True)
    scope_code = models.CharField(_("region scope"), max_length=10, blank=True, db_index=True)
    label = models.CharField(_("description"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BatchStatus.choices,
        default=BatchStatus.DRAFT,
        db_index=True,
    )
    # A file of this batch has the same content as a file already imported: the user
    # must confirm before the batch can start.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_confirmed = models.BooleanField(default=False)
    cancel_requested = models.BooleanField(default=False)
    link_after_import = models.BooleanField(default=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_valid = models.PositiveIntegerField(_("valid rows"), default=0)
    rows_with_problems = models.PositiveIntegerField(_("rows with problems"), default=0)
    rows_out_of_scope = models.PositiveIntegerField(_("rows outside region"), default=0)
    rows_linked = models.PositiveIntegerField(_("rows linked"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source.name}"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, int(100 * self.rows_read / self.rows_total))

    @property
    def is_active(self) -> bool:
        return self.status in (BatchStatus.READING, BatchStatus.QUEUED, BatchStatus.RUNNING)

    @property
    def is_importing(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)


class SourceFile(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    stored_path = models.CharField(max_length=500)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    header_row = models.PositiveIntegerField(default=1)
    headers = models.JSONField(default=list, blank=True)
    numeric_columns = models.JSONField(default=list, blank=True)
    # {original header: canonical field}: what this file is imported with.
    mapping = models.JSONField(default=dict, blank=True)
    # The first rows as [[cell text or null, ...], ...], for the preview page.
    preview = models.JSONField(default=list, blank=True)
    # What the reader said about the file as a whole or a line of it (e.g. "not UTF-8,
    # read as Windows-1252"): [{row, code, value, message_id, message_en}], shown with
    # the file so that nothing the reader noticed is silently lost.
    notices = models.JSONField(default=list, blank=True)
    # What column recognition read each column as, how sure and why, one entry per header:
    # [{header, field, confidence, reason_id, reason_en, alternative, close, ...}]
    # (linkage.column_choice.ColumnChoice.as_dict), shown beside the mapping.
    recognition = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("source file")
        verbose_name_plural = _("source files")
        ordering = ["batch", "position", "id"]

    def __str__(self) -> str:
        return self.name if not self.sheet else f"{self.name} [{self.sheet}]"


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Not linked yet")
    LINKED = "linked", _("Linked to an existing business")
    CREATED = "created", _("Created a new business")
    REVIEW = "review", _("Waiting for review")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the uploader's region")
    SKIPPED = "skipped", _("Not linked (empty row)")


class SourceRecord(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    # No index of its own: the unique (file, sheet, row_number) index starts with it.
    file = models.ForeignKey(
        SourceFile, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    sheet = models.CharField(max_length=100, blank=True)
    row_number = models.PositiveIntegerField(_("row"))
    raw = models.TextField(_("raw values"))
    # Whole documents, never queried inside: `json`, not `jsonb`, on PostgreSQL.
    canonical = DocumentJSONField(default=dict)
    normalised = DocumentJSONField(default=dict)
    corrected = models.JSONField(default=dict, blank=True)
    owner_name = models.CharField(max_length=255, blank=True)
    business_name = models.CharField(max_length=255, blank=True)
    nik_status = models.CharField(max_length=10, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    regency_code = models.CharField(max_length=4, blank=True)
    district_code = models.CharField(max_length=6, blank=True)
    village_code = models.CharField(max_length=10, blank=True)
    in_scope = models.BooleanField(default=True)
    problem_count = models.PositiveSmallIntegerField(default=0)
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_records",
    )
    # Read per batch (the batch index narrows it first): no index of its own, so the bulk
    # insert of a million rows maintains fewer indexes.
    link_status = models.CharField(
        max_length=12, choices=LinkStatus.choices, default=LinkStatus.PENDING
    )
    link_score = models.FloatField(null=True, blank=True)
    imported_at = models.DateTimeField()

    objects = SourceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        ordering = ["file_id", "sheet", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "sheet", "row_number"], name="intake_record_once_per_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file.name}:{self.row_number}"

    @property
    def region_code(self) -> str:
        return self.village_code or self.district_code or self.regency_code or self.province_code


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FIXED = "fixed", _("Fixed")
    IGNORED = "ignored", _("Ignored")


class RowProblem(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="problems")
    column = models.CharField(_("column"), max_length=40)
    code = models.CharField(_("problem"), max_length=30, db_index=True)
    value = models.TextField(_("value"), blank=True)
    message_id = models.TextField()
    message_en = models.TextField()
    status = models.CharField(
        max_length=8, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    corrected_value = models.TextField(_("corrected value"), blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fixed_at = models.DateTimeField(null=True, blank=True)

    objects = RowProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("row problem")
        verbose_name_plural = _("row problems")
        ordering = ["record_id", "id"]

    def __str__(self) -> str:
        return f"{self.record}: {self.code}"
