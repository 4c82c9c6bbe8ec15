"""`sinergi manage purge [--dry-run]`: remove uploaded files past their retention period
(`sinergi.ops.retention`); run daily (deploy/systemd/sinergi-purge.timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.ops.retention import purge


class Command(BaseCommand):
    help = "Remove uploaded files and kept tables past the retention period (audited)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        done = purge(dry_run=options["dry_run"])
        verb = "akan dihapus / would be removed" if options["dry_run"] else "dihapus / removed"
        self.stdout.write(f"{len(done.batches)} unggahan, {len(done.files)} berkas {verb}")
        if done.exports:
            self.stdout.write(f"{len(done.exports)} berkas ekspor {verb} / export files")
        if done.zips:
            self.stdout.write(f"{len(done.zips)} ZIP sertifikat {verb} / certificate ZIPs")
