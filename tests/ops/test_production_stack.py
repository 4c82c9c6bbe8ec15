"""The production stack on PostgreSQL, as an operator runs it (issue 16 acceptance).

`sinergi upgrade`, `sinergi serve` (gunicorn) and `sinergi worker` run as separate
processes on a database of their own; everything is done over HTTP: log in, upload a
file, the worker reads and imports it, /healthz is green, then the worker is SIGKILLed
in the middle of the import and started again AT ONCE (as a service manager does). The
heartbeat of the dead worker's job is then still fresh, so the new worker's first scan
leaves it alone; its scanner thread takes it over once the heartbeat is stale
(SINERGI_JOB_STALE_SECONDS=20 here) and the import resumes from the last stored chunk:
exactly one row per input row, and the registry shows the businesses.

Every wait polls a condition with a generous deadline; nothing sleeps a fixed time to
"let something happen". Skipped unless DATABASE_URL is PostgreSQL (CI runs it there).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="the production stack runs on PostgreSQL (DATABASE_URL)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 2400
CHUNK = 300  # eight chunks: the worker is killed after the first, long before the last
STALE = 20
DEADLINE = 400.0  # generous: CI machines may be loaded; every wait ends on its condition


def _wait(what: str, condition: Callable[[], Any], deadline: float = DEADLINE) -> Any:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)  # a polling interval, not a synchronisation
    raise AssertionError(f"gave up waiting ({deadline:.0f} s) for: {what}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database() -> Iterator[str]:
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = f"sinergi_smoke_{uuid.uuid4().hex[:8]}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Stack:
    def __init__(self, url: str, var: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "SINERGI_VAR_DIR": str(var),
            "SECRET_KEY": "smoke-test-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SINERGI_JOB_STALE_SECONDS": str(STALE),
            "SINERGI_IMPORT_CHUNK_ROWS": str(CHUNK),
            "SINERGI_MIN_FREE_MB": "1",
            "PYTHONPATH": str(ROOT / "src"),
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.logs = var / "logs"
        self.logs.mkdir(parents=True)
        self.procs: list[subprocess.Popen[bytes]] = []

    def sinergi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sinergi.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        out = (self.logs / f"{name}-{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "sinergi.cli", *args],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def shell(self, code: str) -> str:
        return self.sinergi("manage", "shell", "-c", code).stdout.strip()

    def batch(self) -> dict[str, Any]:
        """The newest import's state, read straight from the database (fast to poll)."""
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            row = conn.execute(
                "SELECT b.id, b.status, b.rows_read, b.rows_total, b.attempts, b.error,"
                " (SELECT count(*) FROM intake_sourcerecord r WHERE r.batch_id = b.id),"
                " (SELECT count(DISTINCT (r.file_id, r.row_number)) FROM intake_sourcerecord r"
                "  WHERE r.batch_id = b.id)"
                " FROM intake_importbatch b ORDER BY b.id DESC LIMIT 1"
            ).fetchone()
        keys = ("id", "status", "rows_read", "rows_total", "attempts", "error", "records")
        return dict(zip((*keys, "distinct"), row, strict=True)) if row else {"status": None}


class Browser:
    """A cookie-keeping HTTP client that posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode(), dict(r.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)
        except urllib.error.URLError:  # not listening yet
            return 0, "", {}

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.base + path},
        )
        with self.opener.open(request, timeout=120) as r:
            return r.status, r.geturl()

    def token(self, path: str) -> str:
        _status, page, _h = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post_form(self, path: str, fields: dict[str, str], page: str = "") -> tuple[int, str]:
        """Post `fields` to `path` with the CSRF token of `page` (default: `path`)."""
        data = {"csrfmiddlewaretoken": self.token(page or path), **fields}
        return self.post(
            path, urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
        )

    def post_file(
        self, path: str, fields: dict[str, str], name: str, content: bytes
    ) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {"csrfmiddlewaretoken": self.token(path), **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            )
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"'
            "\r\nContent-Type: text/csv\r\n\r\n"
        )
        body = (
            "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}")


SETUP = """
from sinergi.regions.loading import load_regions
from sinergi.accounts.models import Membership, Organisation
from django.contrib.auth import get_user_model
load_regions(("19",))
org, _ = Organisation.objects.get_or_create(name="Dinas KUKM Kab. Bangka",
    defaults={"kind": "other", "region_id": "1901"})
