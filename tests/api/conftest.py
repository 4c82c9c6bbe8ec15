"""API fixtures: `token_of(user)` issues a real token (through the audited verb) and
`api_client(token)` sends it as a bearer token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


class ApiClient:
    def __init__(self, token: str | None) -> None:
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def send(self, method: str, path: str, body: dict) -> Any:
        call = getattr(self.client, method)
        return call(path, json.dumps(body), content_type="application/json", headers=self.headers)


@pytest.fixture
def token_of(admin: Any) -> Callable[[Any], str]:
    from sinergi.api.tokens import issue_token

    def issue(user: Any) -> str:
        return issue_token(admin, user, f"test {user.username}")[1]

    return issue


@pytest.fixture
def api_as(token_of: Callable[[Any], str]) -> Callable[[Any], ApiClient]:
    return lambda user: ApiClient(token_of(user) if user is not None else None)
