"""Forms of the membership pages: a missing or garbled field is a form error, never a 500."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import RupiahField, errors_text  # noqa: F401  (used by the views)


class FeeForm(forms.Form):
    fee = RupiahField(label=_("Yearly fee (Rp)"))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class EnrolForm(YearForm):
    program = forms.IntegerField(label=_("Program"), min_value=1)


class PaymentForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    amount = RupiahField(label=_("Amount (Rp)"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
