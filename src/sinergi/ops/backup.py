"""Backups that restore: the database, the uploaded files and the kept tables in ONE
archive, optionally encrypted.

Archive (a tar file; encrypted when a key is given):
    manifest.json       format, time, database vendor, applied migrations, row counts
    database.pgdump     PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
    database.sqlite3    SQLite: a consistent copy made with SQLite's backup API
    uploads/...         <VAR_DIR>/uploads: stored files and their kept tables (.parsed)

Encryption: Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`) over 4 MiB blocks, so an
archive of any size is encrypted without holding it in memory. The file starts with
`MAGIC`; each block is a 4-byte big-endian length and a Fernet token; a zero length
ends the file (a truncated file is detected). Keys: `sinergi backup --generate-key FILE`;
give them with --key-file or SINERGI_BACKUP_KEY(_FILE). Keep the key apart from the
backups: without it nothing can be restored.

Invariants:
- restore only writes into an EMPTY database (it refuses otherwise) and then checks the
  row counts of the manifest (`COUNTED`): every business, source row, ledger entry and
  audit event is there again, or the restore says which table differs;
- stored paths of uploaded files are rewritten from the backed-up VAR_DIR to this
  instance's, so a restore on another server finds its files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = 1
MAGIC = b"SINERGI-BACKUP-FERNET-1\n"
BLOCK = 4 * 1024 * 1024
# Tables whose rows a restore must find again, counted into the manifest and checked.
COUNTED = (
    "registry.Business",
    "registry.Person",
    "intake.ImportBatch",
    "intake.SourceFile",
    "intake.SourceRecord",
    "intake.RowProblem",
    "programs.Program",
    "programs.Nomination",
    "programs.Disbursement",
    "programs.ReferenceRow",
    "loans.LoanEntry",
    "audit.AuditEvent",
    "accounts.Membership",
)
# Models holding absolute paths of stored uploads (rewritten on restore).
STORED_PATHS = (
    ("intake.SourceFile", "stored_path"),
    ("programs.NominationUpload", "stored_path"),
    ("programs.ReferenceList", "stored_path"),
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (id / en)."""


# ----------------------------------------------------------------------------- keys


def generate_key(path: Path) -> None:
    from cryptography.fernet import Fernet

    if path.exists():
        raise BackupError(f"{path}: sudah ada / already exists (a key is never overwritten)")
    path.write_bytes(Fernet.generate_key() + b"\n")
    os.chmod(path, 0o600)


def load_key(key_file: str | None) -> bytes | None:
    from sinergi.web.settings import env

    if key_file:
        return Path(key_file).read_bytes().strip()
    key = env("SINERGI_BACKUP_KEY")
    return key.encode() if key else None


def _encrypt(src: IO[bytes], dst: IO[bytes], key: bytes) -> None:
    from cryptography.fernet import Fernet

    fernet = Fernet(key)
    dst.write(MAGIC)
    while block := src.read(BLOCK):
        token = fernet.encrypt(block)
        dst.write(struct.pack(">I", len(token)) + token)
    dst.write(struct.pack(">I", 0))


def _decrypt(src: IO[bytes], dst: IO[bytes], key: bytes) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    fernet = Fernet(key)
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("bukan cadangan terenkripsi Sinergi / not an encrypted Sinergi backup")
    while True:
        head = src.read(4)
        if len(head) < 4:
            raise BackupError("cadangan terpotong / the backup file is truncated")
        (size,) = struct.unpack(">I", head)
        if size == 0:
            return
        try:
            dst.write(fernet.decrypt(src.read(size)))
        except InvalidToken as exc:
            raise BackupError("kunci salah atau berkas rusak / wrong key or damaged file") from exc


# --------------------------------------------------------------------------- backup


def _counts() -> dict[str, int]:
    out = {}
    for label in COUNTED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        out[label] = model._default_manager.count()
    return out


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(folder: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = _pg_env(db)
        subprocess.run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "--no-acl",
             "--file", str(target), db["NAME"]],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        return target.name
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return target.name
    raise BackupError(f"{connection.vendor}: tidak didukung / database not supported")


