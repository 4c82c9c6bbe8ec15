"""CPU of single requests under the production settings, with cProfile.

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_scale_copy
    python -m bench.request_profile                       # every request kind, CPU ms each
    python -m bench.request_profile --only "registry list" --profile 30

Settings are those of `sinergi serve` (DEBUG off, the cached template loader, JSON logs,
`CONN_MAX_AGE` 60, gzip) except HTTPS redirects; requests go through Django's test
client as the benchmark's province officer (scope 19) of `bench.registry_scale`, whose
session is a real database session (logged in once). For each kind: `--warmup` untimed
requests, then `--repeat` timed ones; the figure is the process CPU time (`time.
process_time`) per request — the web share of `bench.http_load`'s "CPU ms per request",
without the server's socket handling — with the number of queries. `--profile N`
prints the N most expensive functions (own time and cumulative) of the timed requests.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    os.environ.update(
        {
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOGIN_MAX_FAILURES": "1000",
        }
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    os.environ.setdefault("CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sinergi.web.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def kinds() -> dict[str, tuple[str, str, dict[str, str], str]]:
    """name -> (method, path, form, who): who is 'session' or 'token'."""
    from bench import registry_scale as rs

    users = rs.ensure_users()
    ids = rs.sample_identifiers(users["province"].membership.scope_id)
    return {
        "registry list": ("GET", "/registry/", {}, "session"),
        "registry list, page 200": ("GET", "/registry/?page=200", {}, "session"),
        "search: owner name": ("POST", "/registry/", {"q": rs.SEARCHES["owner name"]}, "session"),
        "search: NIK": ("POST", "/registry/", {"q": ids["nik"]}, "session"),
        "search: phone": ("POST", "/registry/", {"q": ids["phone"]}, "session"),
        "API list": ("GET", "/api/businesses", {}, "token"),
        "business page": ("GET", f"/registry/{ids['business']}/", {}, "session"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.request_profile", description=__doc__)
    parser.add_argument("--only", action="append", help="request kinds to run (default: all)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sort", default="tottime", help="tottime or cumulative")
    args = parser.parse_args(argv)
    setup()
    from django.db import connection
    from django.test import Client

    from bench import registry_scale as rs

    users = rs.ensure_users()
    token = rs._api_token(users["province"])
    client = Client()
    client.force_login(users["province"])  # the first backend with get_user, as a login
    plan = kinds()
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    for name, (method, path, form, who) in plan.items():
        if args.only and name not in args.only:
            continue
        extra: dict[str, Any] = {"HTTP_ACCEPT_ENCODING": "gzip"}
        by = client
        if who == "token":  # no session cookie, as an integration sends
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
            by = Client()
        send = by.get if method == "GET" else by.post

        def once(send: Any = send, path: str = path, form: dict = form, extra: dict = extra) -> int:
            response = send(path, form, **extra)
            assert response.status_code == 200, (path, response.status_code)
            return len(response.content)

        for _ in range(args.warmup):
            once()
        queries.clear()
        with connection.execute_wrapper(count):
            size = once()
        n_queries = len(queries)
        profiler = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(args.repeat):
            once()
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - start) * 1000 / args.repeat
        print(f"{name:28} {cpu:7.1f} ms CPU/request  {n_queries:3} queries  {size:7} B")  # noqa: T201
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.profile)
            print(out.getvalue())  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
