"""Settings for the test suite: production settings (DEBUG false) served over plain HTTP.

The tests run with DEBUG false, as production does, so nothing they prove depends on
debug behaviour. What production gets from its environment (a secret key, host names)
is given here; HTTPS redirects and secure-only cookies are off because the test client
and the browser tests' live server speak plain HTTP on localhost.
"""

from __future__ import annotations

import os

_GIVEN = {
    "SECRET_KEY": "tests-only-not-a-secret-" + "0123456789abcdef" * 3,
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1,[::1]",
}
_missing = {name: value for name, value in _GIVEN.items() if name not in os.environ}
os.environ.update(_missing)
try:
    from sinergi.web.settings import *  # noqa: E402, F403
finally:
    # Subprocesses started by tests (e.g. `check --deploy`) must not inherit these.
    for _name in _missing:
        os.environ.pop(_name, None)

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# The catalog's page cache in memory: nothing left on disk between test runs; a fixture
# of tests/conftest.py empties it before every test (a flushed database starts the
# catalog version again at 0).
CACHES["catalog"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "sinergi-catalog-tests",
}
