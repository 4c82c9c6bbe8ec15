"""Structured logs: one JSON object per line, with the request id, never with PII.

- `RequestIdMiddleware` gives every request an id (a proxy's `X-Request-ID` when it is a
  plain token, else a new one), returns it in the `X-Request-ID` header and puts it on
  every log line written while the request runs (`RequestIdFilter`).
- `JsonFormatter` writes {time, level, logger, message, request_id, exc_info, ...} and
  masks the whole line with `core.logging.mask_text` (NIK, phone, e-mail), tracebacks
  included; `sinergi serve` uses it for gunicorn's own logs too (`GunicornLogger`).

SINERGI_LOG_FORMAT=json|text chooses the format (default: json unless DEBUG).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _Json

from sinergi.core.logging import mask_text

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_TOKEN = re.compile(r"[A-Za-z0-9._\-]{8,64}")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _TOKEN.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(rid)
        request.request_id = rid
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(_Json):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs
        )

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return mask_text(super().format(record))


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """The LOGGING setting: every handler masks, every line has the request id.

    Django's own loggers go to the same handler only (no `mail_admins`: an e-mailed
    error report would carry the request's POST data, NIKs included).
    """
    formatter = (
        {"()": "sinergi.ops.logs.JsonFormatter"}
        if json
        else {
            "()": "sinergi.core.logging.MaskingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    )
    handler = {
        "class": "logging.StreamHandler",
        "filters": ["request_id", "mask_identifiers"],
        "formatter": "main",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "mask_identifiers": {"()": "sinergi.core.logging.MaskIdentifiers"},
            "request_id": {"()": "sinergi.ops.logs.RequestIdFilter"},
        },
        "formatters": {"main": formatter},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "sinergi": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


try:  # gunicorn is a production dependency; the engine and tests may run without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object  # type: ignore[assignment,misc]


class GunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's error and access logs in the same masked JSON lines."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
