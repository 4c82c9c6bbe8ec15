"""Open data: counts of active businesses per region and size class, for anyone.

Aggregates only, from the pre-aggregated facts (no row of the registry is read), with
small counts suppressed by `suppression.suppress` (the one rule). Rows are the
provinces, or the regencies of one province; columns the size classes.
"""

from __future__ import annotations

from django.db.models import Sum

from sinergi.insights.models import Fact
from sinergi.insights.suppression import Published, suppress

SIZE_COLUMNS = ["mikro", "kecil", "menengah", "besar", ""]


def table(province: str = "") -> tuple[Published, dict[str, str]]:
    """(published table, {row code: region name}) for Indonesia or one province."""
    from sinergi.regions.models import Region

    facts = Fact.objects.filter(measure="businesses", dimension="size")
    row_field = "province_code"
    if province:
        facts = facts.filter(province_code=province)
        row_field = "regency_code"
    counts = {
        (row[row_field], row["value"]): row["n"]
        for row in facts.values(row_field, "value").annotate(n=Sum("count")).order_by()
    }
    rows = sorted({r for r, _ in counts})
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    return suppress(counts, rows, SIZE_COLUMNS), names
