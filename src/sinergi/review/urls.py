from django.urls import path

from sinergi.review import model_views, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("merge/", views.merge, name="merge"),
    path("split/<int:pk>/", views.split, name="split"),
    path("operations/<int:pk>/", views.operation, name="operation"),
    path("operations/<int:pk>/undo/", views.undo, name="undo"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("model/", model_views.model_page, name="model"),
    path("model/training/", model_views.training_status, name="model_training"),
    path("model/train/", model_views.train, name="model_train"),
    path("model/thresholds/", model_views.thresholds, name="model_thresholds"),
    path("model/versions/<int:version>/use/", model_views.use_version, name="model_use"),
]
