"""Typed audit events: `kind` + `payload` beside `changes`; flat values of old rows move.

Before, loans, memberships, intake and review wrote flat values into `changes`
({"amount": 5000}) beside {field: {old, new}} entries, and the audit page failed on them.
Entries that are not {old, new} are moved, as they were, into a "legacy" payload.
"""

from django.db import migrations, models


def _is_change(value):
    return isinstance(value, dict) and value and set(value) <= {"old", "new"}


def split_flat_values(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    batch = []
    for event in AuditEvent.objects.exclude(changes={}).only("id", "changes").iterator(
        chunk_size=2000
    ):
        changes = event.changes if isinstance(event.changes, dict) else {"value": event.changes}
        flat = {k: v for k, v in changes.items() if not _is_change(v)}
        if not flat:
            continue
        event.changes = {k: v for k, v in changes.items() if _is_change(v)}
        event.kind = "legacy"
        event.payload = {"values": flat}
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["changes", "kind", "payload"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["changes", "kind", "payload"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_alter_auditevent_action")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="kind",
            field=models.CharField(blank=True, max_length=40, verbose_name="event kind"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="payload",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.RunPython(split_flat_values, migrations.RunPython.noop),
    ]
