"""Writes to the catalog. Views (and anything else) call these verbs; each checks the
actor against the object through the role table and the registry's scope, changes the
data and writes the audit event in the same transaction.

Invariants: a product, photo, certification or link is changed only by an actor who may
edit the product's business (`Permissions.edit_products` and the business inside
`Business.objects.visible_to(actor)`); every change leaves one audit event with the old
and new values; a storefront's consent records who recorded it and when.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed
from sinergi.audit.actions import diff, record
from sinergi.audit.events import PhotoAdded, ProductListsChanged
from sinergi.audit.models import Action
from sinergi.catalog.models import BuyLink, Certification, Photo, Product, Storefront
from sinergi.catalog.photos import CleanPhoto
from sinergi.registry.actions import snapshot
from sinergi.registry.models import Business

PRODUCT_FIELDS = (
    "name",
    "description",
    "price_min",
    "price_max",
    "unit",
    "sector",
    "availability",
    "published",
)
STOREFRONT_FIELDS = ("published", "tagline", "show_address", "shop_phone")


def _catalog_changed() -> None:
    """The public catalog's cached region list may have gained or lost a regency."""
    # Now (this request reads its own writes) and after commit (a request that recomputed
    # the list meanwhile saw the old rows).
    cache.delete("catalog:regions")
    transaction.on_commit(lambda: cache.delete("catalog:regions"))


def _lock_listing(business: Business) -> None:
    """Lock the business and its storefront before a product row is written.

    On PostgreSQL the product's `listed` trigger reads both rows FOR SHARE, and a change
    of consent or status rewrites the business's products: taking the two rows first, in
    the same order as those changes do, makes a product edit and a concurrent withdrawal
    of consent wait for each other instead of deadlocking (migration 0004)."""
    list(Business.objects.select_for_update(no_key=True).filter(pk=business.pk).values("pk"))
    list(Storefront.objects.select_for_update(no_key=True).filter(business=business).values("pk"))


def may_edit_business(actor: Any, business: Business) -> bool:
    """THE catalog write rule: the role may edit products, and the business is in reach."""
    return (
        permissions_for(actor).edit_products
        and Business.objects.visible_to(actor).filter(pk=business.pk).exists()
    )


def require_edit(actor: Any, business: Business) -> None:
    if not may_edit_business(actor, business):
        raise NotAllowed("edit_products")


def _lists(product: Product) -> ProductListsChanged:
    return ProductListsChanged(
        certifications=[
            f"{c.kind}:{c.number}:{c.expires_on or ''}" for c in product.certifications.all()
        ],
        links=[f"{link.kind}:{link.url}" for link in product.links.all()],
    )


@transaction.atomic
def save_product(
    actor: Any,
    business: Business,
    product: Product | None,
    data: dict[str, Any],
    *,
    certifications: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
    request: HttpRequest | None = None,
) -> Product:
    """Create (`product` None) or change a product; `certifications`/`links`, when given,
    replace the product's lists."""
    require_edit(actor, business)
    if product is not None and product.business_id != business.pk:
        raise NotAllowed("edit_products")
    creating = product is None
    _lock_listing(business)
    before = {} if creating else snapshot(Product.objects.get(pk=product.pk))
    item = product or Product(business=business)
    for key in PRODUCT_FIELDS:
        if key in data:
            setattr(item, key, data[key])
    if item.price_min is not None and item.price_max is None:
        item.price_max = item.price_min
    item.business = business
    item.save()
    changes = diff(before, snapshot(item))
    changes.pop("search_text", None)
    lists_before = None if creating else _lists(item)
    if certifications is not None:
        item.certifications.all().delete()
        Certification.objects.bulk_create(Certification(product=item, **c) for c in certifications)
    if links is not None:
        item.links.all().delete()
        BuyLink.objects.bulk_create(BuyLink(product=item, **link) for link in links)
    lists_after = _lists(item)
    event = lists_after if lists_after != lists_before else None
    if changes or event:
        action = Action.CREATE if creating else Action.UPDATE
        record(actor, action, item, changes=changes, event=event, request=request)
    _catalog_changed()
    return item


@transaction.atomic
def delete_product(actor: Any, product: Product, *, request: HttpRequest | None = None) -> None:
    require_edit(actor, product.business)
    record(actor, Action.DEACTIVATE, product, changes=diff(snapshot(product), {}), request=request)
    product.delete()
    _catalog_changed()


@transaction.atomic
def add_photo(
    actor: Any, product: Product, photo: CleanPhoto, *, request: HttpRequest | None = None
) -> Photo:
    require_edit(actor, product.business)
    _lock_listing(product.business)
    if product.photos.count() >= Photo.MAX_PER_PRODUCT:
        raise ValueError("too many photos")
    position = (product.photos.aggregate(m=Max("position"))["m"] or 0) + 1
    stored = Photo.objects.create(
        product=product,
        image=photo.image,
        thumb=photo.thumb,
        width=photo.width,
        height=photo.height,
        position=position,
    )
    record(
        actor,
        Action.UPDATE,
        product,
        request=request,
        event=PhotoAdded(photo=stored.pk, width=stored.width, height=stored.height),
    )
    Product.objects.filter(pk=product.pk).update(updated_at=timezone.now())
    return stored


@transaction.atomic
def remove_photo(actor: Any, photo: Photo, *, request: HttpRequest | None = None) -> None:
    product = photo.product
    require_edit(actor, product.business)
    record(actor, Action.UPDATE, product, changes={"photo": (photo.pk, None)}, request=request)
    photo.delete()


@transaction.atomic
def save_storefront(
    actor: Any, business: Business, data: dict[str, Any], *, request: HttpRequest | None = None
) -> Storefront:
    """The owner's consent and what the public profile shows. An officer or assistant may
    record it for the owner (consent given on paper); the event names who did."""
    require_edit(actor, business)
    front, created = Storefront.objects.get_or_create(business=business)
    before = {} if created else snapshot(front)
    for key in STOREFRONT_FIELDS:
        if key in data:
            setattr(front, key, data[key])
    if before.get("published") != front.published:
        front.consent_recorded_by = actor
        front.consent_recorded_at = timezone.now()
    front.save()
    changes = {k: v for k, v in diff(before, snapshot(front)).items() if k in STOREFRONT_FIELDS}
    if changes:
        record(actor, Action.UPDATE, front, changes=changes, request=request)
    _catalog_changed()
    return front
