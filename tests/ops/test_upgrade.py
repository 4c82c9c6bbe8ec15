"""Upgrading a database of the previous release keeps its data; code older than the
schema refuses to start. On SQLite, and on PostgreSQL in the PostgreSQL pass.

The fixtures were made by the previous release's code (commit 5b0a37b; there are no tags
yet) with `fixtures/make_release_db.sh`: its migrations, a few regions, an organisation
and one import of 40 rows linked into the registry, once on SQLite
(`release-5b0a37b.sqlite3`) and once on PostgreSQL (`release-5b0a37b.postgresql.sql`, a
plain dump of that database). The PostgreSQL one is loaded into a new database of the
test server, so the upgrade runs the migrations on the schema the old code made there
(PostgreSQL-only migrations, constraints and triggers included).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
RELEASE = "5b0a37b"

pytestmark = pytest.mark.slow


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class ReleaseDatabase:
    """A database at the previous release's schema, with its data, and a way to query it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def one(self, query: str) -> object:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                return conn.execute(query).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(query).fetchone()[0]

    def execute(self, statement: str) -> None:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                conn.execute(statement)
            return
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement)


@pytest.fixture(params=["sqlite", "postgresql"])
def release_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReleaseDatabase]:
    if request.param == "sqlite":
        db = tmp_path / "sinergi.sqlite3"
        shutil.copy(FIXTURES / f"release-{RELEASE}.sqlite3", db)
        yield ReleaseDatabase(f"sqlite:///{db}")
        return
    server = _postgres_url()
    if server is None:
        pytest.skip("PostgreSQL pass only (DATABASE_URL is not PostgreSQL)")
    import psycopg

    parts = urllib.parse.urlsplit(server)
    admin = parts._replace(path="/postgres").geturl()
    name = f"sinergi_release_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = parts._replace(path=f"/{name}").geturl()
    try:
        dump = (FIXTURES / f"release-{RELEASE}.postgresql.sql").read_text(encoding="utf-8")
        # A plain dump without psql meta-commands: one script, run in one transaction.
        with psycopg.connect(url) as conn:
            conn.execute(dump)
        yield ReleaseDatabase(url)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sinergi(db: ReleaseDatabase, var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
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


def test_the_previous_release_upgrades_with_its_data_and_newer_schemas_are_refused(
    release_db: ReleaseDatabase, tmp_path: Path
) -> None:
    db, var = release_db, tmp_path / "var"
    before = {
        table: db.one(f"SELECT count(*) FROM {table}")
        for table in ("registry_business", "intake_sourcerecord", "audit_auditevent")
    }
    assert before["intake_sourcerecord"] == 40 and before["registry_business"] >= 1
    # The release's schema, not this code's: a migration of this code is not applied yet.
    assert db.one("SELECT count(*) FROM django_migrations WHERE app = 'ops'") == 0

    # Nothing starts on a schema that needs the upgrade.
    serve = _sinergi(db, var, "serve", "--bind", "127.0.0.1:0", "--skip-collectstatic")
    assert serve.returncode == 2 and "sinergi upgrade" in serve.stderr
    worker = _sinergi(db, var, "worker", "--batch")
    assert worker.returncode != 0 and "sinergi upgrade" in worker.stderr

    upgraded = _sinergi(db, var, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgrade done" in upgraded.stdout
    for table, count in before.items():
        assert db.one(f"SELECT count(*) FROM {table}") == count, table
    assert db.one("SELECT status FROM intake_importbatch") == "done"
    assert db.one("SELECT count(*) FROM django_migrations WHERE name = 'batch_reading_in_worker'"
                  " OR name LIKE '%_batch_reading_in_worker'") == 1  # fmt: skip
    # The upgraded rows are readable through this code's models (new columns included).
    check = _sinergi(
        db, var, "manage", "shell", "-c",
        "from sinergi.registry.models import Business; "
        "from sinergi.intake.models import SourceRecord; "
        "print('rows', Business.objects.count(), "
        "SourceRecord.objects.filter(business__isnull=False).count())",
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert f"rows {before['registry_business']} 40" in check.stdout
    again = _sinergi(db, var, "upgrade")
    assert again.returncode == 0 and "migrations to apply: 0" in again.stdout

    # A database upgraded by newer code: this (older) code refuses to touch it.
    db.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('intake', '9999_from_the_future', '2030-01-01')"
    )
    for args in (("upgrade",), ("worker", "--batch")):
        refused = _sinergi(db, var, *args)
        assert refused.returncode != 0, args
        assert "newer than this code" in refused.stderr and "9999_from_the_future" in refused.stderr
