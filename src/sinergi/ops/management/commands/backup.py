"""`sinergi backup --output FILE [--key-file KEY]` (see `sinergi.ops.backup`).

`sinergi backup --generate-key FILE` writes a new encryption key (mode 600).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sinergi.ops import backup


class Command(BaseCommand):
    help = "Back up the database, uploaded files and kept tables into one archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", "-o", help="archive to write (e.g. sinergi-2026-12-07.bak)")
        parser.add_argument("--key-file", help="Fernet key (else SINERGI_BACKUP_KEY[_FILE])")
        parser.add_argument("--generate-key", metavar="FILE", help="write a new key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["generate_key"]:
                backup.generate_key(Path(options["generate_key"]))
                self.stdout.write(f"Kunci baru / new key: {options['generate_key']}")
                return
            if not options["output"]:
                raise CommandError("--output FILE wajib / is required")
            key = backup.load_key(options["key_file"])
            manifest = backup.create_backup(Path(options["output"]), key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{k.split('.')[1]}={v}" for k, v in manifest["counts"].items())
        state = "terenkripsi / encrypted" if key else "TIDAK terenkripsi / NOT encrypted"
        self.stdout.write(f"Cadangan / backup {options['output']} ({state}): {counts}")
