"""Concurrent HTTP load against `sinergi serve`: real logins, real sessions, loopback.

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_scale
    SINERGI_WEB_WORKERS=5 python -m bench.http_load --serve registry --clients 50
    python -m bench.http_load --serve insights --clients 10 --json bench/out/insights.json
    DATABASE_URL=.../sinergi_scale_catalog python -m bench.http_load --serve catalog --clients 20
    python -m bench.http_load --base http://127.0.0.1:8000 registry   # a server already up

With `--serve` the driver starts the production server itself: `sinergi serve` (gunicorn,
DEBUG off, static files collected into a scratch var dir, WhiteNoise) on loopback, with
`SINERGI_WEB_WORKERS` / `SINERGI_WEB_THREADS` and `CONN_MAX_AGE` from the environment
(the server's own defaults when unset), and stops it at the end.

Each client is a thread with its own keep-alive connection (reopened when the server
closes it, as gunicorn's sync workers do after every response) and its own cookie jar.
Clients of the logged-in scenarios log in through the login form (GET for the CSRF
token, POST the password: a real session per client), alternating between the
benchmark's province officer (scope 19) and regency officer (scope 1901) of
`bench.registry_scale`; the API scenarios send the users' bearer tokens. The catalog
scenario is public (no login).

A scenario is a list of *phases*. In a phase every client first sends `--warmup`
requests, then all clients wait for each other and send `--requests` requests each, back
to back (no think time: `--clients` requests are in flight all the time — the strictest
reading of "N concurrent clients"; `--think S` makes each client wait 0.5-1.5 x S seconds
between its requests, like a person reading the page). Each request of a phase is drawn
from the phase's request kinds; latencies are reported per kind (p50 / p95 / max, nearest-rank) with
errors (a status other than the expected one, or a connection error) and the phase's
throughput. The load average is read before and after each phase.

Scenarios (the issues' acceptance figures):
- `registry` (issue 16): the registry list (page 1 and deep pages) and business pages
  (a different business each request, inside the client's scope).
- `insights` (issue 14): the dashboard of the province, the registry searched by an
  owner's name, a NIK and a phone, the API's business list, the match endpoint.
- `export` (issue 14): one export of a list of about 100,000 businesses, timed alone.
- `catalog` (issue 13): public catalog searches (the `bench.catalog_bench` mix), the
  same mix half replaced by searches made once (the "long tail" a page cache cannot
  answer), and the catalog page's weight before images. `SINERGI_CATALOG_CACHE=0` in
  the environment runs the server without its page cache.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def uptime() -> str:
    env = {**os.environ, "TZ": "UTC"}  # Django set TZ to the site's zone in this process
    return subprocess.run(["uptime"], capture_output=True, text=True, env=env).stdout.strip()


# ---------------------------------------------------------------------- CPU of the server


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds user+system) of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def cpu_seconds(server_pid: int | None, database: str) -> dict[str, float]:
    """CPU seconds used so far by the web server (gunicorn master and workers) and by the
    PostgreSQL backends of the server's connections to `database` (pids from
    pg_stat_activity, by application name; a connection closed during the phase is lost).
    Differences over a phase, divided by its requests, give CPU per request: what the
    requests cost, whatever else the shared machine runs."""
    out = {"web": 0.0, "db": 0.0}
    if server_pid is not None:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                parent, used = _proc_cpu(int(entry))
            except (OSError, IndexError, ValueError):
                continue
            if int(entry) == server_pid or parent == server_pid:
                out["web"] += used
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [database, APPLICATION_NAME],
        )
        for (pid,) in cur.fetchall():
            try:
                out["db"] += _proc_cpu(pid)[1]
            except (OSError, IndexError, ValueError):
                continue
    return out


# ------------------------------------------------------------------------------ the client


@dataclass(frozen=True)
class Request:
    kind: str  # the label the latency is reported under
    method: str
    path: str
    form: dict[str, str] | None = None  # POSTed as a form (with the CSRF token)
    body: dict[str, Any] | None = None  # POSTed as JSON
    token: str = ""  # bearer token (API)
    expect: int = 200


class Client:
    """One browser-like client: a keep-alive connection and a cookie jar."""

    def __init__(self, host: str, port: int, timeout: float = 180) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.wire_bytes = 0
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def send(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        head = {"Accept-Encoding": "gzip", "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head.update(headers or {})
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed a kept-alive connection between two requests.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
        self.wire_bytes = len(data)
        if (response.getheader("Content-Encoding") or "").lower() == "gzip":
            data = gzip.decompress(data)  # as a browser does (it is part of the client's work)
        return response.status, data, dict(response.getheaders())

    def login(self, username: str, password: str) -> None:
        status, page, _ = self.send("GET", "/accounts/login/")
        found = CSRF_INPUT.search(page.decode("utf-8", "replace")) if status == 200 else None
        if not found:
            raise RuntimeError(f"login page: status {status}, no CSRF token")
        form = {"csrfmiddlewaretoken": found.group(1), "username": username, "password": password}
        status, _, headers = self.send(
            "POST", "/accounts/login/", urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             "Referer": f"http://{self.host}:{self.port}/accounts/login/"},
        )  # fmt: skip
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: status {status}")

    def call(self, request: Request) -> int:
        headers: dict[str, str] = {}
        body = None
        if request.token:
            headers["Authorization"] = f"Bearer {request.token}"
        if request.form is not None:
            form = dict(request.form)
            form["csrfmiddlewaretoken"] = self.cookies.get("csrftoken", "")
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}/"
        elif request.body is not None:
            body = json.dumps(request.body).encode()
            headers["Content-Type"] = "application/json"
        status, _, _ = self.send(request.method, request.path, body, headers)
        return status


# -------------------------------------------------------------------------------- phases


@dataclass
class Phase:
    name: str
    clients: int
    requests: int  # timed requests per client
    warmup: int
    draw: Callable[[int, random.Random], Request]  # (client number, rng) -> request
    login: Callable[[int], tuple[str, str] | None] = lambda n: None
    think: float = 0.0  # mean seconds a client waits between two requests (0: none)


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    load_before: str = ""
    load_after: str = ""
    cpu: dict[str, float] = field(default_factory=dict)


APPLICATION_NAME = "sinergi-http-load"  # the server's connections (libpq's PGAPPNAME)
SERVER_PID: list[int] = []  # the gunicorn master, when this driver started it


# Sessions kept across phases: (client number, username) -> cookies. Every client still
# logs in once through the form; later phases reuse its session like a browser would.
_SESSIONS: dict[tuple[int, str], dict[str, str]] = {}


def run_phase(phase: Phase, host: str, port: int) -> Outcome:
    outcome = Outcome()
    lock = threading.Lock()
    ready = threading.Barrier(phase.clients + 1)
    done = threading.Barrier(phase.clients + 1)
    failures: list[str] = []

    def work(n: int) -> None:
        rng = random.Random(1000 + n)
        client = Client(host, port)
        try:
            credentials = phase.login(n)
            if credentials and (n, credentials[0]) in _SESSIONS:
                client.cookies = dict(_SESSIONS[n, credentials[0]])
            elif credentials:
                client.login(*credentials)
                with lock:
                    _SESSIONS[n, credentials[0]] = dict(client.cookies)
            for _ in range(phase.warmup):
                client.call(phase.draw(n, rng))
        except Exception as error:  # noqa: BLE001 - reported, the phase goes on
            with lock:
                failures.append(f"client {n} setup: {error}")
        ready.wait()
        mine: dict[str, list[float]] = {}
        errors: dict[str, list[str]] = {}
        for _ in range(phase.requests):
            if phase.think:
                time.sleep(rng.uniform(0.5, 1.5) * phase.think)
            request = phase.draw(n, rng)
            began = time.perf_counter()
            try:
                status = client.call(request)
            except (OSError, http.client.HTTPException) as error:
                status, problem = -1, f"{type(error).__name__}: {error}"
            else:
                problem = "" if status == request.expect else f"status {status}"
            mine.setdefault(request.kind, []).append((time.perf_counter() - began) * 1000)
            if problem:
                errors.setdefault(request.kind, []).append(problem)
        with lock:
            for kind, values in mine.items():
                outcome.latencies.setdefault(kind, []).extend(values)
            for kind, values in errors.items():
                outcome.errors.setdefault(kind, []).extend(values)
        done.wait()

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(phase.clients)]
    for thread in threads:
        thread.start()
    database = _database_name()
    ready.wait()
    outcome.load_before = uptime()
    cpu_before = cpu_seconds(SERVER_PID[0] if SERVER_PID else None, database)
    began = time.perf_counter()
    done.wait()
    outcome.seconds = time.perf_counter() - began
    cpu_after = cpu_seconds(SERVER_PID[0] if SERVER_PID else None, database)
    outcome.cpu = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
    outcome.load_after = uptime()
    for thread in threads:
        thread.join()
    for failure in failures:
        outcome.errors.setdefault("setup", []).append(failure)
    return outcome


def nearest_rank(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, -(-int(pct * 100) * len(ordered) // 10000)) - 1]


def summary(phase: Phase, outcome: Outcome) -> dict[str, Any]:
    kinds = {}
    for kind, values in sorted(outcome.latencies.items()):
        kinds[kind] = {
            "requests": len(values),
            "errors": len(outcome.errors.get(kind, [])),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(nearest_rank(values, 95), 1),
            "max_ms": round(max(values), 1),
        }
    total = sum(len(v) for v in outcome.latencies.values())
    per = {f"{k}_cpu_ms_per_request": round(1000 * v / total, 1) for k, v in outcome.cpu.items()}
    if not SERVER_PID:
        per.pop("web_cpu_ms_per_request", None)  # the server is not ours to measure
    return {
        "phase": phase.name,
        "clients": phase.clients,
        "requests_per_client": phase.requests,
        "think_s": phase.think,
        "seconds": round(outcome.seconds, 1),
        "throughput_per_s": round(total / outcome.seconds, 1) if outcome.seconds else 0,
        "load_before": outcome.load_before,
        "load_after": outcome.load_after,
        **per,
        "kinds": kinds,
        "errors": {k: sorted(set(v))[:5] for k, v in outcome.errors.items()},
        "error_count": sum(len(v) for v in outcome.errors.values()),
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| phase | request | clients | n | p50 ms | **p95 ms** | max ms | errors | req/s "
        "| web CPU ms/req | db CPU ms/req |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        web = result.get("web_cpu_ms_per_request", "–")
        db = result.get("db_cpu_ms_per_request", "–")
        for kind, k in result["kinds"].items():
            lines.append(
                f"| {result['phase']} | {kind} | {result['clients']} | {k['requests']} | "
                f"{k['p50_ms']:,.0f} | **{k['p95_ms']:,.0f}** | {k['max_ms']:,.0f} | "
                f"{k['errors']} | {result['throughput_per_s']} | {web} | {db} |"
            )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- scenarios


def _database_name() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()


def _officers() -> dict[str, dict[str, Any]]:
    """The benchmark's two officers: scope, credentials, a token, sample identifiers and
    businesses inside the scope (read once from the database)."""
    from bench import registry_scale as rs
    from sinergi.registry.models import Business

    out = {}
    for key, user in rs.ensure_users().items():
        scope = user.membership.scope_id
        ids = rs.sample_identifiers(scope)
        pool = list(
            Business.objects.within(scope).filter(origin="demo").order_by("id")
            .values_list("id", flat=True)[5000:5000 + 40000:97]
        )  # fmt: skip
        out[key] = {"scope": scope, "username": user.username, "password": rs.PASSWORD,
                    "token": rs._api_token(user), "ids": ids, "businesses": pool}  # fmt: skip
    return out


def _login_alternating(officers: dict[str, dict[str, Any]]) -> Callable[[int], tuple[str, str]]:
    keys = sorted(officers)  # province, regency

    def login(n: int) -> tuple[str, str]:
        who = officers[keys[n % len(keys)]]
        return who["username"], who["password"]

    return login


def registry_phases(clients: int, requests: int, warmup: int) -> list[Phase]:
    officers = _officers()
    keys = sorted(officers)

    def who(n: int) -> dict[str, Any]:
        return officers[keys[n % len(keys)]]

    def list_page(n: int, rng: random.Random) -> Request:
        if rng.random() < 0.5:
            return Request("list, page 1", "GET", "/registry/")
        return Request("list, page 2-400", "GET", f"/registry/?page={rng.randrange(2, 401)}")

    def detail(n: int, rng: random.Random) -> Request:
        return Request("business page", "GET", f"/registry/{rng.choice(who(n)['businesses'])}/")

    def mixed(n: int, rng: random.Random) -> Request:
        return list_page(n, rng) if rng.random() < 0.5 else detail(n, rng)

    login = _login_alternating(officers)
    return [
        Phase("registry list", clients, requests, warmup, list_page, login),
        Phase("business page", clients, requests, warmup, detail, login),
        Phase("list + business page", clients, requests, warmup, mixed, login),
    ]


def insights_phases(clients: int, requests: int, warmup: int) -> list[Phase]:
    from bench import registry_scale as rs

    officers = _officers()
    province = officers["province"]
    login = lambda n: (province["username"], province["password"])  # noqa: E731

    def dashboard(n: int, rng: random.Random) -> Request:
        return Request("dashboard (province)", "GET", "/")

    def search(n: int, rng: random.Random) -> Request:
        kind = rng.choice(("owner name", "NIK", "phone"))
        if kind == "owner name":
            q = rs.SEARCHES["owner name"]
        else:
            q = province["ids"]["nik" if kind == "NIK" else "phone"]
        return Request(f"search: {kind}", "POST", "/registry/", form={"q": q})

    def api_list(n: int, rng: random.Random) -> Request:
        return Request("API list, first page", "GET", "/api/businesses",
                       token=province["token"])  # fmt: skip

    def match(n: int, rng: random.Random) -> Request:
        body = _match_record(rng)
        return Request("match", "POST", "/api/match", body=body, token=province["token"])

    return [
        Phase("dashboard", clients, requests, warmup, dashboard, login),
        Phase("search", clients, requests, warmup, search, login),
        Phase("API list", clients, requests, warmup, api_list),
        Phase("match", clients, requests, warmup, match),
    ]


_MATCH_POOL: list[dict[str, str]] = []


def _match_records(count: int = 200) -> list[dict[str, str]]:
    """Records as another system would send them: registry owners and shops, some with
    the NIK, some with a typo in the name (`bench.match_bench.records`, without the ids)."""
    from bench.match_bench import records

    return [record for _pk, record in records(count)]


def _match_record(rng: random.Random) -> dict[str, str]:
    return rng.choice(_MATCH_POOL)


CATALOG_SEARCHES = [
    {"q": "kopi"}, {"q": "keripik pedas"}, {"q": "batik tulis"}, {"q": "madu"},
    {"q": "sambal", "region": "1901"}, {"q": "kerupuk", "category": "C"},
    {"q": "krupuk"}, {"q": "temulawak jahe"}, {"q": "songket"}, {},
    {"region": "3273"}, {"q": "abon ikan", "region": "7371"}, {"q": "tas rotan"},
]  # fmt: skip


def catalog_phases(clients: int, requests: int, warmup: int) -> list[Phase]:
    def search(n: int, rng: random.Random) -> Request:
        params = rng.choice(CATALOG_SEARCHES)
        label = "catalog: " + (" ".join(f"{k}={v}" for k, v in params.items()) or "first page")
        return Request(label, "GET", "/katalog/?" + urllib.parse.urlencode(params))

    def any_search(n: int, rng: random.Random) -> Request:
        r = search(n, rng)
        return Request("catalog search (all kinds)", r.method, r.path)

    def long_tail(n: int, rng: random.Random) -> Request:
        # Half the popular searches above, half a search nobody made before (two product
        # words, a region one time in three, page 1-3): what a page cache cannot answer.
        if rng.random() < 0.5:
            return Request("catalog: popular", "GET", search(n, rng).path)
        from bench.catalog_bench import REGENCIES, WORDS

        params = {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"}
        if rng.random() < 1 / 3:
            params["region"] = rng.choice(REGENCIES)
        params["page"] = str(rng.randint(1, 3))
        return Request("catalog: new search", "GET", "/katalog/?" + urllib.parse.urlencode(params))

    return [Phase("catalog search", clients, requests, warmup, any_search),
            Phase("catalog search by kind", clients, requests, warmup, search),
            Phase("catalog search, long tail", clients, requests, warmup, long_tail)]  # fmt: skip


def export_once(host: str, port: int, fmt: str, regency: str) -> dict[str, Any]:
    """One export by the province officer of the active businesses of `regency`."""
    officers = _officers()
    province = officers["province"]
    client = Client(host, port, timeout=900)
    client.login(province["username"], province["password"])
    client.call(Request("warm", "GET", "/registry/"))
    before = uptime()
    began = time.perf_counter()
    form = {"fmt": fmt, "regency": regency, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
    status, data, headers = client.send(
        "POST", "/insights/export/registry/", urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded",
         "Referer": f"http://{host}:{port}/registry/"},
    )  # fmt: skip
    seconds = time.perf_counter() - began
    rows = None
    if status == 200 and fmt == "csv":
        rows = data.count(b"\n") - 1
    elif status == 200:
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        rows = sum(1 for _ in book.active.iter_rows(values_only=True)) - 1
    return {"format": fmt, "regency": regency, "status": status, "seconds": round(seconds, 1),
            "bytes": len(data), "rows": rows, "load_before": before,
            "load_after": uptime()}  # fmt: skip


# -------------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, var: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({
        "DEBUG": "false", "SINERGI_VAR_DIR": str(var), "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-not-a-secret-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false", "PYTHONPATH": str(ROOT / "src"),
        "LOGIN_MAX_FAILURES": "1000", "PGAPPNAME": APPLICATION_NAME,
    })  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(var / "server.log", "w")  # noqa: SIM115 - kept open for the server's life
    server = subprocess.Popen(
        [sys.executable, "-m", "sinergi.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 180
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"sinergi serve exited: see {var / 'server.log'}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(1)
    raise SystemExit("sinergi serve did not answer within 180 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        server.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.http_load", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("scenario", choices=("registry", "insights", "export", "catalog"))
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per client")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per client")
    parser.add_argument("--phase", action="append", help="run only phases with this name")
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds each client waits between its requests (default 0: back to back)",
    )  # fmt: skip
    parser.add_argument("--serve", action="store_true", help="start `sinergi serve` here")
    parser.add_argument("--base", default="", help="a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--fmt", default="xlsx", choices=("xlsx", "csv"), help="export format")
    parser.add_argument("--regency", default="1901", help="export: the regency to export")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database the server uses")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    sys.path.insert(0, str(ROOT / "src"))
    _setup_django()
    server = None
    if args.serve:
        # One var dir per database, kept between runs: the linkage cache (the registry
        # frame the match endpoint scores against) is built once, as on a real server.
        var = Path(tempfile.gettempdir()) / f"sinergi-http-load-{_database_name()}"
        var.mkdir(exist_ok=True)
        port = _free_port()
        _say(f"starting sinergi serve on 127.0.0.1:{port} (var {var}), "
             f"workers={os.environ.get('SINERGI_WEB_WORKERS', 'default')} "
             f"threads={os.environ.get('SINERGI_WEB_THREADS', '1')} "
             f"CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', 'default')}")  # fmt: skip
        server = start_server(port, var)
        SERVER_PID.append(server.pid)  # `sinergi serve` execs gunicorn: same pid
        host = "127.0.0.1"
    else:
        parts = urllib.parse.urlsplit(args.base or "http://127.0.0.1:8000")
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
    results: list[dict[str, Any]] = []
    try:
        if args.scenario == "export":
            result = export_once(host, port, args.fmt, args.regency)
            _say(json.dumps(result, indent=2))
            results.append(result)
        else:
            if args.scenario == "insights":
                _MATCH_POOL.extend(_match_records())
            build = {"registry": registry_phases, "insights": insights_phases,
                     "catalog": catalog_phases}[args.scenario]  # fmt: skip
            for phase in build(args.clients, args.requests, args.warmup):
                if args.phase and phase.name not in args.phase:
                    continue
                phase.think = args.think
                _say(f"--- {phase.name}: {phase.clients} clients x {phase.requests} requests")
                result = summary(phase, run_phase(phase, host, port))
                _say(json.dumps(result, indent=2))
                results.append(result)
            if args.scenario == "catalog":
                results.append({"phase": "page weight", **page_weight(host, port)})
                _say(json.dumps(results[-1]))
            _say(table([r for r in results if "kinds" in r]))
    finally:
        if server is not None:
            stop_server(server)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def page_weight(host: str, port: int) -> dict[str, Any]:
    """Bytes of the catalog page before images: the HTML and every stylesheet and script
    it links, uncompressed (and as sent gzipped)."""
    client = Client(host, port)
    out: dict[str, Any] = {}
    for name, path in (("catalog", "/katalog/"), ("catalog search", "/katalog/?q=kopi")):
        client.conn.request("GET", path)
        response = client.conn.getresponse()
        html = response.read()
        assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
        asset_bytes = 0
        for asset in sorted(set(assets)):
            client.conn.request("GET", asset.decode())
            asset_bytes += len(client.conn.getresponse().read())
        gz_status, _, _ = client.send("GET", path)
        out[name] = {"html_bytes": len(html), "css_js_bytes": asset_bytes,
                     "total_before_images": len(html) + asset_bytes,
                     "html_gzipped_bytes": client.wire_bytes if gz_status == 200 else None,
                     "assets": [a.decode() for a in sorted(set(assets))]}  # fmt: skip
    return out


if __name__ == "__main__":
    raise SystemExit(main())
