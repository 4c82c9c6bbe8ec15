"""`sinergi manage ...`: Django's management commands with Sinergi's settings."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "manage",
        help="perintah pengelolaan Django / Django management commands",
        add_help=False,
    )
    p.set_defaults(run=lambda args: run_manage([]))


def run_manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sinergi manage", *argv])
    return 0
