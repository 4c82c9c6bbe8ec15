from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "sinergi.exchange"
    label = "exchange"
    verbose_name = _("Encoded lists between agencies")
    default_auto_field = "django.db.models.BigAutoField"
