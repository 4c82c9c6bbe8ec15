from django.urls import path

from sinergi.ops import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ops/metrics/", views.metrics, name="metrics"),
]
