from django.urls import path

from sinergi.loans import views

app_name = "loans"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("apply/<int:business_pk>/", views.apply, name="apply"),
    path("<int:pk>/", views.agreement, name="agreement"),
    path("<int:pk>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path(
        "<int:pk>/<str:verb>/",
        views.act,
        name="act",
    ),
    path("bank/", views.bank_upload, name="bank_upload"),
    path("bank/<int:pk>/", views.bank_statement, name="bank_statement"),
    path("bank/rows/<int:pk>/match/", views.bank_match, name="bank_match"),
]
