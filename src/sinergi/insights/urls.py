from django.urls import path

from sinergi.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("map/", views.map_page, name="map"),
    path("chart/<slug:name>.<str:fmt>", views.chart_download, name="chart_download"),
    path("export/registry/", views.registry_export, name="registry_export"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download", views.export_download, name="export_download"),
    path("recap/", views.recap_page, name="recap_page"),
    path("recap.xlsx", views.recap, name="recap"),
    path("recap.pdf", views.recap, {"fmt": "pdf"}, name="recap_pdf"),
]
