"""`sinergi restore FILE [--key-file KEY]`: into an EMPTY database (see `ops.backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sinergi.ops import backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and this instance's files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--key-file", help="Fernet key (else SINERGI_BACKUP_KEY[_FILE])")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup.load_key(options["key_file"])
            manifest = backup.restore_backup(Path(options["archive"]), key)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{k.split('.')[1]}={v}" for k, v in manifest["restored"].items())
        self.stdout.write(f"Dipulihkan / restored ({manifest['created']}): {counts}")
