"""What /healthz checks, as plain functions (the view only renders them).

Each check returns (ok, detail). The instance is healthy when every check is ok:
- database: a query answers;
- migrations: none pending and none unknown to this code (`ops.schema`);
- worker: a `sinergi worker` recorded a beat within `core.jobs.STALE_SECONDS`;
- disk: the uploads folder's file system has at least SINERGI_MIN_FREE_MB free
  (default 1024).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from sinergi.core import jobs


def check_database() -> tuple[bool, dict[str, Any]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    return True, {"vendor": connection.vendor}


def check_migrations() -> tuple[bool, dict[str, Any]]:
    from sinergi.ops.schema import pending_migrations, unknown_migrations

    try:
        pending, unknown = pending_migrations(), unknown_migrations()
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    return not pending and not unknown, {"pending": len(pending), "unknown": len(unknown)}


def check_worker() -> tuple[bool, dict[str, Any]]:
    from sinergi.ops.models import WorkerBeat

    try:
        last = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    if last is None:
        return False, {"last_beat_seconds": None}
    age = (timezone.now() - last).total_seconds()
    return age <= jobs.STALE_SECONDS, {"last_beat_seconds": round(age, 1)}


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def check_disk() -> tuple[bool, dict[str, Any]]:
    folder = uploads_dir()
    probe = folder if folder.exists() else Path(settings.VAR_DIR)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free // (1024 * 1024)
    needed = int(getattr(settings, "SINERGI_MIN_FREE_MB", 1024))
    return free_mb >= needed, {"free_mb": free_mb, "min_free_mb": needed}


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "disk": check_disk,
}


def report() -> tuple[bool, dict[str, Any]]:
    results = {}
    healthy = True
    for name, check in CHECKS.items():
        ok, detail = check()
        healthy &= ok
        results[name] = {"ok": ok, **detail}
    return healthy, {
        "status": "ok" if healthy else "fail",
        "checks": results,
        "time": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
