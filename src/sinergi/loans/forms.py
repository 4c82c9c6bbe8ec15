"""Forms of the loan pages: a missing or garbled field is a form error (a message on the
page), never a 500. Amounts are whole rupiah; rates are typed as percent ("6" or "6,5")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import RupiahField, errors_text  # noqa: F401  (used by the views)


class PercentField(forms.Field):
    """A rate typed as percent ("6", "6,5"), returned as a fraction (Decimal("0.06"))."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(",", ".").removesuffix("%")
        if not text:
            return None
        try:
            rate = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(_("The admin fee rate must be a number.")) from exc
        if not rate.is_finite() or rate < 0 or rate > 100:
            raise forms.ValidationError(_("The admin fee rate must be a number."))
        return rate / 100


TENOR = {"min_value": 1, "max_value": 240}


class DisburseForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class RepayForm(DisburseForm):
    amount = RupiahField(label=_("Amount (Rp)"))


class ReverseForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    entry = forms.IntegerField(label=_("Entry"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReviseForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    tenor_months = forms.IntegerField(label=_("Tenor"), **TENOR)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    admin_fee_rate = PercentField(label=_("Admin fee rate (%)"), required=False)
    waive_arrears_fee = forms.BooleanField(required=False)


class WriteOffForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=500)


VERB_FORMS: dict[str, type[forms.Form]] = {
    "disburse": DisburseForm,
    "repay": RepayForm,
    "reverse": ReverseForm,
    "reschedule": ReviseForm,
    "restructure": ReviseForm,
    "write_off": WriteOffForm,
}


class ApplyForm(forms.Form):
    program = forms.IntegerField(label=_("Program"), min_value=1)
    amount = RupiahField(label=_("Amount (Rp)"))
    tenor_months = forms.IntegerField(label=_("Tenor"), **TENOR)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(max_length=300, required=False)
    principal = RupiahField(label=_("Principal"), required=False)
    tenor_months = forms.IntegerField(label=_("Tenor"), required=False, **TENOR)
    admin_fee_rate = PercentField(label=_("Admin fee rate (%)"), required=False)
    date = forms.DateField(label=_("Date"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "approve":
            for name in ("principal", "tenor_months", "admin_fee_rate", "date"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned


class MatchForm(forms.Form):
    number = forms.CharField(label=_("Agreement number"), max_length=60)
