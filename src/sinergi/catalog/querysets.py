"""Reads of the catalog.

- `ProductQuerySet.visible_to(user)`: products of businesses the user may see (the
  registry's one scoping rule, `Business.objects.visible_to`).
- `ProductQuerySet.for_catalog()`: what the public catalog may show — published products
  of active businesses whose owner consented (`Storefront.published`). Every public
  view starts here. On PostgreSQL it reads the trigger-kept `listed` column (migration
  0004) instead of joining the business and the storefront of every match.
- `ProductQuerySet.search(text)`: PostgreSQL full-text (websearch syntax, `simple`
  configuration: Indonesian has no stemmer in PostgreSQL) on the GIN-indexed generated
  column of migration 0002; `search_partial(text)`, the fallback when no word matches, a
  substring match on the trigram GIN index ("krip" finds "keripik").
  Other databases: every word must occur in the text (a scan; fine for a demo instance).
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL


class StorefrontQuerySet(models.QuerySet):
    def published(self) -> StorefrontQuerySet:
        return self.filter(published=True, business__status="active")


class ProductQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ProductQuerySet:
        from sinergi.registry.models import Business

        return self.filter(business__in=Business.objects.visible_to(user).values("pk"))

    def for_catalog(self) -> ProductQuerySet:
        if connection.vendor == "postgresql":
            # The same rule, kept by triggers in the `listed` column (migration 0004):
            # no join to read the consent of every matching product.
            listed = RawSQL("catalog_product.listed", [], output_field=BooleanField())
            return self.filter(listed)
        return self.filter(
            published=True,
            business__status="active",
            business__storefront__published=True,
        )

    def search(self, text: str) -> ProductQuerySet:
        """Products whose text holds every word (PostgreSQL: full-text on the generated,
        GIN-indexed `search_vector`; its per-word statistics let the planner choose between
        walking the recency index for a common word and the GIN index for a rare one)."""
        words = text.lower().split()
        if not words:
            return self
        if connection.vendor == "postgresql":
            matches = RawSQL(
                "catalog_product.search_vector @@ websearch_to_tsquery('simple'::regconfig, %s)",
                [" ".join(words)],
                output_field=BooleanField(),
            )
            return self.filter(matches)
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def search_partial(self, text: str) -> ProductQuerySet:
        """The fallback when no product holds the words: the text as a fragment anywhere
        ("krip" finds "keripik"), newest first. PostgreSQL: the trigram GIN index; the
        ordering is an expression on purpose, so the planner takes the index instead of
        walking every row by recency testing each one (seconds on a million rows)."""
        fragment = " ".join(text.lower().split())
        if not fragment:
            return self.newest()
        if connection.vendor == "postgresql":
            escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            matches = RawSQL(
                "catalog_product.search_text LIKE %s",
                ["%" + escaped + "%"],
                output_field=BooleanField(),
            )
            fresh = RawSQL("catalog_product.updated_at + interval '0 seconds'", [])
            return self.filter(matches).order_by(fresh.desc(), "-id")
        return self.filter(search_text__contains=fragment).newest()

    def estimated_count(self) -> int | None:
        """The planner's estimate of the number of rows (PostgreSQL: `EXPLAIN`, no
        execution, well under a millisecond; None elsewhere). Full-text estimates come
        from per-word statistics of the `search_vector` column (ANALYZE)."""
        if connection.vendor != "postgresql":
            return None
        sql, params = self.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            import json

            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def newest(self) -> ProductQuerySet:
        return self.order_by("-updated_at", "-id")

    def for_cards(self) -> ProductQuerySet:
        """What a card shows, in one query (the business and its region names)."""
        return self.select_related("business", "sector", "business__village__parent__parent")
