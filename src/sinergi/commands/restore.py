"""`sinergi restore`: the `sinergi.ops` management command `restore` (arguments passed through)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # Arguments go to the management command untouched (cli.PASS_THROUGH); --help works.
    p = sub.add_parser(
        "restore",
        help="pulihkan dari cadangan / restore a backup into an empty database",
        add_help=False,
    )
    p.set_defaults(run=lambda args: 0)
