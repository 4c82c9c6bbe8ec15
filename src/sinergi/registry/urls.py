from django.urls import path

from sinergi.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.business_list, name="list"),
    path("new/", views.business_create, name="create"),
    path("regions/", views.region_options, name="region_options"),
    path("kbli.json", views.kbli_list, name="kbli"),
    path("<int:pk>/", views.business_detail, name="detail"),
    # The business page's panels, each loaded when opened (and a page of its own)
    path("<int:pk>/sources/", views.business_panel, {"panel": "sources"}, name="sources"),
    path("<int:pk>/merges/", views.business_panel, {"panel": "merges"}, name="merges"),
    path("<int:pk>/programs/", views.business_panel, {"panel": "programs"}, name="programs"),
    path("<int:pk>/loans/", views.business_panel, {"panel": "loans"}, name="loans"),
    path("<int:pk>/history/", views.business_panel, {"panel": "history"}, name="history"),
    path("<int:pk>/edit/", views.business_edit, name="edit"),
    path("<int:pk>/deactivate/", views.business_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.business_reactivate, name="reactivate"),
    path("<int:pk>/reveal/<str:field>/", views.reveal, name="reveal"),
]
