"""Forms of the training pages (parsing only; the verbs decide)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.uploads import LimitedFileField
from sinergi.training.models import ZONES, AttendanceKind, Event, Mode, Outcome, Purpose, Topic


class EventForm(forms.ModelForm):
    meeting_url = forms.URLField(label=_("meeting link"), required=False, assume_scheme="https")
    regency = forms.CharField(label=_("Target: regency code"), required=False, max_length=4)
    district = forms.CharField(label=_("Target: district code"), required=False, max_length=6)
    category = forms.CharField(label=_("Target: KBLI category"), required=False, max_length=1)
    size = forms.ChoiceField(
        label=_("Target: size class"),
        required=False,
        choices=[("", "—"), ("mikro", "Mikro"), ("kecil", "Kecil"), ("menengah", "Menengah")],
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "topic",
            "mode",
            "meeting_url",
            "venue",
            "capacity",
            "region_scope",
            "self_registration",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["mode"].choices = Mode.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mode = data.get("mode")
        if mode in (Mode.ONLINE, Mode.HYBRID) and not data.get("meeting_url"):
            self.add_error("meeting_url", _("An online event needs a meeting link."))
        if mode in (Mode.OFFLINE, Mode.HYBRID) and not data.get("venue"):
            self.add_error("venue", _("An offline event needs a venue."))
        region = data.get("region_scope") or ""
        if region and not region.isdigit():
            self.add_error("region_scope", _("A region code has digits only."))
        return data

    def event_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["target_filter"] = {
            k: data.pop(k) for k in ("regency", "district", "category", "size")
        }
        return data


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=[(k, f"{v} ({k})") for k, v in ZONES.items()]
    )
    min_minutes = forms.IntegerField(
        label=_("Minutes needed to count as present"), min_value=0, max_value=24 * 60, initial=0
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if {"day", "start", "end", "timezone"} <= set(data):
            zone = ZoneInfo(data["timezone"])
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], zone)
            data["ends_at"] = dt.datetime.combine(data["day"], data["end"], zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The session must end after it starts."))
        return data


class AttendanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"), choices=AttendanceKind.choices)
    file = LimitedFileField(label=_("Attendance file"))


class ListForm(forms.Form):
    file = LimitedFileField(label=_("List of participants (xlsx or csv)"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False)
    score = forms.DecimalField(min_value=0, max_value=100, decimal_places=1, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Consent"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Given")), ("no", _("Withdrawn"))],
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source (form, call, message)"), max_length=200)
    purpose = forms.ChoiceField(choices=Purpose.choices, initial=Purpose.TRAINING)


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Cohort name"), max_length=200)
    region_scope = forms.CharField(label=_("Region scope"), max_length=10, required=False)
