"""Background tasks of insights: thin shells (house habit 7)."""

from __future__ import annotations

from django_tasks import task

from sinergi.insights.aggregates import refresh_all


@task()
def refresh_facts_task() -> str:
    """Rebuild the dashboard facts; idempotent (the rebuild replaces the whole table)."""
    snapshot = refresh_all()
    return f"facts rebuilt in {snapshot.seconds:.1f} s"
