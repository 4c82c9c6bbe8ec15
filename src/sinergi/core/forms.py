"""Form fields shared by the money pages: whole rupiah as people type them."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class RupiahField(forms.Field):
    """Whole rupiah as typed by people: "120.000", "120,000", "Rp120000" or "120000"."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        text = re.sub(r"[\s.,]", "", str(value or "")).removeprefix("Rp")
        if not text:
            return None
        if not text.isdigit() or len(text) > 15:
            raise forms.ValidationError(_("Enter whole rupiah, e.g. 120.000."), code="rupiah")
        return int(text)


def errors_text(form: forms.Form) -> str:
    """The form's errors on one line, for a message shown after a redirect."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)
