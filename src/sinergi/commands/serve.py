"""`sinergi serve`: the production web server (gunicorn) with static files from the app.

Before gunicorn starts: the database schema must be the code's (`ops.schema`: refuses
when the code is older than the schema or migrations are pending), and the static files
are collected with content-hashed names, which WhiteNoise serves with far-future cache
headers, and the public catalog's page cache is emptied (pages of the previous code).
Then this process becomes gunicorn's master (exec), so a service manager's
SIGTERM reaches it directly: gunicorn stops accepting, lets running requests finish
(up to --graceful-timeout) and exits.

Environment: SINERGI_BIND (default 127.0.0.1:8000), SINERGI_WEB_WORKERS (default
2 x CPUs + 1), SINERGI_WEB_THREADS (default 1), SINERGI_WEB_TIMEOUT (seconds, default
120), SINERGI_FORWARDED_ALLOW_IPS (proxies whose X-Forwarded-* is trusted, default
127.0.0.1), CONN_MAX_AGE (seconds a worker keeps its database connection; default 60
here, where the settings' own default is 0: a new PostgreSQL connection per request cost
each request a backend start and authentication, docs/benchmarks.md issue 16).
"""

from __future__ import annotations

import argparse
import os
import sys

# Defaults of the production server that differ from the settings' development defaults;
# the environment overrides them.
SERVER_DEFAULTS = {"CONN_MAX_AGE": "60"}


def _default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="server web produksi (gunicorn) / production web server (gunicorn)",
        description="Jalankan server web produksi / run the production web server.",
    )
    p.add_argument("--bind", default=os.environ.get("SINERGI_BIND", "127.0.0.1:8000"))
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("SINERGI_WEB_WORKERS") or _default_workers()),
    )
    p.add_argument("--threads", type=int, default=int(os.environ.get("SINERGI_WEB_THREADS") or 1))
    p.add_argument("--timeout", type=int, default=int(os.environ.get("SINERGI_WEB_TIMEOUT") or 120))
    p.add_argument("--graceful-timeout", type=int, default=30)
    p.add_argument(
        "--skip-collectstatic",
        action="store_true",
        help="static files were collected already (e.g. in the container image)",
    )
    p.set_defaults(run=run)


def gunicorn_argv(args: argparse.Namespace) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "sinergi.web.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        str(args.timeout),
        "--graceful-timeout",
        str(args.graceful_timeout),
        "--forwarded-allow-ips",
        os.environ.get("SINERGI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s',
        "--logger-class",
        "sinergi.ops.logs.GunicornLogger",
        # gunicorn's control socket sits in the home folder, shared by every instance of
        # the user; Sinergi is stopped and reloaded with signals (systemd, docker).
        "--no-control-socket",
    ]


def run(args: argparse.Namespace) -> int:
    from sinergi.cli import UsageError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    os.environ["SINERGI_STATIC_MANIFEST"] = "1"
    for name, value in SERVER_DEFAULTS.items():
        os.environ.setdefault(name, value)  # inherited by gunicorn's workers (exec)
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.ops.schema import SchemaMismatch, require_current

    try:
        require_current()
    except SchemaMismatch as exc:
        raise UsageError(str(exc)) from exc
    if not args.skip_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    # Pages cached by an earlier start may come from other code or templates.
    from django.core.cache import caches

    caches["catalog"].clear()
    from django.db import connections

    connections.close_all()
    argv = gunicorn_argv(args)
    sys.stdout.flush()
    os.execv(argv[0], argv)
    return 0  # not reached
