"""Training fixtures: a webinar of the Bangka office with one session, run by its officer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

SESSION_START = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


@pytest.fixture(autouse=True)
def _files_in_tmp(tmp_path: Any, settings: Any) -> None:
    """Uploaded files (intake.storage) and the engine's registry frames are kept under
    VAR_DIR: per test, never in the checkout."""
    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")


@pytest.fixture
def make_event(officer_bangka: Any) -> Callable[..., Any]:
    from sinergi.training import actions
    from sinergi.training.models import Topic

    def make(user: Any = None, **fields: Any) -> Any:
        fields.setdefault("name", "Webinar Pemasaran Digital")
        fields.setdefault("topic", Topic.objects.get_or_create(name="Pemasaran digital")[0])
        fields.setdefault("mode", "online")
        fields.setdefault("meeting_url", "https://zoom.example/j/123")
        fields.setdefault("region_scope", "1901")
        return actions.create_event(user or officer_bangka, **fields)

    return make


@pytest.fixture
def event(make_event: Callable[..., Any]) -> Any:
    return make_event()


@pytest.fixture
def session(event: Any, officer_bangka: Any) -> Any:
    from sinergi.training import actions

    return actions.add_session(
        officer_bangka, event, title="Sesi 1", starts_at=SESSION_START,
        ends_at=SESSION_START + dt.timedelta(hours=2), min_minutes=60,
    )  # fmt: skip
