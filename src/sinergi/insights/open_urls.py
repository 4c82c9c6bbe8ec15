from django.urls import path

from sinergi.insights import open_views

app_name = "open_data"

urlpatterns = [
    path("", open_views.open_data, name="index"),
    path("umkm.csv", open_views.open_data_csv, name="csv"),
]
