"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the ledger, so even a
raw SQL statement or another program cannot rewrite history. SQLite relies on the model
guards (save/delete/QuerySet)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION programs_disbursement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'programs_disbursement is append-only (use a reversing entry)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER programs_disbursement_no_update_delete
    BEFORE UPDATE OR DELETE ON programs_disbursement
    FOR EACH ROW EXECUTE FUNCTION programs_disbursement_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS programs_disbursement_no_update_delete ON programs_disbursement;
DROP FUNCTION IF EXISTS programs_disbursement_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_cycles_screening_ledger")]
    operations = [migrations.RunPython(forwards, backwards)]
