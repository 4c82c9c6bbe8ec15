from django.urls import path

from sinergi.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/mapping/", views.set_mapping, name="mapping"),
    path("<int:pk>/files/<int:file_pk>/reveal/", views.reveal_file, name="file_reveal"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/problems/", views.problem_list, name="problems"),
    path("<int:pk>/problems/export/", views.problem_export, name="problems_export"),
    path("problems/<int:pk>/fix/", views.problem_fix, name="problem_fix"),
    path("records/<int:pk>/", views.record_detail, name="record"),
]
