"""Reads of the registry. `BusinessQuerySet.visible_to` is the one registry read every
list, detail, edit, export and API path starts from; *where* a user may look is decided
by `sinergi.accounts.scope.Scope` (one region rule: prefix on the Kemendagri code tree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from sinergi.accounts.scope import region_q, scope_for

if TYPE_CHECKING:
    pass

# Which stored code column answers "inside region X" for a code of each length. Equality
# on an indexed column keeps scoping fast on millions of rows (no LIKE scans).
SCOPE_FIELD = {2: "province_code", 4: "regency_code", 6: "district_code", 10: "village_code"}


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class BusinessQuerySet(models.QuerySet["Business"]):
    def visible_to(self, user: object) -> BusinessQuerySet:
        """Businesses `user` may see: their region subtree; owners only their own."""
        scope = scope_for(user)
        if not scope.perms.view_registry:
            return self.none()
        if scope.perms.is_owner:
            return self.filter(owner__user=user)
        return self.filter(scope.q("", by_level=SCOPE_FIELD))

    def within(self, code: str) -> BusinessQuerySet:
        """Businesses located in the subtree of region `code` ('' = everywhere)."""
        return self.filter(region_q(code, "", by_level=SCOPE_FIELD))

    def active(self) -> BusinessQuerySet:
        return self.filter(status="active")

    def search(self, query: str, *, identifiers: bool) -> BusinessQuerySet:
        """Match business or owner name; with `identifiers`, also NIK, NIB and phone.

        Phone input is normalised first, so "0812-3456-7890" finds "+6281234567890".
        Identifier search is only offered to roles that may see identifiers: otherwise
        anyone could confirm that a given NIK is in the registry.

        Fast at a million rows (docs/benchmarks.md): each alternative is its own indexed
        lookup — names through the trigram indexes of the PostgreSQL migration
        `0003_search_indexes_postgresql` (plain scans on SQLite), NIK and NIB through
        their prefix (`varchar_pattern_ops`) indexes, phones through equality on the
        stored E.164 form — and the matches are the UNION of their ids. One OR across
        the owner join would make PostgreSQL scan every business.
        """
        query = query.strip()
        if not query:
            return self
        from sinergi.registry.models import Business, Person

        ids = Business.objects.filter(name__icontains=query).values("pk")
        alternatives = [
            Business.objects.filter(
                owner__in=Person.objects.filter(full_name__icontains=query).values("pk")
            ).values("pk")
        ]
        digits = digits_only(query)
        has_letters = any(ch.isalpha() for ch in query)
        if identifiers and len(digits) >= 6 and not has_letters:
            from sinergi.linkage import normalize_phones

            owners = Q(nik__startswith=digits)
            phones = normalize_phones(query)
            if phones:
                owners |= Q(phone__in=phones)
            alternatives.append(
                Business.objects.filter(
                    owner__in=Person.objects.filter(owners).values("pk")
                ).values("pk")
            )
            alternatives.append(Business.objects.filter(nib__startswith=digits).values("pk"))
        # No ORDER BY inside a UNION (the models' default ordering would add one).
        parts = [part.order_by() for part in alternatives]
        return self.filter(pk__in=ids.order_by().union(*parts))

    def for_list(self) -> BusinessQuerySet:
        return self.select_related("owner", "sector", "village__parent__parent")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> PersonQuerySet:
        """Owners of businesses the user may see (scoping delegated to Business)."""
        from sinergi.registry.models import Business

        return self.filter(businesses__in=Business.objects.visible_to(user)).distinct()
