"""The client's address, as the audit trail and the login throttle see it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the outermost trusted proxy saw.

    With SINERGI_TRUSTED_PROXIES=n (n reverse proxies in front of the app, each appending
    to X-Forwarded-For), the client is the n-th entry from the right: anything further
    left was written by the client and can be forged. With 0 (the default) the header is
    ignored, so a client cannot choose the address its login failures are counted under.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "SINERGI_TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-trusted] if len(forwarded) >= trusted else remote
