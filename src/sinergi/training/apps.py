from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sinergi.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Uploaded files read by the worker (`training.file_jobs`), under the one stale
        # rule (core.jobs).
        from sinergi.core import jobs
        from sinergi.training import certificate_zip, file_jobs
        from sinergi.training.models import FileStatus as F

        for label, model, enqueue in (
            (file_jobs.LIST_READ, "training.RegistrationUpload", file_jobs.enqueue_list),
            (
                file_jobs.ATTENDANCE_READ,
                "training.AttendanceImport",
                file_jobs.enqueue_attendance,
            ),
        ):
            jobs.register(
                jobs.JobKind(
                    label=label,
                    model=model,
                    running=F.READING,
                    back_to=F.READING,
                    enqueue=enqueue,
                    waiting=(F.READING,),
                    failed=(F.UNREADABLE, F.REFUSED),
                )
            )
        # An event's certificates as one ZIP (`training.certificate_zip`), resumed batch by
        # batch when its worker died.
        from sinergi.training.models import ZipStatus as Z

        jobs.register(
            jobs.JobKind(
                label=certificate_zip.JOB,
                model="training.CertificateZip",
                running=Z.BUILDING,
                back_to=Z.BUILDING,
                enqueue=certificate_zip.enqueue,
                waiting=(Z.BUILDING,),
                failed=(Z.FAILED,),
            )
        )
