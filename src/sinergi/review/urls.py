from django.urls import path

from sinergi.review import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("merge/", views.merge, name="merge"),
    path("split/<int:pk>/", views.split, name="split"),
    path("operations/<int:pk>/", views.operation, name="operation"),
    path("operations/<int:pk>/undo/", views.undo, name="undo"),
    path("duplicates/", views.duplicates, name="duplicates"),
]
