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


def masked_changes(changes: dict[str, Any], full: bool) -> list[tuple[str, Any, Any]]:
    rows = []
    for field, pair in sorted(changes.items()):
        pair = pair if isinstance(pair, dict) else {"new": pair}  # flat values (loans, ...)
        old, new = pair.get("old"), pair.get("new")
        mask = MASKS.get(field)
        if mask and not full:
            old, new = mask(old or ""), mask(new or "")
        rows.append((field, old, new))
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
    rows = [(event, masked_changes(event.changes, perms.see_full_pii)) for event in page]
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})
