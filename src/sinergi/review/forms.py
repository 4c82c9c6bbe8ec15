"""Review forms: the thresholds of the linkage model."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ThresholdsForm(forms.Form):
    """0 < low <= high < 1 (`training.check_thresholds` checks it again in the verb).
    Both decimal commas and points are accepted (`localize`)."""

    low = forms.FloatField(label=_("Review from"), localize=True)
    high = forms.FloatField(label=_("Link automatically from"), localize=True)
    note = forms.CharField(
        label=_("Note (why)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @staticmethod
    def _probability(value: float) -> float:
        if not 0 < value < 1:
            raise forms.ValidationError(_("Enter a number more than 0 and less than 1."))
        return value

    def clean_low(self) -> float:
        return self._probability(self.cleaned_data["low"])

    def clean_high(self) -> float:
        return self._probability(self.cleaned_data["high"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("low"), data.get("high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "low", _("“Review from” must not be more than “link automatically from”.")
            )
        return data
