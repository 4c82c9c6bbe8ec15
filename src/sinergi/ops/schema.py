"""Is the database's schema the one this code was written for?

- `unknown_migrations`: migrations recorded in the database that this code does not
  have: the code is OLDER than the schema (a rollback of the code without the database,
  or a second server not upgraded). Nothing may start then: old code on a newer schema
  can write rows the new code misreads.
- `pending_migrations`: migrations of this code not applied yet: run `sinergi upgrade`.

`sinergi serve`, `sinergi worker` and `sinergi upgrade` refuse to start in the first
case; serve and worker also in the second (the upgrade applies them).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


class SchemaMismatch(Exception):
    """The code and the database's schema do not fit; the message says what to do."""


def unknown_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[tuple[str, str]]:
    connection = connections[alias]
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    applied = set(recorder.applied_migrations())
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for key, migration in loader.disk_migrations.items():
        known.update(migration.replaces or [])
        del key
    return sorted(applied - known)


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[tuple[str, str]]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(m.app_label, m.name) for m, _backwards in plan]


def _names(items: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{a}.{n}" for a, n in items[:8])
    return shown + (f" (+{len(items) - 8})" if len(items) > 8 else "")


def require_code_not_older(alias: str = DEFAULT_DB_ALIAS) -> None:
    unknown = unknown_migrations(alias)
    if unknown:
        raise SchemaMismatch(
            "Basis data memakai skema yang lebih baru dari kode ini; pasang versi Sinergi "
            "yang sesuai / the database's schema is newer than this code (install the "
            f"matching Sinergi version). Unknown migrations: {_names(unknown)}"
        )


def require_current(alias: str = DEFAULT_DB_ALIAS) -> None:
    require_code_not_older(alias)
    pending = pending_migrations(alias)
    if pending:
        raise SchemaMismatch(
            "Skema basis data belum diperbarui; jalankan `sinergi upgrade` / the database "
            f"needs `sinergi upgrade` first. Pending migrations: {_names(pending)}"
        )
