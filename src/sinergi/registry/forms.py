"""Forms for the registry. Identifier rules come from the linkage engine's normalisers
(`parse_nik`, `normalize_phones`), so the web form and file imports never disagree.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.scope import code_in
from sinergi.regions.models import Region, regencies_by_name
from sinergi.registry.kbli import CATEGORIES
from sinergi.registry.models import Business, Person, SizeClass


class RupiahField(forms.IntegerField):
    """Accepts "1250000", "1.250.000" and "Rp1.250.000"; refuses decimals."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole rupiah, e.g. 1.250.000."),
    }

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            text = re.sub(r"(?i)^\s*rp\.?\s*", "", value).replace(" ", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


def _nik_message(info: Any) -> str:
    language = translation.get_language() or "id"
    text = info.message_en if language.startswith("en") else info.message_id
    return text or str(_("NIK is not valid."))


class OwnerForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "nik", "phone", "email"]
        help_texts = {
            "nik": _("16 digits from the KTP. Sex and birth date are read from it."),
            "phone": _("Mobile or landline, e.g. 0812-3456-7890."),
        }
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def clean_nik(self) -> str:
        value = (self.cleaned_data.get("nik") or "").strip()
        if not value:
            return ""
        from sinergi.linkage import parse_nik

        info = parse_nik(value)
        if info.status != "valid":
            raise forms.ValidationError(_nik_message(info), code=info.problem_code or "invalid")
        self._nik_info = info
        return info.full

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        from sinergi.linkage import normalize_phones

        phones = normalize_phones(value)
        if not phones:
            raise forms.ValidationError(
                _("This is not a valid Indonesian phone number, e.g. 0812-3456-7890."),
                code="invalid",
            )
        if len(phones) > 1:
            raise forms.ValidationError(_("Enter one phone number only."), code="several")
        return phones[0]

    def owner_data(self) -> dict[str, Any]:
        """Cleaned values plus the sex and birth date derived from the NIK."""
        data = {key: self.cleaned_data[key] for key in self.Meta.fields}
        info = getattr(self, "_nik_info", None)
        data["sex"] = info.sex if info else ""
        data["birth_date"] = info.birth_date if info else None
        return data


