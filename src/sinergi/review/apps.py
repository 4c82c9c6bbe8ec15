from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "sinergi.review"
    label = "review"
    verbose_name = _("Review and linking")

    def ready(self) -> None:
        # Blocking keys for the duplicate warning follow every business/owner save.
        from sinergi.review import keys

        keys.connect_signals()
