"""Staff catalog pages (owners, officers, field assistants): plain functions — parse,
authorise, call a verb, render.

Every page starts from `Business.objects.visible_to(user)` or
`Product.objects.visible_to(user)`: a business or product outside the user's reach is a
404, like one that does not exist. Writes go through `catalog.actions`, which check again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.catalog import actions
from sinergi.catalog.forms import (
    CertificationFormSet,
    LinkFormSet,
    PhotoForm,
    ProductForm,
    StorefrontForm,
    formset_rows,
)
from sinergi.catalog.models import ChannelKind, Photo, Product, Storefront
from sinergi.catalog.photos import PhotoError, check_size, clean_photo
from sinergi.registry.models import Business

PAGE_SIZE = 25


def _business(request: HttpRequest, pk: int) -> Business:
    if not permissions_for(request.user).view_registry:
        raise PermissionDenied
    return get_object_or_404(Business.objects.visible_to(request.user), pk=pk)


def _product(request: HttpRequest, pk: int) -> Product:
    if not permissions_for(request.user).view_registry:
        raise PermissionDenied
    return get_object_or_404(
        Product.objects.visible_to(request.user).select_related("business", "sector"), pk=pk
    )


def _editable(request: HttpRequest, business: Business) -> None:
    if not actions.may_edit_business(request.user, business):
        raise PermissionDenied


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    """Products of the businesses the user reaches (an owner: their own)."""
    perms = permissions_for(request.user)
    if not perms.view_registry:
        raise PermissionDenied
    qs = Product.objects.visible_to(request.user).select_related("business", "sector")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.search(q)
    page = Paginator(qs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    own = []
    if perms.is_owner:
        own = list(Business.objects.visible_to(request.user).order_by("name"))
    return render(
        request, "catalog/products.html", {"page": page, "q": q, "own": own, "perms": perms}
    )


@login_required
@require_GET
def business_products(request: HttpRequest, business_pk: int) -> HttpResponse:
    business = _business(request, business_pk)
    front = Storefront.objects.filter(business=business).first()
    return render(
        request,
        "catalog/business.html",
        {
            "business": business,
            "products": business.products.select_related("sector").prefetch_related(
                "photos", "certifications"
            ),
            "front_form": StorefrontForm(instance=front),
            "front": front,
            "may_edit": actions.may_edit_business(request.user, business),
            "channels": ChannelKind.choices,
        },
    )


@login_required
@require_POST
def storefront(request: HttpRequest, business_pk: int) -> HttpResponse:
    business = _business(request, business_pk)
    _editable(request, business)
    front = Storefront.objects.filter(business=business).first()
    form = StorefrontForm(request.POST, instance=front or Storefront(business=business))
    if form.is_valid():
        actions.save_storefront(
            request.user,
            business,
            {k: form.cleaned_data[k] for k in form.Meta.fields},
            request=request,
        )
        messages.success(request, _("Public profile saved."))
        return redirect("catalog:business", business_pk=business.pk)
    return render(
        request,
        "catalog/business.html",
        {"business": business, "products": business.products.all(), "front_form": form,
         "front": front, "may_edit": True, "channels": ChannelKind.choices},
        status=400,
    )  # fmt: skip


def _product_form(
    request: HttpRequest, business: Business, product: Product | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    instance = product or Product(business=business)
    form = ProductForm(data, instance=instance, business=business, prefix="p")
    certs = CertificationFormSet(data, instance=instance, prefix="cert")
    links = LinkFormSet(data, instance=instance, prefix="link")
    if request.method == "POST" and form.is_valid() & certs.is_valid() & links.is_valid():
        item = actions.save_product(
            request.user,
            business,
            product,
            form.product_data(),
            certifications=formset_rows(certs),
            links=formset_rows(links),
            request=request,
        )
        messages.success(request, _("Product “%(name)s” saved.") % {"name": item.name})
        return redirect("catalog:product_edit", pk=item.pk)
    return render(
        request,
        "catalog/product_form.html",
        {
            "business": business,
            "product": product,
            "form": form,
            "certs": certs,
            "links": links,
            "photo_form": PhotoForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, business_pk: int) -> HttpResponse:
    business = _business(request, business_pk)
    _editable(request, business)
    return _product_form(request, business, None)


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    _editable(request, product.business)
    return _product_form(request, product.business, product)


@login_required
@require_POST
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    _editable(request, product.business)
    business_pk = product.business_id
    actions.delete_product(request.user, product, request=request)
    messages.success(request, _("Product deleted."))
    return redirect("catalog:business", business_pk=business_pk)


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    _editable(request, product.business)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to upload."))
        return redirect("catalog:product_edit", pk=product.pk)
    upload = form.cleaned_data["photo"]
    if product.photos.count() >= Photo.MAX_PER_PRODUCT:
        messages.error(
            request,
            _("A product has at most %(n)d photos; remove one first.")
            % {"n": Photo.MAX_PER_PRODUCT},
        )
        return redirect("catalog:product_edit", pk=product.pk)
    try:
        check_size(upload.name, upload.size)  # before reading a large file into memory
        clean = clean_photo(upload.name, upload.read())
    except PhotoError as error:
        messages.error(request, error.message)
        return redirect("catalog:product_edit", pk=product.pk)
    actions.add_photo(request.user, product, clean, request=request)
    messages.success(request, _("Photo added. Location and camera data were removed."))
    return redirect("catalog:product_edit", pk=product.pk)


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions_for(request.user).view_registry:
        raise PermissionDenied
    photo = get_object_or_404(
        Photo.objects.filter(product__in=Product.objects.visible_to(request.user)).select_related(
            "product__business"
        ),
        pk=pk,
    )
    _editable(request, photo.product.business)
    actions.remove_photo(request.user, photo, request=request)
    messages.success(request, _("Photo removed."))
    return redirect("catalog:product_edit", pk=photo.product_id)
