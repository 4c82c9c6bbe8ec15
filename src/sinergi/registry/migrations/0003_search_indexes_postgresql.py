"""PostgreSQL-only indexes that keep the registry fast at a million businesses.

- pg_trgm GIN indexes on UPPER(name) and UPPER(full_name): Django's `icontains` on
  PostgreSQL is `UPPER(col::text) LIKE UPPER('%q%')`, which these serve (names search).
- (province|regency|district code, status, name, id) b-trees: the default list order
  within a scope, read as an index-only scan for the page's ids and the count
  (deep pages; `registry.paging`).

On SQLite nothing is created: the same queries run, without these indexes.
Figures before and after: docs/benchmarks.md ("Registry at 1 M businesses").
"""

from django.db import migrations

INDEXES = {
    "registry_business_name_trgm": (
        "registry_business USING gin (UPPER(name) gin_trgm_ops)"
    ),
    "registry_person_full_name_trgm": (
        "registry_person USING gin (UPPER(full_name) gin_trgm_ops)"
    ),
    "registry_business_province_list": "registry_business (province_code, status, name, id)",
    "registry_business_regency_list": "registry_business (regency_code, status, name, id)",
    "registry_business_district_list": "registry_business (district_code, status, name, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_business_latitude_longitude")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
