from django.urls import path

from sinergi.memberships import views

app_name = "memberships"

urlpatterns = [
    path("", views.index, name="index"),
    path("program/<int:pk>/", views.program, name="program"),
    path("program/<int:pk>/renew/", views.renew, name="renew"),
    path("program/<int:pk>/fee/", views.set_fee, name="set_fee"),
    path("enrol/<int:business_pk>/", views.enrol, name="enrol"),
    path("<int:pk>/pay/", views.pay, name="pay"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
]
