"""`sinergi backup`: the `sinergi.ops` management command `backup` (arguments passed through)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # Arguments go to the management command untouched (cli.PASS_THROUGH); --help works.
    p = sub.add_parser(
        "backup",
        help="cadangkan basis data dan berkas / back up the database and uploaded files",
        add_help=False,
    )
    p.set_defaults(run=lambda args: 0)
