"""`sinergi manage refresh_review_keys`: recompute the duplicate-warning keys of every
business (after bulk loads that bypass `save()`, e.g. the demo data)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.registry.models import Business
from sinergi.review.keys import refresh_keys


class Command(BaseCommand):
    help = "Recompute the duplicate-warning keys of every business."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Business.objects.order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), 50_000):
            written += refresh_keys(ids[start : start + 50_000])
        self.stdout.write(f"{written} kunci untuk {len(ids)} usaha / keys for businesses")
