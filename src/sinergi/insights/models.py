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

from django.db import models


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
