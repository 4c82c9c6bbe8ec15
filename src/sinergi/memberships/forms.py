"""Forms of the membership pages: a missing or garbled field is a form error, never a 500."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class RupiahField(forms.Field):
    """Whole rupiah as typed by people: "120.000", "120,000" or "120000"."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        text = re.sub(r"[\s.,]", "", str(value or "")).removeprefix("Rp")
        if not text:
            return None
        if not text.isdigit() or len(text) > 15:
            raise forms.ValidationError(_("Enter whole rupiah, e.g. 120.000."), code="rupiah")
        return int(text)


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


def errors_text(form: forms.Form) -> str:
    """The form's errors on one line, for a message after a redirect."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errs)}".lstrip(": ")
        for name, errs in form.errors.items()
    )
