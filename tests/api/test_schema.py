"""Schemathesis against the API's own OpenAPI schema, on a seeded database: no 500,
responses conform to the schema, for every operation (as a province officer's token)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db


AUTH: dict[str, str] = {}
PLAIN = {"Accept-Encoding": "identity"}
# No 500, and every response as the schema says (status, content type, body, headers).
# Not "positive data acceptance": a schema-valid NIK may name an unknown region, and the
# API rightly answers 422 (tests/api/test_api.py::test_bad_input_is_a_422_naming_the_field).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 10


@pytest.fixture
def api_schema(token_of, officer_babel, bangka_business, settings, tmp_path) -> Iterator[Any]:
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    settings.VAR_DIR = tmp_path / "var"  # uploads of POST /api/imports
    AUTH["Authorization"] = f"Bearer {token_of(officer_babel)}"
    # As Django's test client does: the WSGI handler must not close the test's connection
    # (its transaction holds the seeded rows).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_api_conforms_to_its_schema(api_schema: Any) -> None:
    """Every operation, `EXAMPLES` generated cases each (derandomized: the same cases
    every run), the `CHECKS` above."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            # Schemathesis' WSGI transport asks for gzip but does not inflate it, and the
            # platform compresses what a client accepts (docs/security.md, Compression).
            case.call_and_validate(headers={**AUTH, **PLAIN}, checks=CHECKS)

        check()
