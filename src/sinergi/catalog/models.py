"""Catalog models: products of registry businesses, their public storefront, campaigns.

Invariants:
- A product belongs to exactly one `registry.Business`; who may see or change it is the
  business's question (`Business.objects.visible_to`), never the product's own.
- `Product.price_min <= Product.price_max`, both whole rupiah (`prices.parse_price`).
- `Product.search_text` is the lower-cased text the public search matches (product name,
  description, business name, KBLI title); `save()` refreshes it. On PostgreSQL it carries
  a full-text GIN index and a trigram GIN index (migration 0002, PostgreSQL only).
- Public pages show a business only when its `Storefront.published` is True (the owner's
  consent), and a product only when it is also `published`; the storefront says which
  optional fields (address, shop phone) the owner agreed to publish. NIK and the owner's
  personal phone are not fields of the storefront: a public page cannot reach them.
- `Photo.image` and `Photo.thumb` are JPEG bytes produced by `photos.clean_photo`: EXIF
  orientation applied, then every metadata block (EXIF with GPS, XMP, ICC, comments)
  dropped. The upload as sent is never stored.
- A campaign purchase counts towards the fairness caps only when `status` is `reported`
  or `pledged` (a refused one is kept, with its reason, but counts for nothing).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.catalog.querysets import ProductQuerySet, StorefrontQuerySet


class Storefront(models.Model):
    """A business's public profile and the owner's consent to publish it."""

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, related_name="storefront"
    )
    published = models.BooleanField(
        _("publish in the public catalog"),
        default=False,
        help_text=_(
            "The owner agrees that the business and its published products appear "
            "in the public catalog."
        ),
    )
    tagline = models.CharField(_("short description"), max_length=200, blank=True)
    show_address = models.BooleanField(_("publish the street address"), default=False)
    shop_phone = models.CharField(
        _("shop contact number"),
        max_length=20,
        blank=True,
        help_text=_(
            "A number for buyers. Leave empty to publish no number: the owner's "
            "personal phone is never shown."
        ),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StorefrontQuerySet.as_manager()

    class Meta:
        verbose_name = _("storefront")

    def __str__(self) -> str:
        return str(self.business)


class Availability(models.TextChoices):
    READY = "ready", _("Ready stock")
    PREORDER = "preorder", _("Pre-order")
    SEASONAL = "seasonal", _("Seasonal")
    UNAVAILABLE = "unavailable", _("Not available now")


class Product(models.Model):
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    price_min = models.BigIntegerField(
        _("price (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    price_max = models.BigIntegerField(
        _("highest price (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    sector = models.ForeignKey(
        "registry.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category (KBLI 2020)"),
    )
    kbli_edition = models.CharField(max_length=4, default="2020")
    # Copied from the business at save: public filters by region and KBLI section are one
    # indexed equality each, without a join to the registry on a million products.
    regency_code = models.CharField(max_length=4, blank=True, db_index=True)
    category = models.CharField(max_length=1, blank=True, db_index=True)
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.READY
    )
    published = models.BooleanField(_("show in the public catalog"), default=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_max__gte=models.F("price_min")),
                name="catalog_product_price_range",
            )
        ]
        indexes = [models.Index(fields=["published", "-updated_at"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        business = self.business
        self.regency_code = business.regency_code
        sector = self.sector
        self.category = sector.category if sector else ""
        parts = [self.name, self.description, business.name, sector.title if sector else ""]
        self.search_text = " ".join(p for p in parts if p).lower()


class Photo(models.Model):
    """A cleaned product photo. Stored in the database: one backup holds it, it is written
    in the same transaction as its product, and it is served through a view that applies
    the same publication rule as the product page."""

    MAX_PER_PRODUCT = 4

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField()
    thumb = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"photo {self.pk} of product {self.product_id}"


class CertificationKind(models.TextChoices):
    HALAL = "halal", _("Halal")
    PIRT = "pirt", _("PIRT (home industry food)")
    BPOM = "bpom", _("BPOM")
    SNI = "sni", _("SNI")


class Certification(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certificate"), max_length=8, choices=CertificationKind.choices)
    number = models.CharField(_("number"), max_length=60)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today


class ChannelKind(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    MARKETPLACE = "marketplace", _("Marketplace")
    SOCIAL = "social", _("Social media")
    FOOD_DELIVERY = "food_delivery", _("Food delivery app")
    PLUT = "plut", _("PLUT gallery")
    WEBSITE = "website", _("Website")


class BuyLink(models.Model):
    """Where to buy a product. A WhatsApp link holds the shop's number (given for buyers)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    url = models.URLField(_("link"), max_length=300)
    label = models.CharField(_("label"), max_length=80, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.url}"

    @property
    def is_online(self) -> bool:
        return self.kind != ChannelKind.PLUT


