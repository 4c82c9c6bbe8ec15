from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Sinergi for real: the worker service, health, backups, upgrades, retention."""

    name = "sinergi.ops"
    label = "ops"
    verbose_name = _("Operations")
