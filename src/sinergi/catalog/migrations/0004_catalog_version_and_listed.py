"""The public catalog's version counter (every database) and, on PostgreSQL, the
`listed` column with the indexes that let a search stop early.

Version (see `models.CatalogVersion`): triggers add one to the single row, inside the
writing transaction, on every write of the tables the public pages show. PostgreSQL:
statement-level triggers (one bump per statement, not per row) and a row-level trigger
on `registry_business` that fires only when the name, status or regency changes. SQLite
has only row-level triggers. The bump is an upsert, so a flushed table (tests) starts
again without a missing row.

`listed` (PostgreSQL only, like `search_vector`; not a field of the Django model) is
`published AND business active AND storefront published`: what `for_catalog()` asks,
without the two joins that made every count read 90,000 storefronts. A BEFORE trigger
computes it on every insert or update of a product (locking the storefront and business
rows FOR SHARE, so a concurrent withdrawal of consent waits for the product's
transaction or is seen by it); changing a storefront's consent or a business's status
recomputes it for that business's products in the same transaction. Partial indexes on
the listed products in recency order (all, and by regency) let the planner walk the
newest products and stop after one page.
"""

from django.db import migrations, models

VERSIONED = [
    "catalog_product",
    "catalog_storefront",
    "catalog_photo",
    "catalog_certification",
    "catalog_buylink",
    "catalog_campaign",
    "catalog_campaignentry",
]
BUSINESS_CHANGED = (
    "OLD.name IS DISTINCT FROM NEW.name OR OLD.status IS DISTINCT FROM NEW.status"
    " OR OLD.regency_code IS DISTINCT FROM NEW.regency_code"
)
BUMP = (
    "INSERT INTO catalog_catalogversion (id, number) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET number = catalog_catalogversion.number + 1"
)

PG_FORWARD = [
    f"CREATE OR REPLACE FUNCTION catalog_bump_version() RETURNS trigger LANGUAGE plpgsql"
    f" AS $$ BEGIN {BUMP}; RETURN NULL; END $$",
    *(
        f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_version()"
        for table in VERSIONED
    ),
    f"CREATE TRIGGER registry_business_catalog_version AFTER UPDATE ON registry_business"
    f" FOR EACH ROW WHEN ({BUSINESS_CHANGED}) EXECUTE FUNCTION catalog_bump_version()",
    "ALTER TABLE catalog_product ADD COLUMN listed boolean NOT NULL DEFAULT false",
    "UPDATE catalog_product p SET listed = true FROM registry_business b, catalog_storefront s"
    " WHERE p.published AND b.id = p.business_id AND b.status = 'active'"
    " AND s.business_id = p.business_id AND s.published",
    """CREATE OR REPLACE FUNCTION catalog_product_listed() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN
        NEW.listed := NEW.published AND EXISTS (
            SELECT 1 FROM catalog_storefront s JOIN registry_business b ON b.id = s.business_id
            WHERE s.business_id = NEW.business_id AND s.published AND b.status = 'active'
            FOR SHARE);
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER catalog_product_listed BEFORE INSERT OR UPDATE ON catalog_product"
    " FOR EACH ROW EXECUTE FUNCTION catalog_product_listed()",
    """CREATE OR REPLACE FUNCTION catalog_relist() RETURNS trigger LANGUAGE plpgsql
    AS $$ DECLARE bid bigint; BEGIN
        IF TG_TABLE_NAME = 'registry_business' THEN bid := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN bid := OLD.business_id;
        ELSE bid := NEW.business_id; END IF;
        UPDATE catalog_product SET listed = listed WHERE business_id = bid;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER catalog_storefront_relist AFTER INSERT OR UPDATE OR DELETE"
    " ON catalog_storefront FOR EACH ROW EXECUTE FUNCTION catalog_relist()",
    "CREATE TRIGGER registry_business_catalog_relist AFTER UPDATE ON registry_business"
    " FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)"
    " EXECUTE FUNCTION catalog_relist()",
    "CREATE INDEX catalog_product_listed_recent ON catalog_product"
    " (updated_at DESC, id DESC) WHERE listed",
    "CREATE INDEX catalog_product_listed_region_recent ON catalog_product"
    " (regency_code, updated_at DESC, id DESC) WHERE listed",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_product_listed_region_recent",
    "DROP INDEX IF EXISTS catalog_product_listed_recent",
    "DROP TRIGGER IF EXISTS registry_business_catalog_relist ON registry_business",
    "DROP TRIGGER IF EXISTS catalog_storefront_relist ON catalog_storefront",
    "DROP TRIGGER IF EXISTS catalog_product_listed ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_relist()",
    "DROP FUNCTION IF EXISTS catalog_product_listed()",
    "ALTER TABLE catalog_product DROP COLUMN IF EXISTS listed",
    "DROP TRIGGER IF EXISTS registry_business_catalog_version ON registry_business",
    *(f"DROP TRIGGER IF EXISTS {table}_version ON {table}" for table in VERSIONED),
    "DROP FUNCTION IF EXISTS catalog_bump_version()",
]
SQLITE_FORWARD = [
    *(
        f"CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} ON {table}"
        f" BEGIN {BUMP}; END"
        for table in VERSIONED
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    f"CREATE TRIGGER registry_business_catalog_version AFTER UPDATE ON registry_business"
    f" WHEN {BUSINESS_CHANGED} BEGIN {BUMP}; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_business_catalog_version",
    *(
        f"DROP TRIGGER IF EXISTS {table}_version_{event.lower()}"
        for table in VERSIONED
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]


def _run(postgresql, sqlite):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": postgresql, "sqlite": sqlite}.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_funnel"),
        ("registry", "0003_search_indexes_postgresql"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(
            _run(PG_FORWARD, SQLITE_FORWARD), _run(PG_BACKWARD, SQLITE_BACKWARD)
        ),
    ]
