"""The `sinergi` command.

Each subcommand lives in its own module under `sinergi.commands` and exposes
`register(subparsers)` and `run(args) -> int`. This file only wires them together, so
the linkage commands (`dedupe`, `screen`) never import Django and the platform
commands (`demo`, `manage`) only import it when they run.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand name -> module under sinergi.commands. Order is the order of `sinergi --help`.
COMMANDS: dict[str, str] = {
    "dedupe": "dedupe",
    "screen": "screen",
    "pprl": "pprl",
    "import": "import_",
    "demo": "demo",
    "serve": "serve",
    "worker": "worker",
    "backup": "backup",
    "restore": "restore",
    "upgrade": "upgrade",
    "manage": "manage",
}
# Subcommands that hand their arguments to a Django management command untouched.
PASS_THROUGH = {
    "manage": None,
    "worker": "worker",
    "backup": "backup",
    "restore": "restore",
    "upgrade": "upgrade",
}


class UsageError(Exception):
    """An input the user handed us cannot be used at all; exit 2 with one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sinergi",
        description="Sinergi: registri UMKM bersama / shared UMKM registry.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        try:
            mod = importlib.import_module(f"sinergi.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sinergi.commands.{module}":
                continue  # not built yet
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `sinergi manage ...` passes everything through to Django untouched.
    if argv[:1] and argv[0] in PASS_THROUGH:
        from sinergi.commands.manage import run_manage

        command = PASS_THROUGH[argv[0]]
        try:
            return run_manage(([command] if command else []) + argv[1:])
        except Exception as exc:
            if _misconfigured(exc):
                print(f"sinergi {argv[0]}: {exc}", file=sys.stderr)
                return 2
            raise
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except UsageError as exc:
        print(f"sinergi {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dibatalkan / interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if _misconfigured(exc):
            print(f"sinergi {args.command}: {exc}", file=sys.stderr)
            return 2
        raise


def _misconfigured(exc: Exception) -> bool:
    """A platform command started without its settings (e.g. no SECRET_KEY): a message,
    not a traceback. Django is only imported when a platform command already loaded it."""
    if "django" not in sys.modules:
        return False
    from django.core.exceptions import ImproperlyConfigured

    return isinstance(exc, ImproperlyConfigured)


if __name__ == "__main__":
    # Through the imported module, so `sinergi.cli.UsageError` raised by a subcommand is
    # the class `main` catches (`python -m sinergi.cli` runs this file as `__main__`).
    from sinergi.cli import main as _main

    raise SystemExit(_main())
