"""The business page lists the source rows a business came from."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import SourceRecord

pytestmark = pytest.mark.django_db


def test_the_business_page_lists_its_source_rows_with_file_and_row(
    client_of: Any, officer_bangka: Any, make_batch: Any, bangka_csv: Any, bangka_business: Any
) -> None:
    batch = make_batch(bangka_csv)
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    SourceRecord.objects.filter(batch=batch, row_number=1).update(
        business=bangka_business, link_status="linked"
    )
    page = client_of(officer_bangka).get(reverse("registry:sources", args=[bangka_business.pk]))
    body = page.content.decode()
    record = SourceRecord.objects.get(batch=batch, row_number=1)
    assert 'id="source-records"' in body
    assert reverse("intake:record", args=[record.pk]) in body
    assert "dinas_bangka.csv" in body
