"""Subcommands of `sinergi`; each module has `register(subparsers)` and sets `run`."""
