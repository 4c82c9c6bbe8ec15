"""`core.fields.DocumentJSONField` on source records: whole JSON documents, stored as
`json` on PostgreSQL (not `jsonb`), read back as the same Python values everywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sinergi.intake.models import SourceRecord

pytestmark = pytest.mark.django_db

DOC = {"owner_name": "Siti “Ani” Aminah", "phones": ["+6281234567890"], "n": 3, "x": None}


def test_the_columns_are_json_on_postgresql() -> None:
    for name in ("canonical", "normalised"):
        field = SourceRecord._meta.get_field(name)
        if connection.vendor != "postgresql":
            assert field.db_type(connection) == "text"  # Django's JSON storage on SQLite
            continue
        with connection.cursor() as cur:
            cur.execute(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'intake_sourcerecord' AND column_name = %s",
                [name],
            )
            assert cur.fetchone()[0] == "json"


def test_documents_round_trip_through_save_get_and_values(make_batch: Any) -> None:
    batch = make_batch("Nama,NIK\nSiti,1901015507850001\n")
    record = SourceRecord.objects.create(
        batch=batch,
        file=batch.files.get(),
        row_number=1,
        raw='{"Nama":"Siti"}',
        canonical=DOC,
        normalised=DOC,
        imported_at=timezone.now(),
    )
    record.normalised = {**DOC, "n": 4}
    record.save(update_fields=["normalised"])
    fetched = SourceRecord.objects.get(pk=record.pk)
    assert fetched.canonical == DOC
    assert fetched.normalised == {**DOC, "n": 4}
    values = SourceRecord.objects.filter(pk=record.pk).values_list("canonical", "normalised")
    assert list(values) == [(DOC, {**DOC, "n": 4})]
