from django.urls import path

from sinergi.programs import partner_views, upload_views, views

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
    # Nominating from a file (upload_views): two segments, so `<str:step>/` never catches them.
    path("cycles/<int:pk>/uploads/new/", upload_views.upload_create, name="upload_create"),
    path("uploads/<int:pk>/", upload_views.upload_detail, name="upload"),
    path("uploads/rows/<int:pk>/nominate/", upload_views.upload_row_nominate, name="upload_row"),
    # Editing and closing (lifecycle); cancelling a cycle is the step "cancel".
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/close/", views.program_close, name="close"),
    # Who else may manage it (partner grants), and sharing a reference list.
    path("<int:pk>/partners/", partner_views.program_partners, name="partners"),
    path("references/<int:pk>/sharing/", partner_views.reference_sharing, name="reference_sharing"),
]
