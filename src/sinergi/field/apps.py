from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "sinergi.field"
    label = "field"
    verbose_name = "Field forms (offline)"
