from django.urls import path

app_name = "katalog"
urlpatterns = []
