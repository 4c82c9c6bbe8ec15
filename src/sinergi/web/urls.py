"""Top-level URLs: one include per app."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from sinergi.api.urls import api
from sinergi.field import views as field_views
from sinergi.insights.views import home

urlpatterns = [
    path("", home, name="home"),  # the dashboard (insights)
    path("accounts/", include("sinergi.accounts.urls")),
    path("registry/", include("sinergi.registry.urls")),
    path("audit/", include("sinergi.audit.urls")),
    path("intake/", include("sinergi.intake.urls")),
    path("review/", include("sinergi.review.urls")),
    path("programs/", include("sinergi.programs.urls")),
    path("exchange/", include("sinergi.exchange.urls")),
    path("loans/", include("sinergi.loans.urls")),
    path("memberships/", include("sinergi.memberships.urls")),
    path("training/", include("sinergi.training.urls")),  # issue 12
    # catalog (issue 13): staff pages, and the public catalog that needs no login
    path("catalog/", include("sinergi.catalog.urls")),
    path("katalog/", include("sinergi.catalog.public_urls")),
    # insights, open data and the API (issue 14)
    path("insights/", include("sinergi.insights.urls")),
    path("open-data/", include("sinergi.insights.open_urls")),
    path("api/", api.urls),
    path("field/", include("sinergi.field.urls")),
    # The service worker and manifest live at the root: a worker controls only the pages
    # under its own path.
    path("sw.js", field_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", field_views.manifest, name="manifest"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("sinergi.ops.urls")),  # /healthz, /ops/metrics/
]
