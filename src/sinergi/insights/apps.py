from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "sinergi.insights"
    label = "insights"
    verbose_name = _("Insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Large exports are long jobs under the one stale rule (core.jobs).
        from sinergi.core import jobs
        from sinergi.insights import background
        from sinergi.insights.models import ExportStatus as S

        jobs.register(
            jobs.JobKind(
                label="insights.export",
                model="insights.Export",
                running=S.RUNNING,
                back_to=S.QUEUED,
                enqueue=background.enqueue,
                waiting=(S.QUEUED,),
                failed=(S.FAILED,),
            )
        )
