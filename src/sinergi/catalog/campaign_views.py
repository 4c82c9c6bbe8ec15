"""Campaign pages: list and create, the detail with rotation and fairness report, the
selection, and reporting a purchase. Authorisation: `campaigns.may_read/may_manage`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.catalog import campaigns
from sinergi.catalog.forms import CampaignForm, PurchaseForm
from sinergi.catalog.models import Campaign, Product
from sinergi.catalog.photos import PhotoError, check_size, clean_photo
from sinergi.registry.models import Business


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("region", "organisation"), pk=pk)
    if not campaigns.may_read(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    perms = permissions_for(request.user)
    if not (perms.view_campaigns or perms.report_purchases or perms.manage_campaigns):
        raise PermissionDenied
    form = None
    if perms.manage_campaigns:
        form = CampaignForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.Meta.fields}
            campaign = campaigns.create_campaign(
                request.user, data, form.cleaned_data["region_code"], request=request
            )
            messages.success(request, _("Campaign created. Now add businesses to it."))
            return redirect("catalog:campaign", pk=campaign.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "catalog/campaigns.html",
        {"campaigns": campaigns.campaigns_for(request.user), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    may_manage = campaigns.may_manage(request.user, campaign)
    candidates = []
    if may_manage:
        chosen = campaign.entries.values("business_id")
        candidates = list(
            Business.objects.visible_to(request.user)
            .active()
            .within(campaign.region_id)
            .filter(storefront__published=True)
            .exclude(pk__in=chosen)
            .order_by("name")[:100]
        )
    return render(
        request,
        "catalog/campaign.html",
        {
            "campaign": campaign,
            "rotation": campaigns.rotation(campaign),
            "report": campaigns.fairness_report(campaign),
            "may_manage": may_manage,
            "may_report": permissions_for(request.user).report_purchases,
            "candidates": candidates,
            "form": PurchaseForm(),
        },
    )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@login_required
@require_POST
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if not campaigns.may_manage(request.user, campaign):
        raise PermissionDenied
    campaigns.change_selection(
        request.user,
        campaign,
        add=_ids(request.POST.getlist("add")),
        remove=_ids(request.POST.getlist("remove")),
        request=request,
    )
    messages.success(request, _("Selection saved."))
    return redirect("catalog:campaign", pk=campaign.pk)


@login_required
@require_POST
def purchase(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if not permissions_for(request.user).report_purchases:
        raise PermissionDenied
    form = PurchaseForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("catalog:campaign", pk=campaign.pk)
    data = form.cleaned_data
    business = campaign.entries.filter(business_id=data["business"]).first()
    if business is None:
        messages.error(request, _("That business is not in this campaign's selection."))
        return redirect("catalog:campaign", pk=campaign.pk)
    product = None
    if data.get("product"):
        product = Product.objects.filter(
            pk=data["product"], business_id=business.business_id
        ).first()
    receipt = None
    if data.get("receipt"):
        upload = data["receipt"]
        try:
            check_size(upload.name, upload.size)
            receipt = clean_photo(upload.name, upload.read()).image
        except PhotoError as error:
            messages.error(request, error.message)
            return redirect("catalog:campaign", pk=campaign.pk)
    try:
        campaigns.record_purchase(
            request.user,
            campaign,
            business.business,
            amount=data["amount"],
            on=data["on"],
            pledge=data["pledge"],
            product=product,
            receipt=receipt,
            request=request,
        )
    except campaigns.FairnessRefused as refused:
        messages.error(request, refused.message)
        return redirect("catalog:campaign", pk=campaign.pk)
    messages.success(request, _("Thank you: the purchase was recorded."))
    return redirect("catalog:campaign", pk=campaign.pk)
