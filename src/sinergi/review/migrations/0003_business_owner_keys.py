"""The `bo` blocking keys (business-name key | first / last token of the owner-name key,
see review.keys) for businesses saved before the kind existed.

Derived from each business's stored `bx` (business-name key) and `ox` (owner-name key)
rows, which hold exactly the parts `key_rows` joins: the owner key's tokens are separated
by single spaces. One INSERT ... SELECT per range of 50,000 business ids on PostgreSQL
(about a minute for a million businesses), the same rule in Python elsewhere. An owner
key of 80 characters may have been cut when stored: for those few businesses only the
first token is used here (the last one may be cut); their next save, or
`sinergi manage refresh_review_keys`, writes both. No application code is imported.
"""

from django.db import migrations

BATCH = 50_000
MAX_VALUE = 80

_PG_INSERT = """
INSERT INTO review_businesskey (business_id, kind, value)
SELECT DISTINCT b.business_id, 'bo', left(b.value || '|' || t.token, %(max)s)
FROM review_businesskey b
JOIN review_businesskey o ON o.business_id = b.business_id AND o.kind = 'ox'
CROSS JOIN LATERAL (VALUES (split_part(o.value, ' ', 1)),
    (CASE WHEN length(o.value) < %(max)s THEN reverse(split_part(reverse(o.value), ' ', 1)) END)
) AS t (token)
WHERE b.kind = 'bx' AND t.token IS NOT NULL
  AND b.business_id >= %(low)s AND b.business_id < %(high)s
"""


def bo_values(business_key: str, owner_key: str) -> set[str]:
    tokens = owner_key.split(" ")
    ends = (tokens[0], tokens[-1]) if len(owner_key) < MAX_VALUE else (tokens[0],)
    return {f"{business_key}|{t}"[:MAX_VALUE] for t in ends}


def fill(apps, schema_editor):
    from django.db.models import Max, Min

    key = apps.get_model("review", "BusinessKey")
    db = schema_editor.connection.alias
    keys = key.objects.using(db)
    keys.filter(kind="bo").delete()
    bounds = keys.filter(kind="bx").aggregate(low=Min("business_id"), high=Max("business_id"))
    if bounds["low"] is None:
        return
    for low in range(bounds["low"], bounds["high"] + 1, BATCH):
        high = low + BATCH
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cur:
                cur.execute(_PG_INSERT, {"max": MAX_VALUE, "low": low, "high": high})
            continue
        parts: dict[int, dict[str, str]] = {}
        rows = keys.filter(kind__in=["bx", "ox"], business_id__gte=low, business_id__lt=high)
        for business, kind, value in rows.values_list("business_id", "kind", "value"):
            parts.setdefault(business, {})[kind] = value
        keys.bulk_create(
            [
                key(business_id=business, kind="bo", value=value)
                for business, p in parts.items()
                if "bx" in p and "ox" in p
                for value in sorted(bo_values(p["bx"], p["ox"]))
            ],
            batch_size=5000,
        )


def drop(apps, schema_editor):
    key = apps.get_model("review", "BusinessKey")
    key.objects.using(schema_editor.connection.alias).filter(kind="bo").delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_model_page")]

    operations = [migrations.RunPython(fill, drop)]
