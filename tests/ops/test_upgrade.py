"""Upgrading a database of the previous release keeps its data; code older than the
schema refuses to start.

`fixtures/release-5b0a37b.sqlite3` was made by the previous release's code (commit
5b0a37b; there are no tags yet) with `fixtures/make_release_db.sh`: its migrations, a
few regions, an organisation and one import of 40 rows linked into the registry.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "release-5b0a37b.sqlite3"

pytestmark = pytest.mark.slow


def _sinergi(db: Path, var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "SINERGI_VAR_DIR": str(var),
        "SECRET_KEY": "upgrade-test-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "sinergi.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _one(db: Path, query: str) -> object:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchone()[0]


def test_the_previous_release_upgrades_with_its_data_and_newer_schemas_are_refused(
    tmp_path: Path,
) -> None:
    db, var = tmp_path / "sinergi.sqlite3", tmp_path / "var"
    shutil.copy(FIXTURE, db)
    before = {
        table: _one(db, f"SELECT count(*) FROM {table}")
        for table in ("registry_business", "intake_sourcerecord", "audit_auditevent")
    }
    assert before["intake_sourcerecord"] == 40 and before["registry_business"] >= 1

    # Nothing starts on a schema that needs the upgrade.
    serve = _sinergi(db, var, "serve", "--bind", "127.0.0.1:0", "--skip-collectstatic")
    assert serve.returncode == 2 and "sinergi upgrade" in serve.stderr
    worker = _sinergi(db, var, "worker", "--batch")
    assert worker.returncode != 0 and "sinergi upgrade" in worker.stderr

    upgraded = _sinergi(db, var, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgrade done" in upgraded.stdout
    for table, count in before.items():
        assert _one(db, f"SELECT count(*) FROM {table}") == count, table
    assert _one(db, "SELECT status FROM intake_importbatch") == "done"
    assert _one(db, "SELECT count(*) FROM django_migrations WHERE name = 'batch_reading_in_worker'"
                " OR name LIKE '%_batch_reading_in_worker'") == 1  # fmt: skip
    again = _sinergi(db, var, "upgrade")
    assert again.returncode == 0 and "migrations to apply: 0" in again.stdout

    # A database upgraded by newer code: this (older) code refuses to touch it.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('intake', '9999_from_the_future', '2030-01-01')"
        )
    for args in (("upgrade",), ("worker", "--batch")):
        refused = _sinergi(db, var, *args)
        assert refused.returncode != 0, args
        assert "newer than this code" in refused.stderr and "9999_from_the_future" in refused.stderr
