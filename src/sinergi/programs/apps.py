from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "sinergi.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # Long jobs of programs (uploads read and run by the worker), under the one stale
        # rule (core.jobs).
        from sinergi.core import jobs
        from sinergi.programs import references, uploads
        from sinergi.programs.models import NominationUploadStatus as N
        from sinergi.programs.models import ReferenceListStatus as R

        for kind in (
            jobs.JobKind(
                label="programs.nomination_read",
                model="programs.NominationUpload",
                running=N.READING,
                back_to=N.READING,
                enqueue=uploads.enqueue_read,
                waiting=(N.READING,),
                failed=(N.UNREADABLE,),
            ),
            jobs.JobKind(
                label="programs.nomination_run",
                model="programs.NominationUpload",
                running=N.RUNNING,
                back_to=N.QUEUED,
                enqueue=uploads.enqueue_run,
                waiting=(N.QUEUED,),
            ),
            jobs.JobKind(
                label="programs.reference_read",
                model="programs.ReferenceList",
                running=R.READING,
                back_to=R.READING,
                enqueue=references.enqueue_read,
                waiting=(R.READING,),
                failed=(R.UNREADABLE,),
            ),
        ):
            jobs.register(kind)
