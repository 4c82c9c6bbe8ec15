"""Catalog forms. Prices go through `prices.parse_price`, KBLI codes through the registry's
KBLI table (loaded by `registry.kbli.load_kbli`), shop phones through the linkage
engine's `normalize_phones` — the same rules as everywhere else in Sinergi."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from sinergi.catalog.models import (
    BuyLink,
    Campaign,
    Certification,
    ChannelKind,
    Product,
    Storefront,
)
from sinergi.catalog.photos import MAX_BYTES
from sinergi.catalog.prices import PriceError, format_price, parse_price
from sinergi.registry.kbli import CATEGORIES
from sinergi.registry.models import Sector


class ProductForm(forms.ModelForm):
    price = forms.CharField(
        label=_("Price"),
        required=False,
        max_length=60,
        help_text=_("In rupiah: 15.000, 15rb, or a range such as 15.000 - 25.000."),
    )
    kbli = forms.CharField(
        label=_("Category (KBLI 2020 code)"),
        required=False,
        max_length=5,
        help_text=_("Five digits, e.g. 10794 for snack foods. Empty: the business's sector."),
    )

    class Meta:
        model = Product
        fields = ["name", "description", "unit", "availability", "published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, business: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        item = self.instance
        if item.pk:
            self.fields["price"].initial = format_price(item.price_min, item.price_max)
            self.fields["kbli"].initial = item.sector_id or ""
        elif business is not None:
            self.fields["kbli"].initial = business.sector_id or ""

    def clean_price(self) -> tuple[int | None, int | None]:
        text = self.cleaned_data.get("price", "").strip()
        if not text:
            return (None, None)
        try:
            return parse_price(text)
        except PriceError:
            raise forms.ValidationError(
                _("“%(text)s” is not a rupiah price. Write e.g. 15.000 or 15.000 - 25.000."),
                params={"text": text},
                code="price",
            ) from None

    def clean_kbli(self) -> Sector | None:
        code = self.cleaned_data.get("kbli", "").strip()
        if not code:
            return None
        sector = Sector.objects.filter(code=code).first()
        if sector is None:
            raise forms.ValidationError(
                _("%(code)s is not a KBLI 2020 code (five digits)."), params={"code": code}
            )
        return sector

    def product_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["price_min"], data["price_max"] = self.cleaned_data["price"]
        data["sector"] = self.cleaned_data["kbli"] or (
            self.business.sector if self.business is not None else None
        )
        return data


CertificationFormSet = inlineformset_factory(
    Product,
    Certification,
    fields=["kind", "number", "expires_on"],
    extra=1,
    can_delete=True,
    widgets={"expires_on": forms.DateInput(attrs={"type": "date"})},
)


class LinkForm(forms.ModelForm):
    url = forms.URLField(label=_("link"), max_length=300, assume_scheme="https")

    class Meta:
        model = BuyLink
        fields = ["kind", "url", "label"]


LinkFormSet = inlineformset_factory(
    Product, BuyLink, form=LinkForm, fields=["kind", "url", "label"], extra=1, can_delete=True
)


def formset_rows(formset: Any) -> list[dict[str, Any]]:
    """The rows a valid formset keeps (deleted and empty extra rows left out)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k not in {"DELETE", "id", "product"}})
    return rows


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP up to %(mb)d MB. Location and camera data are removed.")
        % {"mb": MAX_BYTES // 1024 // 1024},
    )


class StorefrontForm(forms.ModelForm):
    class Meta:
        model = Storefront
        fields = ["published", "tagline", "show_address", "shop_phone"]

    def clean_shop_phone(self) -> str:
        from sinergi.linkage import normalize_phones

        text = self.cleaned_data.get("shop_phone", "").strip()
        if not text:
            return ""
        phones = normalize_phones(text)
        if len(phones) != 1:
            raise forms.ValidationError(
                _("Enter one Indonesian phone number, e.g. 0812-3456-7890.")
            )
        return phones[0]


class CatalogFilterForm(forms.Form):
    """The public catalog's filters; invalid values are simply not applied."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    certification = forms.ChoiceField(label=_("Certificate"), required=False)
    campaign = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, regions: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        from sinergi.catalog.models import CertificationKind

        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["region"].choices = every + list(regions)
        self.fields["category"].choices = every + [
            (letter, f"{letter} — {title}") for letter, title in CATEGORIES.items()
        ]
        self.fields["certification"].choices = every + list(CertificationKind.choices)


class CampaignForm(forms.ModelForm):
    region_code = forms.CharField(label=_("Region code (Kemendagri)"), max_length=13)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "max_purchases_per_business",
            "period_days",
            "max_business_share_pct",
            "share_floor_idr",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        return data


class PurchaseForm(forms.Form):
    business = forms.IntegerField(widget=forms.HiddenInput)
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amount = forms.CharField(label=_("Amount (Rp)"), max_length=30)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    pledge = forms.BooleanField(label=_("Only a pledge (not bought yet)"), required=False)
    receipt = forms.FileField(label=_("Receipt photo"), required=False)

    def clean_amount(self) -> int:
        from sinergi.catalog.prices import parse_amount

        text = self.cleaned_data["amount"]
        try:
            amount = parse_amount(text)
        except PriceError:
            raise forms.ValidationError(
                _("“%(text)s” is not a rupiah amount."), params={"text": text}
            ) from None
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("pledge") and not data.get("receipt"):
            self.add_error("receipt", _("A reported purchase needs a photo of the receipt."))
        return data


CHANNELS = ChannelKind