def _applied_migrations() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted([a, n] for a, n in MigrationRecorder(connection).applied_migrations())


def create_backup(output: Path, key: bytes | None = None) -> dict[str, Any]:
    """Write the archive to `output` (encrypted when `key`); returns the manifest."""
    uploads = Path(settings.VAR_DIR) / "uploads"
    with tempfile.TemporaryDirectory(prefix="sinergi-backup-") as tmp:
        folder = Path(tmp)
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "var_dir": str(Path(settings.VAR_DIR).resolve()),
            "migrations": _applied_migrations(),
            "counts": _counts(),
        }
        database = _dump_database(folder)
        manifest["database"] = database
        plain = folder / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(folder / database, arcname=database)
            if uploads.is_dir():
                tar.add(uploads, arcname="uploads")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with plain.open("rb") as src, partial.open("wb") as dst:
            if key:
                _encrypt(src, dst, key)
            else:
                shutil.copyfileobj(src, dst)
        os.chmod(partial, 0o600)
        partial.replace(output)
    return manifest


# -------------------------------------------------------------------------- restore


def _is_empty() -> bool:
    return not connection.introspection.table_names()


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{member.name}: isi arsip tidak aman / unsafe archive member")
        yield member


def restore_backup(archive: Path, key: bytes | None = None) -> dict[str, Any]:
    """Restore `archive` into this instance's EMPTY database and VAR_DIR; returns the
    manifest with `restored` counts. Raises BackupError with the reason."""
    with tempfile.TemporaryDirectory(prefix="sinergi-restore-") as tmp:
        folder = Path(tmp)
        plain = folder / "archive.tar"
        with archive.open("rb") as src:
            encrypted = src.read(len(MAGIC)) == MAGIC
            src.seek(0)
            if encrypted and not key:
                raise BackupError(
                    "cadangan terenkripsi: berikan --key-file / encrypted backup: give --key-file"
                )
            with plain.open("wb") as dst:
                _decrypt(src, dst, key) if encrypted else shutil.copyfileobj(src, dst)
        with tarfile.open(plain) as tar:
            tar.extractall(folder / "x", members=list(_members(tar)), filter="data")
        unpacked = folder / "x"
        manifest = json.loads((unpacked / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"format {manifest.get('format')}: tidak dikenal / unknown")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"cadangan {manifest['vendor']} tidak dapat dipulihkan ke {connection.vendor} / "
                f"a {manifest['vendor']} backup cannot be restored into {connection.vendor}"
            )
        if not _is_empty():
            raise BackupError(
                "basis data tujuan tidak kosong / the target database is not empty "
                "(restore only into a new, empty database)"
            )
        _load_database(unpacked / manifest["database"])
        uploads = unpacked / "uploads"
        if uploads.is_dir():
            target = Path(settings.VAR_DIR) / "uploads"
            shutil.copytree(uploads, target, dirs_exist_ok=True)
        _rewrite_paths(manifest["var_dir"], str(Path(settings.VAR_DIR).resolve()))
    restored = _counts()
    differ = {
        k: (v, restored.get(k)) for k, v in manifest["counts"].items() if restored.get(k) != v
    }
    if differ:
        raise BackupError(f"jumlah baris berbeda / row counts differ: {differ}")
    return {**manifest, "restored": restored}


def _load_database(dump: Path) -> None:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env(db)
        result = subprocess.run(
            ["pg_restore", *args, "--no-owner", "--no-acl", "--exit-on-error",
             "--dbname", db["NAME"], str(dump)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            raise BackupError(f"pg_restore: {result.stderr.strip()[:500]}")
        return
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(db["NAME"])
    with target:
        source.backup(target)
    target.close()
    source.close()


def _rewrite_paths(old: str, new: str) -> None:
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    if old == new:
        return
    for label, field in STORED_PATHS:
        model = apps.get_model(label)
        model._default_manager.filter(**{f"{field}__startswith": old + os.sep}).update(
            **{field: Concat(Value(new), Substr(field, len(old) + 1))}
        )
