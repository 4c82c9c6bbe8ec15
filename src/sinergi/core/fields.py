"""Model fields of our own."""

from __future__ import annotations

from typing import Any

from django.db import models


class DocumentJSONField(models.JSONField):
    """A JSON document that is written and read whole and never queried inside.

    On PostgreSQL it is stored as `json` (the text, validated) instead of Django's
    `jsonb` (parsed into a binary tree on every write, for key lookups and indexes we do
    not use). Importing a million source rows writes two such documents per row; the jsonb
    conversion was about 6 of the server's ~40 CPU-seconds (docs/benchmarks.md, intake).
    Other databases keep Django's JSON storage. Key lookups are not supported on
    PostgreSQL: read the document and look inside it in Python.
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        # psycopg parses `json` itself (Django only installs a text loader for jsonb).
        if value is not None and not isinstance(value, str):
            return value
        return super().from_db_value(value, expression, connection)
