"""Pre-aggregated counts for dashboards, the map and open data.

Invariants:
- A `Fact` is the number of rows of one `measure` ("businesses": active businesses;
  "records": intake source records) in one kecamatan (`district_code`, with its regency
  and province codes for scoping by equality) having one `value` of one `dimension`.
  Businesses without a kecamatan are counted with `district_code` "" under their regency.
- The whole table is rebuilt at once by `aggregates.refresh_all()` (one transaction), so
  it is always one consistent snapshot; `Snapshot` says when and of what (the highest
  business id and `updated_at` it saw: how `aggregates.is_stale()` notices new writes).
- Nothing here is personal data: counts per kecamatan only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Fact(models.Model):
    measure = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    regency_code = models.CharField(max_length=4, blank=True)
    district_code = models.CharField(max_length=6, blank=True)
    count = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["measure", "dimension", "province_code"]),
            models.Index(fields=["measure", "dimension", "regency_code"]),
            models.Index(fields=["measure", "dimension", "district_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.measure}/{self.dimension}={self.value} @{self.district_code}: {self.count}"


class Snapshot(models.Model):
    """The one row describing the current facts (pk=1)."""

    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    max_business_id = models.BigIntegerField(default=0)
    max_business_updated = models.DateTimeField(null=True)
    max_record_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"facts of {self.computed_at:%Y-%m-%d %H:%M}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    """A large list written by the worker (`insights.background`); a job row under the one
    stale rule of `core.jobs` (kind `insights.export`).

    Invariants:
    - `params` are the list's filters as POSTed (they may hold a searched NIK: they live
      here and in no URL or log line); the worker reads the rows again through the same
      `filtered_list` and `visible_to` of the requester at run time.
    - `full_pii` says whether the file holds NIK and phone unmasked: decided from the
      requester's role when asked, and checked again for everyone who downloads it.
    - `path` is set only when the file is complete (written beside, then renamed).
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_by_username = models.CharField(max_length=150, blank=True)
    list_name = models.CharField(max_length=20, default="registry")
    fmt = models.CharField(max_length=4)
    params = models.JSONField(default=dict)
    scope_code = models.CharField(max_length=10, blank=True)
    full_pii = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED, db_index=True
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=500, blank=True)
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.list_name}.{self.fmt}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def filename(self) -> str:
        return f"sinergi-registri-{self.pk}.{self.fmt}"
