from django.urls import path

from sinergi.field import views

app_name = "field"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new_business, name="new"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("update/<int:pk>/", views.update, name="update"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("session/", views.session, name="session"),
    path("submit/", views.submit, name="submit"),
    path("offline/", views.offline, name="offline"),
]
