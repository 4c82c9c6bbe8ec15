"""Login with throttled attempts, logout. Password change/reset use Django's views."""

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

from sinergi.accounts import throttle


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a proxy we trust sets it.
    return request.META.get("REMOTE_ADDR", "")


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
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip = client_ip(request)
        if throttle.is_locked(username, ip):
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Too many failed login attempts. For your security this account is "
                    "locked on this computer for %(minutes)d minutes. Try again later or "
                    "reset your password."
                )
                % {"minutes": settings.LOGIN_LOCK_SECONDS // 60},
            )
            status = 429
        elif form.is_valid():
            throttle.reset(username, ip)
            login(request, form.get_user())
            return redirect(_next_url(request))
        else:
            throttle.record_failure(username, ip)
            status = 200
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
