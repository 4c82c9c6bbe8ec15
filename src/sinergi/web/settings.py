"""Sinergi's one settings module, driven by the environment.

Variables (each secret may instead be read from a file named by `<NAME>_FILE`):

- DEBUG (default false): true only where a developer or the demo (`sinergi demo`) sets it.
  With DEBUG false, SECRET_KEY is required and the HTTPS/HSTS/secure-cookie settings are
  switched on, so `check --deploy` passes.
- SECRET_KEY: required in production; in development one is generated once and kept in
  `<var>/secret_key`.
- DATABASE_URL (default: SQLite file `<var>/sinergi.sqlite3`), e.g.
  `postgresql://user@host:5432/sinergi`.
- ALLOWED_HOSTS: comma-separated (default: localhost names when DEBUG, else none).
- CSRF_TRUSTED_ORIGINS: comma-separated origins, e.g. `https://sinergi.example.go.id`.
- EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
  EMAIL_USE_TLS, DEFAULT_FROM_EMAIL; without EMAIL_HOST mail is printed on the console.
- SINERGI_VAR_DIR: where the instance keeps its files (default `var/` next to the checkout,
  or in the current directory for an installed package).
- SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE:
  production overrides (a TLS-terminating proxy may want SECURE_SSL_REDIRECT=false plus
  SECURE_PROXY_SSL_HEADER=true).
- SINERGI_IDLE_MINUTES (default 30): a session that sees no request for this long ends;
  SINERGI_SESSION_REFRESH_SECONDS (default 60): how often activity writes the new expiry.
- CONN_MAX_AGE (default 0; `sinergi serve` sets 60): seconds a process keeps its database
  connection.
- SINERGI_MAX_UPLOAD_MB (default 50): the largest file intake, reference-list and nomination
  uploads accept; SINERGI_MAX_XLSX_UNCOMPRESSED_MB (default 500) and
  SINERGI_MAX_XLSX_RATIO (default 100) cap what an xlsx file may expand to (zip bombs).
- SINERGI_IMPORT_CHUNK_ROWS (default 50000), SINERGI_MIN_FREE_MB (default 1024: /healthz),
  SINERGI_JOB_STALE_SECONDS (default 45: a job whose heartbeat is older belongs to a dead
  worker, core.jobs), SINERGI_RETENTION_DAYS (default 365) and
  SINERGI_DRAFT_RETENTION_DAYS (default 30): what `sinergi manage purge` removes,
  SINERGI_LOG_FORMAT (json or text; default json unless DEBUG), SINERGI_STATIC_MANIFEST
  (set by `sinergi serve`); see docs/deploy.md.
- SINERGI_EXPORT_BACKGROUND_ROWS (default 5000): a registry export longer than this is
  written by the worker (progress page, download link); shorter ones at once.
  SINERGI_EXPORT_KEEP_DAYS (default 7): its file is removed by `sinergi manage purge` after.
- SINERGI_TRUSTED_PROXIES: how many reverse proxies in front of the app append to
  X-Forwarded-For (default 0: the client address is REMOTE_ADDR); login throttling counts
  per account and per client address (django-axes, counters in the database).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sinergi.ops.logs import logging_config as _logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/sinergi


def _checkout_root() -> Path | None:
    root = PACKAGE_DIR.parent.parent
    return root if (root / "pyproject.toml").exists() and (root / "src").is_dir() else None


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the content of the file named by NAME_FILE (Docker/systemd secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on", "y"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off", "n"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(env("SINERGI_VAR_DIR") or ((_checkout_root() or Path.cwd()) / "var"))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is false (production)."
        )
    # Development and demo: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # atomic: parallel test workers never read half a key
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sinergi.core",
    "sinergi.regions",
    "sinergi.accounts",
    "sinergi.audit",
    "sinergi.registry",
    "sinergi.intake",
    "sinergi.review",
    "sinergi.programs",
    "sinergi.loans",
    "sinergi.memberships",
    "sinergi.ops",
    "sinergi.training",  # issue 12
    "sinergi.catalog",  # products, public catalog, flyers, campaigns (issue 13)
    # insights + api (issue 14)
    "sinergi.insights",
    "sinergi.api",
    "sinergi.field",
    "sinergi.exchange",
    "django_tasks",
    "django_tasks_db",
    "axes",
]
# Background work (imports, linking): django-tasks; the database backend needs no broker
# (worker: `sinergi worker`). TASKS_BACKEND=immediate runs tasks inline.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

MIDDLEWARE = [
    # First: every log line of the request carries its id (sinergi.ops.logs).
    "sinergi.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself (no separate web server needed), see STORAGES.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (static files are compressed by WhiteNoise above, which answers them
    # before this runs). BREACH: see docs/security.md "Compression" for why this is safe
    # here (masked CSRF tokens, Django's Heal-The-Breach padding, SameSite session cookie).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves an active session's expiry ahead, with at most one write a minute.
    "sinergi.web.middleware.IdleSessionMiddleware",
    "sinergi.web.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login (ours or the admin's) into 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sinergi.web.urls"
WSGI_APPLICATION = "sinergi.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sinergi.web.context_processors.sinergi",
            ],
        },
    }
]

# CONN_MAX_AGE: seconds a process keeps its database connection (0: one per request;
# `sinergi serve` defaults to 60). A kept connection is checked before reuse.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sinergi.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE") or 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the server's threads read while the worker writes (synchronous=NORMAL is
    # WAL's safe setting: a crash loses no committed page, a power cut at most the last
    # commits); immediate transactions take the write lock up front, so two writers queue
    # for up to `timeout` seconds instead of failing with "database is locked".
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    options["transaction_mode"] = "IMMEDIATE"
    options["timeout"] = int(env("SQLITE_BUSY_SECONDS") or 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("CACHE_DIR"):
    # Several server processes must share login-attempt counters: use a file cache.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR"),
    }
# The public catalog's rendered pages (catalog.public_cache): a file cache every server
# process of the machine shares, keyed by the exact catalog version, so it never serves a
# page older than the last write. SINERGI_CATALOG_CACHE=0 switches it off.
SINERGI_CATALOG_CACHE = (env("SINERGI_CATALOG_CACHE") or "1").lower() not in ("0", "false", "no")
CACHES["catalog"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(Path(env("CACHE_DIR") or VAR_DIR / "cache") / "catalog"),
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes, counters in the database so every server process shares
# them): LOGIN_MAX_FAILURES failures for one account, or from one client address, lock that
# account or address for LOGIN_LOCK_SECONDS. The admin site's login goes through the same
# backend and middleware. A success resets the counters.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the membership with the user (one query less a page).
    "sinergi.accounts.backends.MembershipBackend",
    # Kept for the sessions logged in before MembershipBackend: they name this path.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES") or 5)
LOGIN_LOCK_SECONDS = int(env("LOGIN_LOCK_SECONDS") or 15 * 60)
SINERGI_TRUSTED_PROXIES = int(env("SINERGI_TRUSTED_PROXIES") or 0)
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(seconds=LOGIN_LOCK_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sinergi.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "sinergi.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit trail already
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE") or "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Dates "24 November 2026"; numbers are grouped by explicit filters (rupiah, number) only,
# because global grouping would also print years and ids as "2.026".
FORMAT_MODULE_PATH = ["sinergi.web.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT") or str(VAR_DIR / "static")
# `sinergi serve` collects static files with content hashes in their names
# (SINERGI_STATIC_MANIFEST=1), so WhiteNoise serves them with far-future cache headers
# ("immutable", one year); elsewhere (tests, the demo's runserver) names stay plain.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("SINERGI_STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600  # unhashed files (favicon); hashed ones get a year

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT") or 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL") or "sinergi@localhost"

SESSION_COOKIE_HTTPONLY = True
# Idle sessions end: activity moves the expiry SINERGI_IDLE_MINUTES ahead, so a session
# nobody uses for that long is over (a shared office computer left logged in). The move is
# written at most once per SINERGI_SESSION_REFRESH_SECONDS (web.middleware.
# IdleSessionMiddleware), not on every request.
SESSION_COOKIE_AGE = int(env("SINERGI_IDLE_MINUTES") or 30) * 60
SINERGI_SESSION_REFRESH_SECONDS = int(env("SINERGI_SESSION_REFRESH_SECONDS") or 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: the largest file accepted, and what an xlsx (a zip) may expand to when read.
SINERGI_MAX_UPLOAD_MB = int(env("SINERGI_MAX_UPLOAD_MB") or 50)
# Operations (sinergi.ops): rows per import chunk (each chunk is one transaction), the
# free space /healthz requires on the uploads disk, how long uploaded files and kept
# tables of drafts never imported / finished imports are kept (`sinergi manage purge`).
SINERGI_IMPORT_CHUNK_ROWS = int(env("SINERGI_IMPORT_CHUNK_ROWS") or 50_000)
SINERGI_MIN_FREE_MB = int(env("SINERGI_MIN_FREE_MB") or 1024)
SINERGI_RETENTION_DAYS = int(env("SINERGI_RETENTION_DAYS") or 365)
SINERGI_DRAFT_RETENTION_DAYS = int(env("SINERGI_DRAFT_RETENTION_DAYS") or 30)
SINERGI_MAX_XLSX_UNCOMPRESSED_MB = int(env("SINERGI_MAX_XLSX_UNCOMPRESSED_MB") or 500)
SINERGI_MAX_XLSX_RATIO = int(env("SINERGI_MAX_XLSX_RATIO") or 100)
# Exports (sinergi.insights): a list longer than this is written by the worker, with
# progress and a download link; shorter ones are answered inside the request.
SINERGI_EXPORT_BACKGROUND_ROWS = int(env("SINERGI_EXPORT_BACKGROUND_ROWS") or 5000)
# ... and its file is kept this many days (`sinergi manage purge` removes it after).
SINERGI_EXPORT_KEEP_DAYS = int(env("SINERGI_EXPORT_KEEP_DAYS") or 7)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS") or 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every line goes through MaskIdentifiers (no NIK or phone in a log line), including the
# development server's request lines (django.server), which print full URLs.
# JSON lines with the request id, identifiers masked (sinergi.ops.logs, core.logging).
LOGGING = _logging_config(
    json=(env("SINERGI_LOG_FORMAT") or ("text" if DEBUG else "json")) == "json",
    level=env("LOG_LEVEL") or "WARNING",
)
