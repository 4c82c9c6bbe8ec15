"""`sinergi upgrade`: the `sinergi.ops` management command `upgrade` (arguments passed through)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # Arguments go to the management command untouched (cli.PASS_THROUGH); --help works.
    p = sub.add_parser(
        "upgrade",
        help="perbarui skema basis data / migrate the database and run data fixes",
        add_help=False,
    )
    p.set_defaults(run=lambda args: 0)
