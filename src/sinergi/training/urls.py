from django.urls import path

from sinergi.training import mentoring_views, more_views, views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("topics/", views.add_topic, name="topic_add"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/sessions/", views.add_session, name="session_add"),
    path("<int:pk>/partners/", views.partners, name="partners"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/register-self/", views.self_register, name="self_register"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/list/", views.upload_list, name="upload_list"),
    path("lists/<int:pk>/", views.upload_detail, name="upload"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("registrations/<int:pk>/outcome/", views.set_outcome, name="outcome"),
    path("sessions/<int:pk>/attendance/", views.import_attendance, name="attendance_import"),
    path("attendance/<int:pk>/", views.attendance_detail, name="attendance"),
    path("attendance/lines/<int:pk>/", views.choose_line, name="choose_line"),
    # Certificates; the verification page is public (no login).
    path("<int:pk>/certificates/", more_views.issue_all, name="issue_all"),
    path("<int:pk>/certificates.zip", more_views.certificates_zip, name="certificates_zip"),
    path(
        "<int:pk>/certificates.zip/status/",
        more_views.certificates_zip_status,
        name="certificates_zip_status",
    ),
    path("certificates/<int:pk>.pdf", more_views.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/<str:verb>/",
        more_views.certificate_change,
        name="certificate_change",
    ),
    path("verify/<str:code>/", more_views.verify, name="verify"),
    # Cohorts, retention, contacts with consent.
    path("cohorts/", more_views.cohorts, name="cohorts"),
    path("cohorts/<int:pk>/", more_views.cohort_detail, name="cohort"),
    path("contacts/<str:kind>/<int:pk>/", more_views.contact_list, name="contacts"),
    path(
        "contacts/<str:kind>/<int:pk>.<str:fmt>", more_views.contact_export, name="contacts_export"
    ),
    path("business/<int:business_pk>/", more_views.business_page, name="business"),
    path("business/<int:business_pk>/consent/", more_views.consent, name="consent"),
    path("business/<int:business_pk>/prakerja/", more_views.prakerja, name="prakerja"),
    # Mentoring.
    path("mentoring/", mentoring_views.index, name="mentoring"),
    path("mentoring/<int:pk>/", mentoring_views.mentee, name="mentee"),
    path("mentoring/problems/<int:pk>/", mentoring_views.problem, name="problem"),
]
