"""Pages of the exchange: one page per cycle, the export and upload forms, a download.

Thin: parse, authorise (a cycle is found through `programs.views.visible_cycle`, so one
outside the user's scope is a 404; acting needs `require_program`, 403), call a verb,
redirect with a message. Nothing here reads or writes encodings itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.audit.actions import record
from sinergi.audit.events import Exported
from sinergi.audit.models import Action
from sinergi.core.uploads import LimitedFileField
from sinergi.exchange import actions
from sinergi.exchange.models import AgencyList, EncodedExport, ExportStatus
from sinergi.programs.models import Program
from sinergi.programs.permissions import may_manage, require_program, require_view
from sinergi.programs.views import visible_cycle

KEY_MAX_BYTES = 4096
LEVELS = [
    ("regency", gettext_lazy("Regency / city")),
    ("province", gettext_lazy("Province")),
    ("district", gettext_lazy("District")),
    ("none", gettext_lazy("None")),
]
FIELD_CHOICES = [
    ("owner_name", gettext_lazy("Owner name")),
    ("birth_date", gettext_lazy("Birth date")),
    ("business_name", gettext_lazy("Business name")),
    ("address", gettext_lazy("Address")),
]


class ExportForm(forms.Form):
    key_file = forms.FileField(label=gettext_lazy("Shared key file"))
    fields = forms.MultipleChoiceField(
        label=gettext_lazy("Fields agreed with the other agency (at least two)"),
        choices=FIELD_CHOICES,
        initial=[c for c, _ in FIELD_CHOICES],
        widget=forms.CheckboxSelectMultiple,
    )
    block_level = forms.ChoiceField(
        label=gettext_lazy("Region level both sides keep in clear"), choices=LEVELS
    )


class RegistryExportForm(ExportForm):
    pass


class ReceiveForm(forms.Form):
    agency = forms.CharField(label=gettext_lazy("Agency"), max_length=200)
    file = LimitedFileField(label=gettext_lazy("Encoded list (.zip)"))


@login_required
@require_GET
def cycle_page(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    exports = EncodedExport.objects.filter(cycle=cycle).defer("encoded")
    received = AgencyList.objects.filter(export__cycle=cycle).defer("encoded")
    return render(
        request,
        "exchange/cycle.html",
        {
            "cycle": cycle,
            "program": cycle.program,
            "exports": exports,
            "received": received,
            "can_manage": may_manage(request.user, cycle.program),
            "export_form": ExportForm(),
            "receive_form": ReceiveForm(),
        },
    )


@login_required
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    require_program(request.user, cycle.program)
    form = ExportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the key file and at least two fields."))
        return redirect("exchange:cycle", cycle.pk)
    upload = form.cleaned_data["key_file"]
    text = upload.read(KEY_MAX_BYTES + 1)
    # A file too large or not ASCII is no key: the verb says so, naming no content.
    key_text = text.decode("ascii", "replace") if len(text) <= KEY_MAX_BYTES else ""
    try:
        made = actions.export_cycle(
            request.user,
            cycle,
            key_text,
            form.cleaned_data["fields"],
            form.cleaned_data["block_level"],
        )
    except actions.ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:cycle", cycle.pk)
    messages.success(request, _("Encoded copy made: %(n)d lines.") % {"n": made.records})
    return redirect("exchange:cycle", cycle.pk)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    registry = actions.registry_exports_for(request.user).filter(pk=pk).first()
    if registry is not None:  # an encoded copy of the registry inside the user's region
        if registry.status != ExportStatus.DONE:
            messages.error(request, _("The encoded copy is not ready yet."))
            return redirect("exchange:registry")
        record(request.user, Action.EXPORT, registry, event=Exported("pprl-zip"), request=request)
        response = HttpResponse(bytes(registry.encoded), content_type="application/zip")
        name = f"sandi_registri_{registry.region or 'ID'}_{registry.pk}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    require_view(request.user)
    made = get_object_or_404(
        EncodedExport.objects.select_related("cycle__program").filter(
            cycle__program__in=Program.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    require_program(request.user, made.cycle.program)
    record(request.user, Action.EXPORT, made, event=Exported("pprl-zip"), request=request)
    response = HttpResponse(bytes(made.encoded), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sandi_siklus_{made.cycle_id}.zip"'
    return response


@login_required
@require_POST
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = visible_cycle(request, pk)
    require_program(request.user, cycle.program)
    form = ReceiveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the agency's name and its encoded list."))
        return redirect("exchange:cycle", cycle.pk)
    try:
        actions.receive_list(
            request.user, cycle, form.cleaned_data["agency"], form.cleaned_data["file"].read()
        )
    except actions.ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:cycle", cycle.pk)
    messages.success(
        request, _("Encoded list received; the overlap becomes findings when matched.")
    )
    return redirect("exchange:cycle", cycle.pk)


# --- the registry within the officer's region (role table: exchange_registry)


@login_required
@require_GET
def registry_page(request: HttpRequest) -> HttpResponse:
    scope = actions.require_registry_exchange(request.user)
    exports = actions.registry_exports_for(request.user).defer("encoded", "pending_key")
    received = AgencyList.objects.filter(
        export__in=actions.registry_overlaps_for(request.user)
    ).defer("encoded")
    return render(
        request,
        "exchange/registry.html",
        {
            "region": scope.region,
            "exports": exports,
            "received": received,
            "export_form": RegistryExportForm(),
            "receive_form": ReceiveForm(),
        },
    )


@login_required
@require_POST
def registry_export(request: HttpRequest) -> HttpResponse:
    actions.require_registry_exchange(request.user)
    form = RegistryExportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the key file and at least two fields."))
        return redirect("exchange:registry")
    text = form.cleaned_data["key_file"].read(KEY_MAX_BYTES + 1)
    key_text = text.decode("ascii", "replace") if len(text) <= KEY_MAX_BYTES else ""
    try:
        made = actions.export_registry(
            request.user, key_text, form.cleaned_data["fields"], form.cleaned_data["block_level"]
        )
    except actions.ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:registry")
    if made.status == ExportStatus.DONE:
        messages.success(request, _("Encoded copy made: %(n)d businesses.") % {"n": made.records})
    else:
        messages.success(
            request,
            _("%(n)d businesses: the encoded copy is being made in the background.")
            % {"n": made.records},
        )
    return redirect("exchange:registry")


@login_required
@require_POST
def registry_receive(request: HttpRequest) -> HttpResponse:
    actions.require_registry_exchange(request.user)
    form = ReceiveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the agency's name and its encoded list."))
        return redirect("exchange:registry")
    try:
        received = actions.receive_for_registry(
            request.user, form.cleaned_data["agency"], form.cleaned_data["file"].read()
        )
    except actions.ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:registry")
    messages.success(request, _("Encoded list received; the overlap is shown when matched."))
    return redirect("exchange:overlap", received.pk)


@login_required
@require_GET
def overlap(request: HttpRequest, pk: int) -> HttpResponse:
    """The overlap of one received list with the registry: counts, and the matched
    businesses the reader may see (their region; the export may cover a wider one)."""
    from sinergi.registry.models import Business

    actions.require_registry_exchange(request.user)
    received = get_object_or_404(
        AgencyList.objects.select_related("export").defer("encoded", "export__encoded"),
        pk=pk,
        export__in=actions.registry_overlaps_for(request.user),
    )
    by_id = {m[0]: m for m in received.matched}
    visible = (
        Business.objects.visible_to(request.user)
        .filter(pk__in=list(by_id))
        .select_related("village")
        .order_by("name", "pk")
    )
    rows = [
        {"business": b, "score": by_id[b.pk][1], "agreed": by_id[b.pk][2], "row": by_id[b.pk][3]}
        for b in visible
    ]
    return render(
        request,
        "exchange/overlap.html",
        {"received": received, "rows": rows, "matched": len(by_id), "in_scope": len(rows)},
    )
