"""The starting list of topics; the office extends it on the events page."""

from django.db import migrations

TOPICS = (
    "Pemasaran digital",
    "Media sosial",
    "Onboarding marketplace",
    "Ekspor",
    "Pembukuan",
    "Sertifikasi halal / PIRT",
)


def add_topics(apps, schema_editor):
    Topic = apps.get_model("training", "Topic")
    for name in TOPICS:
        Topic.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
