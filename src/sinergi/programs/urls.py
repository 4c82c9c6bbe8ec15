from django.urls import path

from sinergi.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("references/", views.reference_lists, name="references"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/nominate/", views.cycle_nominate, name="nominate"),
    path("cycles/<int:pk>/report.<str:fmt>", views.screening_report, name="report"),
    path("cycles/<int:pk>/<str:step>/", views.cycle_step, name="step"),
    path("findings/<int:pk>/", views.finding_resolve, name="finding"),
    path("nominations/<int:pk>/remove/", views.nomination_remove, name="remove"),
]
