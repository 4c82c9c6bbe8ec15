from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sinergi.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        # Long jobs of intake, under the one stale rule (core.jobs).
        from sinergi.core import jobs
        from sinergi.intake import actions
        from sinergi.intake.models import BatchStatus as S

        jobs.register(
            jobs.JobKind(
                label="intake.read",
                model="intake.ImportBatch",
                running=S.READING,
                back_to=S.READING,
                enqueue=actions.enqueue_read,
                waiting=(S.READING,),
                failed=(S.UNREADABLE,),
            )
        )
        jobs.register(
            jobs.JobKind(
                label="intake.import",
                model="intake.ImportBatch",
                running=S.RUNNING,
                back_to=S.QUEUED,
                enqueue=actions.enqueue,
                waiting=(S.QUEUED,),
                failed=(S.FAILED,),
            )
        )
