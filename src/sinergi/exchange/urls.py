from django.urls import path

from sinergi.exchange import views

app_name = "exchange"

urlpatterns = [
    path("cycles/<int:pk>/", views.cycle_page, name="cycle"),
    path("cycles/<int:pk>/export/", views.export, name="export"),
    path("cycles/<int:pk>/receive/", views.receive, name="receive"),
    path("exports/<int:pk>/download/", views.download, name="download"),
    path("registry/", views.registry_page, name="registry"),
    path("registry/export/", views.registry_export, name="registry_export"),
    path("registry/receive/", views.registry_receive, name="registry_receive"),
    path("registry/received/<int:pk>/", views.overlap, name="overlap"),
]
