"""Forms of the program pages (parsing only; rules live in actions and eligibility)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.uploads import LimitedFileField
from sinergi.programs import eligibility
from sinergi.programs.models import Program, ReferenceCategory


class ProgramForm(forms.ModelForm):
    eligibility_rules = forms.CharField(
        label=_("Eligibility rules (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('e.g. [{"type": "covid_affected"}, {"type": "not_received", "kind": "grant"}]'),
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "budget_idr",
            "period_start",
            "period_end",
            "region_scope",
            "eligibility_rules",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_eligibility_rules(self) -> list[dict[str, Any]]:
        text = self.cleaned_data.get("eligibility_rules") or "[]"
        try:
            return eligibility.validate_rules(json.loads(text))
        except (json.JSONDecodeError, ValueError) as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if data.get("budget_idr") is not None and data["budget_idr"] < 0:
            self.add_error("budget_idr", _("The budget cannot be negative."))
        return data


class ProgramEditForm(ProgramForm):
    """The edit page: everything of `ProgramForm` but the kind (loans and memberships are
    built on it). `frozen` (a reason) marks the period, scope and rules read-only in the
    browser; `lifecycle.update_program` refuses a change to them all the same."""

    class Meta(ProgramForm.Meta):
        fields = [f for f in ProgramForm.Meta.fields if f != "kind"]

    def __init__(self, *args: Any, frozen: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["eligibility_rules"] = json.dumps(
                self.instance.eligibility_rules, ensure_ascii=False
            )
        if frozen:
            for name in ("period_start", "period_end", "region_scope", "eligibility_rules"):
                self.fields[name].widget.attrs["readonly"] = "readonly"


class NominateForm(forms.Form):
    business = forms.IntegerField(label=_("Business ID"), required=False)
    businesses = forms.CharField(required=False)  # comma-separated ids from the registry view
    amount_idr = forms.IntegerField(label=_("Amount (Rp)"), min_value=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReferenceListForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ReferenceCategory.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    period_start = forms.DateField(
        label=_("Period start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    shared = forms.BooleanField(
        label=_("Share with every organisation"),
        required=False,
        help_text=_(
            "Other organisations' cycles are screened against this list too. Leave it off "
            "unless the list's owner allows it: it holds personal data."
        ),
    )
    # Ticking it asks for sharing; a system administrator approves it
    # (`references.approve_sharing`).
    file = LimitedFileField(label=_("File (CSV/XLSX)"))


class PartnerForm(forms.Form):
    """An organisation to grant (or end) partnership on a program."""

    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=None)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        from sinergi.accounts.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk=program.organisation_id
        )
