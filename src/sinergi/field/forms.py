"""The visit log form (the new-business form is the registry's own)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.field.models import Visit


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["visited_on", "purpose", "notes"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_visited_on(self) -> date:
        value = self.cleaned_data["visited_on"]
        # A phone's clock may be a day ahead of the server's; a later date is a typo.
        if value > date.today() + timedelta(days=1):
            raise forms.ValidationError(_("The visit date is in the future."), code="future")
        return value
