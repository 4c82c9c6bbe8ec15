"""Background tasks of insights: thin shells (house habit 7)."""

from __future__ import annotations

from django_tasks import task

from sinergi.insights.aggregates import refresh_all


@task()
def refresh_facts_task() -> str:
    """Rebuild the dashboard facts; idempotent (the rebuild replaces the whole table)."""
    snapshot = refresh_all()
    return f"facts rebuilt in {snapshot.seconds:.1f} s"


@task()
def export_task(export_id: int) -> str:
    """Write one large export (`background.run_export`); re-runnable after a crash."""
    from sinergi.core.jobs import claimed
    from sinergi.insights.background import run_export

    return claimed("export", export_id, run_export(export_id))
