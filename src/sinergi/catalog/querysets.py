"""Reads of the catalog.

- `ProductQuerySet.visible_to(user)`: products of businesses the user may see (the
  registry's one scoping rule, `Business.objects.visible_to`).
- `ProductQuerySet.for_catalog()`: what the public catalog may show — published products
  of active businesses whose owner consented (`Storefront.published`). Every public
  view starts here.
- `ProductQuerySet.search(text)`: PostgreSQL full-text (websearch syntax, `simple`
  configuration: Indonesian has no stemmer in PostgreSQL) OR a substring/trigram match on
  the same text (typos, partial words); both use the GIN indexes of migration 0002.
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
        return self.filter(
            published=True,
            business__status="active",
            business__storefront__published=True,
        )

    def search(self, text: str) -> ProductQuerySet:
        words = text.lower().split()
        if not words:
            return self
        if connection.vendor == "postgresql":
            query = " ".join(words)
            # The expressions are written exactly as the indexes of migration 0002 are.
            matches = RawSQL(
                "(to_tsvector('simple'::regconfig, catalog_product.search_text)"
                " @@ websearch_to_tsquery('simple'::regconfig, %s)"
                " OR catalog_product.search_text ILIKE %s)",
                [
                    query,
                    "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                ],
                output_field=BooleanField(),
            )
            return self.filter(matches)
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def for_cards(self) -> ProductQuerySet:
        """What a card shows, in one query (the business and its region names)."""
        return self.select_related("business", "sector", "business__village__parent__parent")
