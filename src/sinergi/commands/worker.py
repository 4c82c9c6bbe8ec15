"""`sinergi worker`: the background worker (`sinergi.ops` management command `worker`)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # Arguments are passed to the management command untouched (cli.PASS_THROUGH).
    p = sub.add_parser(
        "worker",
        help="pekerja latar (impor, unggahan, pelatihan) / background worker (imports, uploads)",
        add_help=False,
    )
    p.set_defaults(run=lambda args: 0)