class KbliInput(forms.TextInput):
    """The sector as its 5-digit KBLI code, searched on the phone (static/sinergi/app.js).

    A <select> of all 1,790 codes weighed ~144 KB per form; this input carries none of
    them. app.js fetches the list (`registry:kbli`, kept offline by the service worker)
    the first time the field is used and offers the matching codes in a <datalist>.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "search",
            "autocomplete": "off",
            "size": "8",
        }
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-list"
        attrs.update({"list": list_id, "data-kbli": reverse("registry:kbli")})
        return super().get_context(name, value, attrs)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        from django.utils.html import format_html

        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or name}-list"
        return format_html(
            '{}<datalist id="{}"></datalist><small class="help kbli-title" data-for="{}"></small>',
            html,
            list_id,
            list_id,
        )


class BusinessForm(forms.ModelForm):
    regency = forms.ChoiceField(label=_("Regency/city"))
    district = forms.ChoiceField(label=_("District (kecamatan)"))
    village = forms.ChoiceField(label=_("Village (desa/kelurahan)"))
    capital = RupiahField(label=_("Capital (Rp, excluding land and buildings)"), required=False)
    yearly_sales = RupiahField(label=_("Yearly sales (Rp)"), required=False)
    monthly_revenue = RupiahField(label=_("Monthly revenue (Rp)"), required=False)
    marketplace_url = forms.URLField(
        label=_("Marketplace link"), required=False, assume_scheme="https", max_length=200
    )
    social_url = forms.URLField(
        label=_("Social media link"), required=False, assume_scheme="https", max_length=200
    )
    covid_affected = forms.NullBooleanField(
        label=_("Affected by Covid-19"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = Business
        fields = [
            "name",
            "address",
            "rt_rw",
            "postcode",
            "sector",
            "nib",
            "founded_year",
            "workers",
            "capital",
            "yearly_sales",
            "monthly_revenue",
            "covid_affected",
            "covid_revenue_drop_pct",
            "covid_workers_laid_off",
            "marketplace_url",
            "social_url",
        ]
        widgets = {"nib": forms.TextInput(attrs={"inputmode": "numeric"}), "sector": KbliInput()}
        help_texts = {
            "nib": _("13 digits from OSS."),
            "sector": _("The 5-digit KBLI 2020 code; type a word of the activity to search."),
        }
        error_messages = {
            "sector": {
                "invalid_choice": _(
                    "Unknown KBLI 2020 code: type its 5 digits or a word and pick from the list."
                )
            }
        }

    field_order = ["name", "regency", "district", "village", "address", "rt_rw", "postcode"]

    def __init__(self, *args: Any, scope: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        instance = self.instance
        if instance.pk and instance.village_id and not self.is_bound:
            self.initial.update(
                regency=instance.village_id[:4],
                district=instance.village_id[:6],
                village=instance.village_id,
            )
        regency = self._value("regency")
        district = self._value("district")
        empty = [("", "—")]
        self.fields["regency"].choices = empty + regencies_for_scope(scope)
        self.fields["district"].choices = empty + [
            (r.code, r.name) for r in Region.objects.children_of(regency) if regency
        ]
        self.fields["village"].choices = empty + [
            (r.code, r.name) for r in Region.objects.children_of(district) if district
        ]

    def _value(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "") or ""
        return str(self.initial.get(name) or "")

    def clean_nib(self) -> str:
        value = re.sub(r"[\s.\-]", "", self.cleaned_data.get("nib") or "")
        if value and not re.fullmatch(r"\d{13}", value):
            raise forms.ValidationError(_("NIB must be exactly 13 digits."), code="nib")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code = cleaned.get("village") or ""
        if code:
            if not code.startswith(cleaned.get("district") or "-"):
                self.add_error("village", _("This village is not in the chosen district."))
            elif not code_in(code, self.scope):
                self.add_error("village", _("This village is outside your region."))
            else:
                cleaned["village_region"] = Region.objects.filter(code=code).first()
        return cleaned

    def business_data(self) -> dict[str, Any]:
        data = {key: self.cleaned_data.get(key) for key in self.Meta.fields}
        for key in ("address", "rt_rw", "postcode", "nib", "marketplace_url", "social_url"):
            data[key] = data[key] or ""
        data["village"] = self.cleaned_data.get("village_region")
        return data


def regencies_for_scope(scope: str) -> list[tuple[str, str]]:
    """(code, name) of the regencies a user may pick, by name: inside their scope, or
    the one containing it (`code_in`, on the process's list of every regency)."""
    return [
        (code, name)
        for code, name in regencies_by_name()
        if not scope or code_in(code, scope) or code == scope[:4]
    ]


class FilterForm(forms.Form):
    SORTS = [
        ("name", _("Name A–Z")),
        ("-updated", _("Recently changed")),
        ("regency", _("Regency/city")),
        ("size", _("Size class")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    category = forms.ChoiceField(label=_("Sector"), required=False)
    size = forms.ChoiceField(label=_("Size class"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def __init__(self, *args: Any, scope: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["regency"].choices = every + regencies_for_scope(scope)
        regency = (self.data.get("regency") or "") if self.is_bound else ""
        self.fields["district"].choices = every + [
            (r.code, r.name)
            for r in (Region.objects.children_of(regency) if regency else ())
            if code_in(r.code, scope) or code_in(scope, r.code)
        ]
        self.fields["category"].choices = every + [
            (letter, f"{letter} — {title}") for letter, title in CATEGORIES.items()
        ]
        self.fields["size"].choices = every + list(SizeClass.choices)
        self.fields["status"].choices = [
            ("", _("Active")),
            ("inactive", _("Inactive")),
            ("all", _("All")),
        ]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I am sure"), required=True)
