"""Registry models: Sector (KBLI), Person (owner), Business.

Invariants:
- `Business.province_code/regency_code/district_code/village_code` are derived from
  `village` in `refresh_derived()` (called by `save()` and by bulk loaders), so a region
  scope is always one equality filter on an indexed column.
- `Business.size_class` is derived from capital and yearly sales (PP 7/2021).
- `Person.nik` is 16 digits when set (validated with the linkage engine's `parse_nik`);
  `sex` and `birth_date` are derived from it, never typed.
- `Person.phone` is E.164 (+62...).
- Later apps point at Business (intake source records, programs) with their own FKs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.registry.querysets import BusinessQuerySet, PersonQuerySet
from sinergi.registry.size_class import size_class

nib_validator = RegexValidator(r"^\d{13}$", _("NIB must be exactly 13 digits."))


class Sector(models.Model):
    """A KBLI five-digit code (kelompok); the edition is kept with the code."""

    code = models.CharField(_("KBLI code"), max_length=5, primary_key=True)
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=1, db_index=True)
    edition = models.CharField(_("edition"), max_length=4, default="2020")

    class Meta:
        verbose_name = _("sector (KBLI)")
        verbose_name_plural = _("sectors (KBLI)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The login of this person, when they manage their own business."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Micro")
    KECIL = "kecil", _("Small")
    MENENGAH = "menengah", _("Medium")
    BESAR = "besar", _("Large")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Origin(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")
    DEMO = "demo", _("Demo data")


class Business(models.Model):
    name = models.CharField(_("business name"), max_length=200, db_index=True)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("owner")
    )
    address = models.CharField(_("street address"), max_length=255, blank=True)
    rt_rw = models.CharField(_("RT/RW"), max_length=15, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A postcode has 5 digits."))],
    )
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village (desa/kelurahan)"),
    )
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    regency_code = models.CharField(max_length=4, blank=True, db_index=True)
    district_code = models.CharField(max_length=6, blank=True, db_index=True)
    village_code = models.CharField(max_length=10, blank=True, db_index=True)
    # The business's point (WGS84 degrees) when a source file gave one (lat/lng columns);
    # read by the linkage engine's normalize/geo.py, so always inside Indonesia.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-11.0), MaxValueValidator(6.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(95.0), MaxValueValidator(141.0)],
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector (KBLI 2020)"),
    )
    kbli_edition = models.CharField(max_length=4, default="2020")
    capital = models.BigIntegerField(
        _("capital (Rp, excluding land and buildings)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    yearly_sales = models.BigIntegerField(
        _("yearly sales (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    nib = models.CharField(
        _("NIB"), max_length=13, blank=True, db_index=True, validators=[nib_validator]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    monthly_revenue = models.BigIntegerField(
        _("monthly revenue (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    covid_affected = models.BooleanField(_("affected by Covid-19"), null=True, blank=True)
    covid_revenue_drop_pct = models.PositiveSmallIntegerField(
        _("revenue drop (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    covid_workers_laid_off = models.PositiveIntegerField(
        _("workers laid off"), null=True, blank=True
    )
    marketplace_url = models.URLField(_("marketplace link"), blank=True)
    social_url = models.URLField(_("social media link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["regency_code", "status", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        """Recompute region codes and size class from their sources (see module doc)."""
        # Without a village (e.g. an import that only names the regency) the codes the
        # loader stored stay as they are.
        if self.village_id:
            code = self.village_id
            self.village_code = code
            self.district_code = code[:6]
            self.regency_code = code[:4]
            self.province_code = code[:2]
        self.size_class = size_class(self.capital, self.yearly_sales) or ""

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE
