"""The go-online funnel and the demand signal pages (reads), and their two small writes
(a region's target, a business's first online sale). Authorisation: see `funnel` and
`demand` module docstrings; every count comes from `Business.objects.visible_to`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import scope_for
from sinergi.catalog import funnel as funnel_reads
from sinergi.catalog.demand import demand as demand_reads
from sinergi.catalog.models import ChannelKind
from sinergi.registry.models import Business


class TargetForm(forms.Form):
    region = forms.CharField(label=gettext_lazy("Region code"), max_length=13)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2020, max_value=2100)
    online_target = forms.IntegerField(
        label=gettext_lazy("Target: businesses online"), min_value=0, max_value=10_000_000
    )


class FirstSaleForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"))
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=ChannelKind.choices)


def _reader(request: HttpRequest) -> str:
    scope = scope_for(request.user)
    if not scope.perms.view_campaigns:
        raise PermissionDenied
    region = request.GET.get("region", "").strip()
    # Only inside the user's region; anything else shows the user's own region.
    return region if region.isdigit() and scope.contains(region) else scope.region


@login_required
@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    region = _reader(request)
    year = timezone.localdate().year
    stage = request.GET.get("stage", "registered")
    stage = stage if stage in funnel_reads.STAGES[:3] else "registered"
    stuck = funnel_reads.stuck_at(
        Business.objects.visible_to(request.user).active().within(region), stage
    ).order_by("updated_at", "id")
    return render(
        request,
        "catalog/funnel.html",
        {
            "region": region,
            "year": year,
            "rows": funnel_reads.funnel(request.user, region, year),
            "stage": stage,
            "stuck": Paginator(stuck, 25).get_page(request.GET.get("page")),
            "target_form": TargetForm(initial={"region": region, "year": year})
            if permissions_for(request.user).manage_campaigns
            else None,
        },
    )


@login_required
@require_POST
def funnel_target(request: HttpRequest) -> HttpResponse:
    if not permissions_for(request.user).manage_campaigns:
        raise PermissionDenied
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a region code, a year and a target."))
        return redirect("catalog:funnel")
    data = form.cleaned_data
    funnel_reads.set_target(
        request.user, data["region"], data["year"], data["online_target"], request=request
    )
    messages.success(request, _("Target saved."))
    return redirect(f"{reverse('catalog:funnel')}?region={data['region']}")


@login_required
@require_POST
def first_sale(request: HttpRequest, business_pk: int) -> HttpResponse:
    if not permissions_for(request.user).view_registry:
        raise PermissionDenied
    business = get_object_or_404(Business.objects.visible_to(request.user), pk=business_pk)
    from sinergi.catalog.actions import may_edit_business

    if not may_edit_business(request.user, business):
        raise PermissionDenied
    form = FirstSaleForm(request.POST)
    if not form.is_valid() or form.cleaned_data["on"] > timezone.localdate():
        messages.error(request, _("Enter the date of the first online sale and its channel."))
        return redirect("catalog:business", business_pk=business.pk)
    funnel_reads.report_first_sale(
        request.user, business, form.cleaned_data["on"], form.cleaned_data["channel"],
        request=request,
    )  # fmt: skip
    messages.success(request, _("First online sale recorded."))
    return redirect("catalog:business", business_pk=business.pk)


@login_required
@require_GET
def demand(request: HttpRequest) -> HttpResponse:
    _reader(request)
    data = demand_reads(request.user, today=timezone.localdate())
    return render(request, "catalog/demand.html", {**data, "today": dt.date.today()})
