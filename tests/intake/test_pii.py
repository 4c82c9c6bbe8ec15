"""Identifiers in uploaded files are masked on every intake page; a reveal is audited.

Before, the preview, the problem list and record pages showed full NIKs and phones of
columns nobody mapped (and the preview even of mapped ones) without an audit event.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.intake import pipeline
from sinergi.intake.actions import start_import
from sinergi.intake.models import SourceRecord

pytestmark = pytest.mark.django_db

WITH_SPOUSE = (
    "Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa,No. HP,No KTP Pasangan,Surel,Omzet\n"
    "Siti Aminah,1901015507850001,Warung Bu Siti,Sungailiat,Sri Menanti,081234567890,"
    "1901011203800002,siti.aminah@example.id,120.000.000\n"
    "Ahmad Yani,1.90101E+15,Toko Ahmad,Sungailiat,Sri Menanti,0812-1111-2222,,,5000000\n"
)
SECRETS = ("1901015507850001", "081234567890", "1901011203800002", "siti.aminah@example.id")


@pytest.fixture
def batch(make_batch: Any) -> Any:
    return make_batch(WITH_SPOUSE)


def test_the_preview_masks_mapped_and_unmapped_identifiers(
    client_of: Any, officer_bangka: Any, batch: Any
) -> None:
    body = client_of(officer_bangka).get(reverse("intake:detail", args=[batch.pk])).content
    text = body.decode()
    for secret in SECRETS:
        assert secret not in text
    assert "1901********0002" in text  # the unmapped spouse NIK, masked
    assert "120.000.000" in text and "Warung Bu Siti" in text  # amounts and names stay


def test_revealing_the_preview_is_audited(client_of: Any, officer_bangka: Any, batch: Any) -> None:
    source_file = batch.files.get()
    response = client_of(officer_bangka).post(
        reverse("intake:file_reveal", args=[batch.pk, source_file.pk]), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "1901011203800002" in text and "081234567890" in text
    event = AuditEvent.objects.get(action="view_pii", object_id=str(source_file.pk))
    assert event.actor == officer_bangka and event.fields == "preview"


def test_the_problem_list_and_record_page_mask_identifiers(
    client_of: Any, officer_bangka: Any, batch: Any
) -> None:
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    client = client_of(officer_bangka)
    problems = client.get(reverse("intake:problems", args=[batch.pk])).content.decode()
    record = SourceRecord.objects.get(batch=batch, row_number=1)
    page = client.get(reverse("intake:record", args=[record.pk])).content.decode()
    for text in (problems, page):
        for secret in SECRETS:
            assert secret not in text
    assert "1901********0002" in page


def test_revealing_a_record_is_audited(client_of: Any, officer_bangka: Any, batch: Any) -> None:
    start_import(officer_bangka, batch)
    pipeline.run_import(batch.id)
    record = SourceRecord.objects.get(batch=batch, row_number=1)
    page = client_of(officer_bangka).post(reverse("intake:record", args=[record.pk]))
    assert "1901011203800002" in page.content.decode()
    assert AuditEvent.objects.filter(action="view_pii", object_id=str(record.pk)).exists()