user = get_user_model().objects.create_user("officer.bangka", password="smoke-Test-pass-1901")
Membership.objects.create(user=user, organisation=org, role="regency_officer", scope_id="1901")
print("ready")
"""


def _csv(rows: int) -> bytes:
    lines = ["Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa"]
    for i in range(1, rows + 1):
        lines.append(f"Pemilik Uji {i},19010155078{i:05d},Warung Uji {i},Sungailiat,Sri Menanti")
    return ("\n".join(lines) + "\n").encode()


def test_the_production_stack_imports_resumes_after_sigkill_and_stays_healthy(
    database: str, tmp_path: Path
) -> None:
    stack = Stack(database, tmp_path / "var")
    try:
        upgraded = stack.sinergi("upgrade")
        assert "upgrade done" in upgraded.stdout
        assert stack.shell(SETUP).endswith("ready")
        stack.start("serve", "serve", "--bind", f"127.0.0.1:{stack.port}", "--workers", "2")
        worker = stack.start("worker", "worker", "--interval", "0.2")
        browser = Browser(stack.base)
        _wait("/healthz green", lambda: browser.get("/healthz")[0] == 200)
        health = json.loads(browser.get("/healthz")[1])
        assert health["status"] == "ok" and health["checks"]["worker"]["ok"]

        status, landed = browser.post_form(
            "/accounts/login/", {"username": "officer.bangka", "password": "smoke-Test-pass-1901"}
        )
        assert status == 200 and "/login/" not in landed
        status, landed = browser.post_file(
            "/intake/upload/", {"source": "Dinas Kab. Bangka, uji asap"}, "uji.csv", _csv(ROWS)
        )
        batch_url = urllib.parse.urlsplit(landed).path
        assert re.fullmatch(r"/intake/\d+/", batch_url), landed
        _wait("the worker read the file", lambda: stack.batch()["status"] == "draft")
        assert stack.batch()["rows_total"] == ROWS
        browser.post_form(batch_url + "start/", {}, page=batch_url)

        # Kill the worker in the middle of the import, and start another at once.
        _wait("the first chunk stored", lambda: stack.batch()["rows_read"] >= CHUNK)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = stack.batch()
        assert killed_at["status"] == "running" and killed_at["rows_read"] < ROWS, killed_at
        stack.start("worker", "worker", "--interval", "0.2")
        started = time.monotonic()

        done = _wait("the import resumed and finished", lambda: stack.batch()["status"] == "done")
        resumed_in = time.monotonic() - started
        final = stack.batch()
        assert final["records"] == ROWS and final["distinct"] == ROWS, final
        assert final["rows_read"] == ROWS and final["attempts"] == 2, final
        assert done and resumed_in < DEADLINE
        _status, page, _h = browser.get(batch_url)
        assert 'data-status="done"' in page
        status, page, _h = browser.get("/registry/")
        assert status == 200 and "Warung Uji" in page
        _wait("/healthz green again", lambda: browser.get("/healthz")[0] == 200)
        _status, _body, headers = browser.get("/healthz")
        assert len(headers.get("X-Request-ID", "")) == 32
    except BaseException:
        for log in sorted(stack.logs.glob("*.log")):
            sys.stderr.write(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}\n")
        raise
    finally:
        stack.stop_all()
    for proc in stack.procs[1:]:
        if proc.returncode not in (None, -signal.SIGKILL):
            assert proc.returncode == 0, f"a process did not stop cleanly: {proc.args}"
