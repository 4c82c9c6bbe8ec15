"""Intake forms: upload, problem filter, problem fix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.uploads import LimitedFileField
from sinergi.intake.models import ProblemStatus

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(LimitedFileField):
    """Several files in one input; cleans to a list."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else [data]
        files = [single(item, initial) for item in items if item]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most 10 files at once."))
        return files


class UploadForm(forms.Form):
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_(
            'Who sent the list and what it is, e.g. "Dinas Kab. Bangka Tengah, '
            'pendataan UMKM terdampak".'
        ),
    )
    label = forms.CharField(
        label=_("Description of this upload"),
        max_length=300,
        required=False,
        help_text=_('e.g. "April 2020".'),
    )
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"), required=False)
    files = MultipleFileField(label=_("Files (.xlsx, .xls, .ods, .csv)"))

    def __init__(self, *args: object, organisations: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True


class ProblemFilterForm(forms.Form):
    code = forms.CharField(required=False, label=_("Problem"))
    column = forms.CharField(required=False, label=_("Column"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All")), *ProblemStatus.choices],
    )
    q = forms.CharField(required=False, label=_("Value contains"))


class FixForm(forms.Form):
    value = forms.CharField(label=_("Corrected value"), max_length=500, required=True)
