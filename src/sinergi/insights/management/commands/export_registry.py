"""Export the registry list as a given user sees it, to a file: the same verb as the web's
export (`insights.background.write_list`: that user's scope and masking, the formula
guard, NIK as text), audited as that user's export.

sinergi manage export_registry --user officer.bangka --format xlsx --out daftar.xlsx \\
    [--q Siti] [--regency 1901] [--district 190101] [--category C] [--size mikro] \\
    [--status active|inactive|all]
"""

from __future__ import annotations

import shutil
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sinergi.accounts.scope import NotAllowed
from sinergi.insights import background


class Command(BaseCommand):
    help = "Export the registry list as one user sees it (xlsx or csv), audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="the user whose list is exported")
        parser.add_argument("--format", choices=background.FORMATS, default="xlsx")
        parser.add_argument("--out", required=True, help="the file to write")
        for name in background.FILTERS:
            parser.add_argument(f"--{name}", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"unknown user: {options['user']}") from exc
        params = {name: options[name] for name in background.FILTERS}
        try:
            out, count, full = background.write_list(user, params, options["format"])
        except NotAllowed as exc:
            raise CommandError(f"{options['user']} may not read the registry") from exc
        with out, open(options["out"], "wb") as fh:
            shutil.copyfileobj(out, fh, 1 << 20)
        background.audit_written(user, options["format"], count, full, via="cli")
        masked = "NIK in full" if full else "NIK masked"
        self.stdout.write(f"{count} businesses written to {options['out']} ({masked})")
