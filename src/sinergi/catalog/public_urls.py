"""The public catalog (no login): /katalog/..."""

from django.urls import path

from sinergi.catalog import public_views as views

app_name = "katalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("flyer.pdf", views.flyer, name="flyer"),
    path("usaha/<int:pk>/", views.business, name="business"),
    path("usaha/<int:pk>/flyer.pdf", views.business_flyer, name="business_flyer"),
    path("produk/<int:pk>/", views.product, name="product"),
    path("foto/<int:pk>/<str:size>.jpg", views.photo, name="photo"),
]
