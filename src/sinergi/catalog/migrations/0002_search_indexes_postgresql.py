"""Public catalog search indexes, on PostgreSQL only.

- pg_trgm extension and a trigram GIN index on `search_text`: `ILIKE '%kopi%'` and
  typo-tolerant matching without a sequential scan;
- a full-text GIN index on `to_tsvector('simple', search_text)`: written exactly as
  `ProductQuerySet.search` writes its condition, so the planner uses it.

On SQLite (the zero-setup default) nothing is created: the search falls back to a scan,
which is fine for a demo instance. CREATE EXTENSION needs a role allowed to create it
(the superuser, or pg_trgm marked trusted — it is, since PostgreSQL 13).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm "
    "ON catalog_product USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_fts "
    "ON catalog_product USING gin (to_tsvector('simple'::regconfig, search_text))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS catalog_product_search_fts",
    "DROP INDEX IF EXISTS catalog_product_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
