"""Staff catalog pages (/catalog/...): products, storefront consent, campaigns."""

from django.urls import path

from sinergi.catalog import campaign_views, market_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.product_list, name="products"),
    path("business/<int:business_pk>/", views.business_products, name="business"),
    path("business/<int:business_pk>/storefront/", views.storefront, name="storefront"),
    path("business/<int:business_pk>/new/", views.product_create, name="product_create"),
    path("<int:pk>/", views.product_edit, name="product_edit"),
    path("<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/selection/", campaign_views.selection, name="campaign_selection"),
    path("campaigns/<int:pk>/purchase/", campaign_views.purchase, name="purchase"),
    path("funnel/", market_views.funnel, name="funnel"),
    path("funnel/target/", market_views.funnel_target, name="funnel_target"),
    path("business/<int:business_pk>/first-sale/", market_views.first_sale, name="first_sale"),
    path("demand/", market_views.demand, name="demand"),
]
