"""Retention: files of drafts never imported and of old imports are purged, audited;
the rows stay and recent uploads are untouched."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from tests.intake.conftest import csv_rows

from sinergi.audit.models import AuditEvent
from sinergi.intake import pipeline
from sinergi.intake.actions import Upload, create_batch, start_import
from sinergi.intake.models import ImportBatch, SourceRecord

pytestmark = pytest.mark.django_db


def _batch(user: Any, name: str, rows: int, start: int = 1) -> ImportBatch:
    return create_batch(
        user,
        source_name="Dinas Kab. Bangka",
        uploads=[Upload(name, [csv_rows(rows, start).encode()])],
    )


def _purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def test_old_uploads_lose_their_files_and_previews_but_keep_their_rows(
    officer_bangka: Any, client_of: Any, admin: Any
) -> None:
    now = timezone.now()
    old_draft = _batch(officer_bangka, "lama.csv", 3)
    recent_draft = _batch(officer_bangka, "baru.csv", 3, start=10)
    imported = _batch(officer_bangka, "impor.csv", 4, start=20)
    start_import(officer_bangka, imported)
    assert pipeline.run_import(imported.pk) == "done"
    ImportBatch.objects.filter(pk=old_draft.pk).update(created_at=now - dt.timedelta(days=31))
    ImportBatch.objects.filter(pk=imported.pk).update(finished_at=now - dt.timedelta(days=400))
    paths = {b.pk: Path(b.files.get().stored_path) for b in (old_draft, recent_draft, imported)}
    assert all(p.is_file() for p in paths.values())

    assert "2 unggahan, 2 berkas akan dihapus" in _purge("--dry-run")
    assert all(p.is_file() for p in paths.values())

    assert "2 unggahan, 2 berkas dihapus" in _purge()
    assert not paths[old_draft.pk].exists() and not paths[imported.pk].exists()
    assert not (paths[imported.pk].parent / ".parsed").exists()  # kept tables too
    assert paths[recent_draft.pk].is_file()
    old_draft.refresh_from_db()
    assert old_draft.status == "unreadable" and "retention" in old_draft.error
    assert old_draft.files.get().preview == [] and old_draft.files.get().stored_path == ""
    assert SourceRecord.objects.filter(batch=imported).count() == 4  # rows stay
    events = AuditEvent.objects.filter(kind="retention_purged").order_by("id")
    assert [(e.payload["rule"], e.payload["files"]) for e in events] == [
        ("draft", ["lama.csv"]),
        ("imported", ["impor.csv"]),
    ]
    assert client_of(admin).get("/audit/").status_code == 200
    assert "0 unggahan" in _purge()  # nothing left to do
