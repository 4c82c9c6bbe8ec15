"""A backup restores into an empty database and finds every business, source row,
ledger entry and audit event again, with the uploaded files (SQLite and PostgreSQL).

The restore runs as an operator runs it: `sinergi restore` in another process, with
another database and another var dir, from an encrypted archive.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from tests.accounts.matrix_world import build

from sinergi.audit.models import AuditEvent
from sinergi.intake.models import SourceFile, SourceRecord
from sinergi.programs.models import Disbursement
from sinergi.registry.models import Business

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "registry_business": Business,
    "intake_sourcerecord": SourceRecord,
    "programs_disbursement": Disbursement,
    "audit_auditevent": AuditEvent,
}


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    admin = parts._replace(path="/postgres").geturl()
    name = f"sinergi_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ids(url: str, table: str) -> list[int]:
    query = f"SELECT id FROM {table} ORDER BY id"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return [r[0] for r in conn.execute(query)]
    import psycopg

    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(query)]


def _stored_paths(url: str) -> list[str]:
    query = "SELECT stored_path FROM intake_sourcefile ORDER BY id"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return [r[0] for r in conn.execute(query)]
    import psycopg

    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(query)]


def _restore(url: str, var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SINERGI_VAR_DIR": str(var),
        "SECRET_KEY": "restore-test-" + uuid.uuid4().hex * 2,
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "sinergi.cli", "restore", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file_into_an_empty_database(
    reference_data: None, settings: Any, tmp_path: Path, empty_database: str
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    build(tmp_path)  # businesses, imports, programs with payments, loans, audit events
    original = {table: list(model.objects.order_by("id").values_list("id", flat=True))
                for table, model in TABLES.items()}  # fmt: skip
    assert all(original.values()), original
    key = tmp_path / "backup.key"
    call_command("backup", "--generate-key", str(key))
    archive = tmp_path / "sinergi.bak"
    call_command("backup", "--output", str(archive), "--key-file", str(key))
    assert b"Warung Matriks" not in archive.read_bytes()  # encrypted

    new_var = tmp_path / "var-restored"
    refused = _restore(empty_database, new_var, str(archive))
    assert refused.returncode != 0 and "--key-file" in refused.stderr
    restored = _restore(empty_database, new_var, str(archive), "--key-file", str(key))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    for table, ids in original.items():
        assert _ids(empty_database, table) == ids, table
    paths = _stored_paths(empty_database)
    assert len(paths) == SourceFile.objects.count()
    assert all(p.startswith(str(new_var.resolve())) and Path(p).is_file() for p in paths)

    again = _restore(empty_database, new_var, str(archive), "--key-file", str(key))
    assert again.returncode != 0 and "not empty" in again.stderr
