"""Pages of a long list whose depth costs little: ids first, rows second.

`Paginator(queryset)` asks the database for `OFFSET n LIMIT 25` over the full rows with
their joins (owner, sector, village chain), so page 2,000 of a million businesses reads
and throws away 50,000 joined rows (1.4 s at scope 19, docs/benchmarks.md). Here the
offset runs over the ids only, in the list's order — an index-only scan of the
(code, status, name, id) indexes on PostgreSQL — and only the page's 25 rows are then
read with their joins. Page numbers, counts and ordering are those of `Paginator`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_by_ids(
    queryset: QuerySet,
    number: Any,
    size: int,
    fetch: Callable[[Iterable[int]], dict[int, Any]],
) -> Page:
    """Page `number` of `queryset` (ordered), its rows read by `fetch(ids) -> {id: row}`.

    `fetch` is given ids that `queryset` produced, so it needs no scope filter of its own.
    """
    page = Paginator(queryset.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    rows = fetch(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
