"""Language selection that keeps Bahasa Indonesia the default.

Django's LocaleMiddleware follows the browser's Accept-Language, so an officer whose
browser is set to English would get English without asking. Sinergi is used by
Indonesian offices: the language is Indonesian unless the user picked another one with
the switch in the header (stored in the language cookie by `set_language`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class CookieLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


class IdleSessionMiddleware:
    """Idle sessions end SESSION_COOKIE_AGE after the last request, written at most once
    per `SINERGI_SESSION_REFRESH_SECONDS` (60).

    `SESSION_SAVE_EVERY_REQUEST` wrote the session row (an UPDATE and a commit that waits
    for the disk) on every page; under 50 concurrent users that write was a large share
    of a registry page's database time (docs/benchmarks.md, issue 16). Here the session
    is saved — which moves its expiry SESSION_COOKIE_AGE ahead — only when the last save
    is older than the refresh period, so an active session ends at most that long before
    a full idle period after its last request. Listed after SessionMiddleware: it marks
    the session modified before SessionMiddleware saves it on the way out.
    """

    KEY = "_sinergi_touched"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        import time

        now = int(time.time())
        refresh = getattr(settings, "SINERGI_SESSION_REFRESH_SECONDS", 60)
        touched = session.get(self.KEY)
        if session.modified or not isinstance(touched, int) or now - touched >= refresh:
            session[self.KEY] = now
        return response
