"""Loading the shipped Kemendagri tables into the Region table.

Invariants: parents are written before children; re-running updates names and kinds in
place (an upsert on the code) and never duplicates a row; `prefixes` limits the load to
some subtrees (all provinces and regencies are always loaded: 552 rows, and every
regency list needs them; tests load villages only where they need them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from sinergi.linkage import REGION_LEVELS, load_region_tables
from sinergi.regions.models import Region, forget_regencies

BATCH_SIZE = 2000


def _wanted(code: str, prefixes: tuple[str, ...]) -> bool:
    # A region is wanted when it lies inside a prefix, or is an ancestor of one.
    return any(code.startswith(p) or p.startswith(code) for p in prefixes)


def load_regions(prefixes: Iterable[str] = ()) -> dict[str, int]:
    """Upsert regions; returns the number of rows of each level now in the table."""
    prefixes = tuple(prefixes)
    tables = load_region_tables()
    with transaction.atomic():
        for level in REGION_LEVELS:
            rows = [
                Region(
                    code=r.code,
                    name=r.name,
                    level=level,
                    parent_id=r.parent_code,
                    kind=r.kind or "",
                )
                for r in tables.by_level(level).values()
                if not prefixes or level in ("province", "regency") or _wanted(r.code, prefixes)
            ]
            Region.objects.bulk_create(
                rows,
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "level", "parent", "kind"],
            )
        transaction.on_commit(forget_regencies)  # bulk_create sends no post_save
    forget_regencies()
    return region_counts()


def region_counts() -> dict[str, int]:
    counts = dict.fromkeys(REGION_LEVELS, 0)
    for row in Region.objects.values("level").order_by().annotate(n=Count("code")):
        counts[row["level"]] = row["n"]
    return counts


def is_fully_loaded() -> bool:
    return region_counts() == load_region_tables().counts()
