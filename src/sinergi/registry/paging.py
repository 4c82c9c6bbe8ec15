"""Pages of a long list whose depth costs little: ids first, rows second.

`Paginator(queryset)` asks the database for `OFFSET n LIMIT 25` over the full rows with
their joins (owner, sector, village chain), so page 2,000 of a million businesses reads
and throws away 50,000 joined rows (1.4 s at scope 19, docs/benchmarks.md). Here the
offset runs over the ids only, in the list's order — an index-only scan of the
(code, status, name, id) indexes on PostgreSQL — and only the page's 25 rows are then
read with their joins. Page numbers and ordering are those of `Paginator`. The ids of
the first `HEAD_PAGES` pages are read in one query first: a list that short is counted
from them (no count query), and its first pages need no second ids query.

Counts are bounded: counting a province's million rows is a full scan (0.8 s under load),
so the count stops at `COUNT_LIMIT` + 1 rows (an index-only scan of at most that many
entries); a longer list says "more than 100,000" and pages to its 4,000th page — a user
filters long before that. That a list is longer than the bound is remembered for
`CAPPED_SECONDS` per query (scope and filters are in its SQL): under 50 concurrent users
the 100,001-entry scan of every first page of a province's list was a large part of the
database's work (docs/benchmarks.md, issue 16), and "more than 100,000" stays true until
most of a list is deleted. Exact counts (shorter lists) are never remembered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_LIMIT = 100_000
CAPPED_SECONDS = 300
HEAD_PAGES = 4


def _capped_key(object_list: Any) -> str | None:
    if not isinstance(object_list, QuerySet):
        return None
    sql, params = object_list.query.sql_with_params()
    text = repr((object_list.db, COUNT_LIMIT, sql, params))
    return "registry.capped:" + hashlib.sha256(text.encode()).hexdigest()


class BoundedPaginator(Paginator):
    """A `Paginator` whose count stops at `COUNT_LIMIT` (`capped` tells)."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):  # the ids read already
            self.capped = len(self.object_list) > COUNT_LIMIT
            return min(len(self.object_list), COUNT_LIMIT)
        key = _capped_key(self.object_list)
        if key and cache.get(key):
            self.capped = True
            return COUNT_LIMIT
        found = self.object_list[: COUNT_LIMIT + 1].count()
        self.capped = found > COUNT_LIMIT
        if self.capped and key:
            cache.set(key, True, CAPPED_SECONDS)
        return min(found, COUNT_LIMIT)

    capped = False


def page_by_ids(
    queryset: QuerySet,
    number: Any,
    size: int,
    fetch: Callable[[Iterable[int]], dict[int, Any]],
) -> Page:
    """Page `number` of `queryset` (ordered), its rows read by `fetch(ids) -> {id: row}`.

    `fetch` is given ids that `queryset` produced, so it needs no scope filter of its own.
    """
    every = queryset.values_list("pk", flat=True)
    # The first HEAD_PAGES pages' ids in one query: a list no longer than that (most
    # searches) needs no count query, and the first pages of a longer one no second
    # query for their ids (each ORM query costs the web process about a millisecond).
    head = list(every[: HEAD_PAGES * size + 1]) if _page_number(number) <= HEAD_PAGES else None
    if head is not None and len(head) <= HEAD_PAGES * size:
        page = BoundedPaginator(head, size).get_page(number)
        ids = list(page.object_list)
    else:
        page = BoundedPaginator(every, size).get_page(number)
        if head is not None and page.number <= HEAD_PAGES:
            ids = head[(page.number - 1) * size : page.number * size]
        else:
            ids = list(page.object_list)
    rows = fetch(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _page_number(number: Any) -> int:
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1  # not a number: `get_page` shows the first page
