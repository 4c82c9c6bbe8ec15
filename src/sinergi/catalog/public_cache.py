"""The public catalog's shared page cache, keyed by the exact catalog version.

A rendered search page is stored under (catalog version, language, full URL: scheme,
host, path and query string). The version (`models.CatalogVersion`) is read from the
database on every request — one primary-key read — and database triggers change it in
the same transaction as any write the page could show (products, photos, storefront
consent, business name/status/regency, campaigns): a page rendered before a write is
never found again after that write commits. So a withdrawn consent stops showing at
once, on every server process, whatever the cache's lifetime.

The cache is the `catalog` alias of `CACHES`: a file cache under the instance's var
folder by default, shared by every gunicorn worker of the machine (no Redis needed);
entries of older versions are simply never asked for again and age out. It helps only a
search someone made before since the last change: the first request of each search
still costs the full page (docs/benchmarks.md). `SINERGI_CATALOG_CACHE=0` switches it off.

The page is cached without its CSRF token (the header's language switch is a POST
form): a marker stands in the cached text and each response gets the visitor's own
token, as an uncached page would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token

ALIAS = "catalog"
CSRF_MARKER = "sinergi-catalog-csrf-marker"
_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def catalog_version() -> int:
    """The current catalog version (0 before the first write)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM catalog_catalogversion WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def enabled() -> bool:
    return bool(getattr(settings, "SINERGI_CATALOG_CACHE", True))


def page(request: HttpRequest, render: Callable[[dict], str]) -> str:
    """The page for this request: from the cache, or `render(extra_context)` (which
    receives the CSRF marker to render in place of the token) stored for the next
    visitor of the same URL under the same catalog version."""
    if not enabled():
        return render({})
    version = catalog_version()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    url = request.build_absolute_uri()
    key = "page:" + hashlib.sha256(f"{version}\n{language}\n{url}".encode()).hexdigest()
    cache = caches[ALIAS]
    body = cache.get(key)
    if body is None:
        body = render({"csrf_token": CSRF_MARKER})
        cache.set(key, body)
    return body.replace(_FIELD.format(CSRF_MARKER), _FIELD.format(get_token(request)))
