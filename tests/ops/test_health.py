"""/healthz for a load balancer (public, ok/fail only) and the job metrics for admins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.core import jobs
from sinergi.ops.models import WorkerBeat

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float) -> None:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id="w1", started_at=seen, seen_at=seen)


def test_healthz_is_green_for_anyone_while_a_worker_beats() -> None:
    _beat(seconds_ago=3)
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "worker", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_fails_when_no_worker_has_beaten_within_the_stale_period() -> None:
    _beat(seconds_ago=jobs.STALE_SECONDS + 1)
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["worker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_healthz_fails_when_the_upload_disk_is_nearly_full(settings: Any) -> None:
    _beat(seconds_ago=1)
    settings.SINERGI_MIN_FREE_MB = 10**12
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["disk"]["ok"] is False


def test_healthz_fails_when_migrations_are_pending(monkeypatch: Any) -> None:
    from sinergi.ops import schema

    _beat(seconds_ago=1)
    monkeypatch.setattr(schema, "pending_migrations", lambda: [("intake", "0099_future")])
    body = Client().get("/healthz").json()
    assert body["checks"]["migrations"] == {"ok": False, "pending": 1, "unknown": 0}


def test_job_metrics_count_queued_work_and_only_admins_see_them(
    client_of: Any, admin: Any, officer_bangka: Any
) -> None:
    officer = client_of(officer_bangka)
    files = SimpleUploadedFile("a.csv", b"Nama Pemilik,NIK\nSiti,1901015507850001\n")
    officer.post(reverse("intake:upload"), {"source": "Dinas", "files": files})
    assert officer.get("/ops/metrics/").status_code == 403
    assert Client().get("/ops/metrics/").status_code == 302  # to the login page
    body = client_of(admin).get("/ops/metrics/").json()
    assert body["tasks"]["queued"] == 1 and body["tasks"]["running"] == 0
    assert body["tasks"]["oldest_queued_seconds"] >= 0
    assert body["jobs"]["intake.read"]["waiting"] == 1
    assert body["jobs"]["intake.import"] == {"waiting": 0, "running": 0, "stale": 0, "failed": 0}
    assert body["stale_seconds"] == jobs.STALE_SECONDS
