"""The audit log, for auditors and system administrators.

Personal identifiers inside recorded changes (NIK, phone, e-mail) are masked unless the
reader's role may see them in full; the trail shows that a value changed, not the value.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sinergi.accounts.roles import permissions_for
from sinergi.audit.models import Action, AuditEvent
from sinergi.core.masking import mask_email, mask_nik, mask_phone

MASKS = {"nik": mask_nik, "phone": mask_phone, "email": mask_email}


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *Action.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    record = forms.CharField(label=_("Record"), required=False, max_length=100)


def _mask(field: str, value: Any, full: bool) -> Any:
    mask = MASKS.get(field.rsplit(".", 1)[-1])
    if mask is None or full or value is None:
        return value
    return mask(str(value))


def masked_changes(changes: Any, full: bool) -> list[tuple[str, Any, Any]]:
    """(field, old, new) rows. Tolerant of any stored shape: a value that is not
    {old, new} (rows written before `record()` validated) is shown as the new value."""
    if not isinstance(changes, dict):
        changes = {"": changes}
    rows = []
    for field, pair in sorted(changes.items()):
        if isinstance(pair, dict) and set(pair) <= {"old", "new"}:
            old, new = pair.get("old"), pair.get("new")
        else:
            old, new = None, pair
        rows.append((field, _mask(field, old, full), _mask(field, new, full)))
    return rows


def masked_details(payload: Any, full: bool) -> list[tuple[str, Any]]:
    """(name, value) rows of a declared event's payload; nested values flattened."""
    if not isinstance(payload, dict):
        return [("", payload)] if payload not in (None, "") else []
    rows = []
    for name, value in payload.items():
        if isinstance(value, dict):
            rows.extend((f"{name}.{k}", v) for k, v in masked_details(value, full))
        else:
            rows.append((name, _mask(name, value, full)))
    return rows


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    perms = permissions_for(request.user)
    if not perms.view_audit_log:
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    qs = AuditEvent.objects.select_related("object_type")
    if data.get("user"):
        qs = qs.filter(actor_username__icontains=data["user"])
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("date_from"):
        qs = qs.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(at__date__lte=data["date_to"])
    if data.get("record"):
        qs = qs.filter(object_repr__icontains=data["record"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    full = perms.see_full_pii
    rows = [
        (event, masked_changes(event.changes, full), masked_details(event.payload, full))
        for event in page
    ]
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})
