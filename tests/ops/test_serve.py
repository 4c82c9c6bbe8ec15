"""`sinergi serve`: the production server's defaults reach gunicorn's workers."""

from __future__ import annotations

import argparse
import os
from typing import Any

import pytest

from sinergi.commands import serve


@pytest.mark.django_db
def test_serve_keeps_database_connections_unless_the_environment_says_otherwise(
    monkeypatch: Any,
) -> None:
    """A new PostgreSQL connection per request was a large share of a registry page
    under 50 clients (docs/benchmarks.md, issue 16): the server keeps them 60 s."""
    started: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    # run() hands its connections back before the exec; the test's must stay open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    args = argparse.Namespace(
        bind="127.0.0.1:0", workers=1, threads=1, timeout=30, graceful_timeout=5,
        skip_collectstatic=True,
    )  # fmt: skip
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    serve.run(args)
    assert started and "gunicorn" in started[0]
    assert os.environ["CONN_MAX_AGE"] == "60"  # gunicorn (exec) inherits the environment

    monkeypatch.setenv("CONN_MAX_AGE", "0")  # an operator's choice wins
    serve.run(args)
    assert os.environ["CONN_MAX_AGE"] == "0"