class ProductView(models.Model):
    """Public page views per product per day: one row, counted up (the demand signal)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "day"], name="catalog_view_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}: {self.views}"


# --------------------------------------------------------------------------- campaigns


class CampaignKind(models.TextChoices):
    BUY_LOCAL_DAY = "buy_local_day", _("Buy-local day (Jumat Beli Lokal)")
    PURCHASE_DAY = "purchase_day", _("Civil-servant purchase day")
    MONTHLY_MINIMUM = "monthly_minimum", _("Monthly minimum by rank")


class Campaign(models.Model):
    """A buy-local campaign of one organisation, for businesses inside `region`.

    Fairness rules (each optional, checked by `campaigns.record_purchase`):
    `max_purchases_per_business` purchases per business per `period_days`, and
    `max_business_share_pct`: no business may take more than this share of the
    campaign's recorded spending (checked once the campaign has more than
    `share_floor_idr` of spending, so the first purchase is not refused for being 100 %).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    name = models.CharField(_("campaign name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    max_purchases_per_business = models.PositiveIntegerField(
        _("purchases per business per period (0 = no limit)"), default=0
    )
    period_days = models.PositiveIntegerField(_("period (days)"), default=7)
    max_business_share_pct = models.PositiveSmallIntegerField(
        _("largest share of spending for one business (%, 0 = no cap)"), default=0
    )
    share_floor_idr = models.BigIntegerField(
        _("share cap applies from (Rp spent)"), default=1_000_000
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignEntry(models.Model):
    """A business curated into a campaign (its published products are the selection)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "business"], name="catalog_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.business_id}"


class PurchaseStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    REPORTED = "reported", _("Reported")


class Purchase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="purchases")
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PurchaseStatus.choices)
    amount_idr = models.BigIntegerField(_("amount (Rp)"), validators=[MinValueValidator(1)])
    on = models.DateField(_("date"))
    receipt = models.BinaryField(null=True, blank=True)
    regency_code = models.CharField(max_length=4, blank=True, db_index=True)
    category = models.CharField(max_length=1, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["campaign", "business", "on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} Rp{self.amount_idr} ({self.business_id})"


# ----------------------------------------------------------------- go-online funnel


class FunnelTarget(models.Model):
    """How many businesses of `region` an office aims to have online in `year`."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    online_target = models.PositiveIntegerField(_("target: businesses online"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="catalog_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.online_target}"


class FirstOnlineSale(models.Model):
    """The go-online funnel's last stage: the business reported its first online sale."""

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, related_name="first_online_sale"
    )
    on = models.DateField(_("date of the first online sale"))
    channel = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.business_id} {self.on}"


class CatalogVersion(models.Model):
    """One row whose `number` changes with everything the public catalog shows.

    Database triggers (migration 0004) add one to it, in the writing transaction, on every
    insert, update or delete of products, storefronts (the owner's consent), photos,
    certificates, buy links, campaigns and campaign entries, and on a change of a
    business's name, status or regency: the public pages' shared cache is keyed by it, so
    a withdrawn consent is never served from the cache once its transaction commits.
    Read it with `catalog_version()`; never written by Python code.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)
