"""Top-level URLs: one include per app."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", lambda request: redirect("registry:list"), name="home"),
    path("accounts/", include("sinergi.accounts.urls")),
    path("registry/", include("sinergi.registry.urls")),
    path("audit/", include("sinergi.audit.urls")),
    path("intake/", include("sinergi.intake.urls")),
    path("review/", include("sinergi.review.urls")),
    path("programs/", include("sinergi.programs.urls")),
    path("exchange/", include("sinergi.exchange.urls")),
    path("loans/", include("sinergi.loans.urls")),
    path("memberships/", include("sinergi.memberships.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
