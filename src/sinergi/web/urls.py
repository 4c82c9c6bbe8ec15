"""Top-level URLs: one include per app."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.views.i18n import set_language

from sinergi.field import views as field_views

urlpatterns = [
    path("", lambda request: redirect("registry:list"), name="home"),
    path("accounts/", include("sinergi.accounts.urls")),
    path("registry/", include("sinergi.registry.urls")),
    path("audit/", include("sinergi.audit.urls")),
    path("intake/", include("sinergi.intake.urls")),
    path("review/", include("sinergi.review.urls")),
    path("programs/", include("sinergi.programs.urls")),
    path("loans/", include("sinergi.loans.urls")),
    path("memberships/", include("sinergi.memberships.urls")),
    path("field/", include("sinergi.field.urls")),
    # The service worker and manifest live at the root: a worker controls only the pages
    # under its own path.
    path("sw.js", field_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", field_views.manifest, name="manifest"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
