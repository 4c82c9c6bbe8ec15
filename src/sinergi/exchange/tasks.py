"""Background task of the exchange: a thin shell around `actions.run_match` (as intake)."""

from __future__ import annotations

from django_tasks import task

from sinergi.exchange.actions import run_match, run_registry_export


@task()
def match_task(received_id: int) -> str:
    return run_match(received_id)


@task()
def registry_export_task(export_id: int) -> str:
    return run_registry_export(export_id)
