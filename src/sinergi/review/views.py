"""Review pages: the queue, one pair side by side, merge/split/undo, the typing warning.

Plain functions: parse, authorise, call a verb, render. Pairs are read through
`ReviewPair.objects.visible_to(user)` and businesses through
`Business.objects.visible_to(user)`, so anything outside the user's region is a 404, and
a user who may not review gets 403 — never data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.registry.models import Business
from sinergi.review import actions
from sinergi.review.evidence import pair_evidence
from sinergi.review.merge import SURVIVOR_FIELDS, MergeError, options_for
from sinergi.review.models import MergeOperation, ReviewPair, Verdict
from sinergi.review.querysets import can_review

PAGE_SIZE = 25
FILTERS = ("region", "source", "min", "max")


def _reviewer(request: HttpRequest) -> None:
    if not can_review(request.user):
        raise PermissionDenied


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _queue_qs(request: HttpRequest) -> Any:
    qs = ReviewPair.objects.visible_to(request.user).pending()
    get = request.GET
    if get.get("region"):
        qs = qs.in_region(get["region"].strip())
    if (get.get("source") or "").isdigit():
        qs = qs.filter(batch__source_id=int(get["source"]))
    low, high = _float(get.get("min")), _float(get.get("max"))
    if low is not None:
        qs = qs.filter(match_probability__gte=low)
    if high is not None:
        qs = qs.filter(match_probability__lte=high)
    return qs


def _filter_query(request: HttpRequest) -> str:
    from urllib.parse import urlencode

    return urlencode({k: request.GET[k] for k in FILTERS if request.GET.get(k)})


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    from sinergi.intake.models import ImportBatch, Source
    from sinergi.regions.models import Region

    scope = scope_for(request.user).region
    page = Paginator(_queue_qs(request).for_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    sources = Source.objects.filter(
        batches__in=ImportBatch.objects.visible_to(request.user)
    ).distinct()
    regencies = Region.objects.regencies().within(scope[:4] if len(scope) >= 4 else scope)
    return render(
        request,
        "review/queue.html",
        {
            "page": page,
            "sources": sources,
            "regencies": regencies.order_by("name"),
            "filters": {k: request.GET.get(k, "") for k in FILTERS},
            "filter_query": _filter_query(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reviewer(request)
    pair = get_object_or_404(ReviewPair.objects.visible_to(request.user).for_queue(), pk=pk)
    if request.method == "POST":
        verdict = request.POST.get("verdict", "")
        if verdict not in Verdict.values:
            return HttpResponse(status=400)
        try:
            actions.decide(
                request.user, pair, verdict, note=request.POST.get("note", ""), request=request
            )
        except (ValueError, MergeError) as exc:
            messages.error(request, str(exc))
            return redirect("review:pair", pk=pair.pk)
        messages.success(request, _("Decision saved."))
        nxt = _queue_qs(request).exclude(pk=pair.pk).order_by("skips", "-match_probability", "id")
        query = _filter_query(request)
        following = nxt.first()
        if following is not None:
            return redirect(
                reverse("review:pair", args=[following.pk]) + (f"?{query}" * bool(query))
            )
        return redirect(reverse("review:queue") + (f"?{query}" * bool(query)))
    # Reviewers compare full identifiers: showing them is a personal-data view, audited.
    for owner in {pair.business_a.owner, pair.business_b.owner}:
        record(request.user, Action.VIEW_PII, owner, fields=["nik", "phone"], request=request)
    return render(
        request,
        "review/pair.html",
        {
            "pair": pair,
            "evidence": pair_evidence(pair),
            "decisions": pair.decisions.all()[:10],
            "filter_query": _filter_query(request),
        },
    )


def _visible_businesses(request: HttpRequest, ids: list[int]) -> list[Business]:
    found = {
        b.pk: b
        for b in Business.objects.visible_to(request.user)
        .select_related("owner")
        .filter(pk__in=ids)
    }
    if len(found) != len(set(ids)):
        from django.http import Http404

        raise Http404
    return [found[i] for i in ids]


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(i) for i in source.getlist("ids") if i.strip().isdigit()]
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        messages.error(request, _("Choose two or more businesses to merge."))
        return redirect(reverse("registry:detail", args=[ids[0]]) if ids else "review:queue")
    businesses = _visible_businesses(request, ids)
    survivor = (source.get("survivor") or "").strip()
    survivor_id = int(survivor) if survivor.isdigit() else ids[0]
    if survivor_id not in ids:
        return HttpResponse(status=400)
    if request.method == "POST":
        choices = {f: request.POST.get(f"choice-{f}", "") for f, _label in SURVIVOR_FIELDS}
        survivor = next(b for b in businesses if b.pk == survivor_id)
        others = [b for b in businesses if b.pk != survivor_id]
        try:
            op = actions.merge_businesses(
                request.user,
                survivor,
                others,
                choices=choices,
                note=request.POST.get("note", ""),
                request=request,
            )
        except MergeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Businesses merged. You can undo this below."))
            return redirect("review:operation", pk=op.pk)
    options = options_for(businesses)
    fields = [
        {
            "name": f,
            "label": label,
            "options": options[f],
            "current": f"b:{survivor_id}",
        }  # fmt: skip
        for f, label in SURVIVOR_FIELDS
    ]
    return render(
        request,
        "review/merge.html",
        {"businesses": businesses, "survivor_id": survivor_id, "fields": fields},
    )


@login_required
@require_http_methods(["GET", "POST"])
def split(request: HttpRequest, pk: int) -> HttpResponse:
    _reviewer(request)
    from sinergi.intake.models import SourceRecord

    business = _visible_businesses(request, [pk])[0]
    records = SourceRecord.objects.filter(business=business).select_related("file", "batch")
    if request.method == "POST":
        chosen = [int(i) for i in request.POST.getlist("records") if i.isdigit()]
        try:
            op = actions.split_business(
                request.user, business, chosen, note=request.POST.get("note", ""), request=request
            )
        except MergeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Business split. You can undo this below."))
            return redirect("review:operation", pk=op.pk)
    return render(request, "review/split.html", {"item": business, "records": records})


def _visible_operation(request: HttpRequest, pk: int) -> MergeOperation:
    """The operation, if the user may see EVERY business it touched (404 otherwise)."""
    from django.http import Http404

    from sinergi.review.merge import involved

    op = get_object_or_404(MergeOperation, pk=pk)
    ids = involved(op)
    existing = Business.objects.filter(pk__in=ids)
    if existing.exclude(pk__in=Business.objects.visible_to(request.user).values("pk")).exists():
        raise Http404
    return op


@login_required
@require_GET
def operation(request: HttpRequest, pk: int) -> HttpResponse:
    _reviewer(request)
    op = _visible_operation(request, pk)
    ids = [op.target_id, *op.others]
    businesses = Business.objects.filter(pk__in=ids).select_related("owner").order_by("pk")
    return render(request, "review/operation.html", {"op": op, "businesses": businesses})


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    _reviewer(request)
    op = _visible_operation(request, pk)
    try:
        actions.undo_operation(request.user, op, request=request)
    except MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Undone."))
    return redirect("review:operation", pk=op.pk)


@login_required
@require_POST
def duplicates(request: HttpRequest) -> HttpResponse:
    """The htmx partial under the business form: likely duplicates as one types.

    A POST: the typed NIK, phone and e-mail must not travel in a URL (server logs,
    proxies, browser history)."""
    from sinergi.review.duplicates import find_duplicates, values_from_form

    perms = permissions_for(request.user)
    if not perms.create_business and not perms.edit_business:
        raise PermissionDenied
    values = values_from_form(request.POST)
    exclude = request.GET.get("exclude")
    found = find_duplicates(
        request.user, values, exclude=int(exclude) if (exclude or "").isdigit() else None
    )
    return render(request, "review/_duplicates.html", {"candidates": found})
