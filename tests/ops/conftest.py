"""Ops fixtures: uploads in a temporary var dir; linking off (ops tests test the jobs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.intake.conftest import csv_rows  # noqa: F401  (shared by the ops tests)


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _no_linking(monkeypatch: Any) -> None:
    from sinergi.intake import pipeline

    monkeypatch.setattr(pipeline, "link_records_function", lambda: None)
