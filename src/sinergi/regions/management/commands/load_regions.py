"""`sinergi manage load_regions [--only PREFIX ...]`: load the Kemendagri region codes."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from sinergi.regions.loading import load_regions


class Command(BaseCommand):
    help = "Load the Kemendagri region tables shipped with Sinergi (safe to re-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="CODE",
            help="load only this subtree (and its ancestors), e.g. --only 19",
        )

    def handle(self, *args: object, **options: object) -> None:
        start = time.monotonic()
        counts = load_regions(options["only"])
        self.stdout.write(
            "Wilayah dimuat / regions loaded: "
            f"{counts['province']} provinsi, {counts['regency']} kabupaten/kota, "
            f"{counts['district']} kecamatan, {counts['village']} desa/kelurahan "
            f"({time.monotonic() - start:.1f} s)"
        )
