"""The API's one `NinjaAPI`, mounted at /api/ (OpenAPI at /api/openapi.json, docs at
/api/docs). Every operation authenticates with a bearer token (`tokens.TokenAuth`),
acts as the token's user, and is throttled per token."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.throttling import AuthRateThrottle

from sinergi.api import businesses, imports, match, programs
from sinergi.api.tokens import TokenAuth

api = NinjaAPI(
    title="Sinergi API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=[AuthRateThrottle("600/m")],
    description="The UMKM registry of Sinergi. See docs/api.md for worked examples.",
)
api.add_router("", businesses.router)
api.add_router("", programs.router)
api.add_router("", match.router)
api.add_router("", imports.router)
