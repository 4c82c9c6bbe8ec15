"""Login (attempts throttled by django-axes), logout; password change/reset are Django's."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    # Failed attempts are counted by django-axes (its authentication backend and
    # middleware, counters in the database); a locked pair gets `locked_out` below.
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


def locked_out(request: HttpRequest, response: HttpResponse, credentials: dict) -> HttpResponse:
    """The page django-axes shows instead of a login (ours and the admin's) while locked."""
    message = _(
        "Too many failed login attempts. For your security, logging in to this "
        "account or from this address is paused for %(minutes)d minutes. Try again "
        "later or reset your password."
    ) % {"minutes": settings.LOGIN_LOCK_SECONDS // 60}
    context = {"form": AuthenticationForm(request), "locked": message, "next": ""}
    return render(request, "accounts/login.html", context, status=429)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
