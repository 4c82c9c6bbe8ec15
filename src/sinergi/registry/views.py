"""Registry pages. Plain functions: parse, authorise, call a verb, render.

Every view that touches a business starts from `Business.objects.visible_to(user)`, so a
business outside the user's scope is a 404 — indistinguishable from one that does not
exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.roles import Permissions, permissions_for
from sinergi.accounts.scope import scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action, AuditEvent
from sinergi.core.masking import looks_like_identifier, mask_nik, mask_phone
from sinergi.regions.models import Region
from sinergi.registry import actions
from sinergi.registry.forms import BusinessForm, ConfirmForm, FilterForm, OwnerForm
from sinergi.registry.models import Business, Status
from sinergi.registry.paging import page_by_ids

PAGE_SIZE = 25
SORT_FIELDS = {
    "name": ["name", "id"],
    "-updated": ["-updated_at", "-id"],
    "regency": ["regency_code", "name", "id"],
    "size": ["size_class", "name", "id"],
}


def _perms(request: HttpRequest) -> Permissions:
    perms = permissions_for(request.user)
    if not perms.view_registry:
        raise PermissionDenied
    return perms


def _visible(request: HttpRequest, pk: int) -> Business:
    return get_object_or_404(
        Business.objects.visible_to(request.user).select_related(
            "owner", "sector", "village__parent__parent"
        ),
        pk=pk,
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def filtered_list(user: object, perms: Permissions, params: QueryDict) -> tuple[FilterForm, object]:
    """The registry list's filter form and queryset for `params` (the list page and the
    exports of insights read the same rows)."""
    form = FilterForm(params, scope=perms.scope)
    form.is_valid()  # invalid fields are simply not applied; scoping never depends on them
    data = form.cleaned_data
    qs = Business.objects.visible_to(user)
    status = data.get("status") or ""
    if status == "inactive":
        qs = qs.filter(status=Status.INACTIVE)
    elif status != "all":
        qs = qs.filter(status=Status.ACTIVE)
    if data.get("district"):
        qs = qs.filter(district_code=data["district"])
    elif data.get("regency"):
        qs = qs.filter(regency_code=data["regency"])
    if data.get("category"):
        qs = qs.filter(sector__category=data["category"])
    if data.get("size"):
        qs = qs.filter(size_class=data["size"])
    if data.get("q"):
        qs = qs.search(data["q"], identifiers=perms.see_full_pii)
    return form, qs


def _history_query(params: QueryDict) -> tuple[str, bool]:
    """The filters as a query string fit for a URL, and whether the search was an
    identifier. A NIK, phone or e-mail typed in the search box never goes into a URL
    (browser history, server and proxy logs): such searches are POSTed and left out."""
    query = params.copy()
    for name in ("csrfmiddlewaretoken", "page"):
        query.pop(name, None)
    identifier = looks_like_identifier(query.get("q", ""))
    if identifier:
        query.pop("q")
    return query.urlencode(), identifier


# The list's row, written here rather than in `registry/_results.html`: as a template,
# its 25 rows of ~20 variables were the largest CPU cost of the list (docs/benchmarks.md,
# "Session 6"). Every value goes through `format_html` (escaped).
_ROW = (
    "\n    <tr{}>"
    '\n      <td data-label="{}"><a href="{}">{}</a>{}</td>'
    '\n      <td data-label="{}">{}</td>'
    '\n      <td data-label="{}" class="mono">{}</td>'
    '\n      <td data-label="{}" class="mono">{}</td>'
    '\n      <td data-label="{}">{}</td>'
    '\n      <td data-label="{}">{}</td>'
    '\n      <td data-label="{}">{}</td>'
    "\n    </tr>\n  "
)
_NONE = "—"


def _list_rows(ids: list[int]) -> dict[int, SafeString]:
    """Each of the page's rows as its `<tr>`, NIK and phone masked: plain values from one
    query (no model instances; each ORM query and model instance costs the web process
    about a millisecond), with the detail link, the size label and the location (the
    village's district and regency), written once per row."""
    values = Business.objects.filter(pk__in=ids).values_list(
        "pk", "name", "status", "size_class", "village_id",
        "owner__full_name", "owner__nik", "owner__phone", "sector_id", "sector__title",
        "village__parent__name", "village__parent__parent__name",
    )  # fmt: skip
    link = url_for_pk("registry:detail")
    sizes = {
        value: str(label) for value, label in Business._meta.get_field("size_class").flatchoices
    }
    label = {
        "business": _("Business"), "owner": _("Owner"), "nik": _("NIK"), "phone": _("Phone"),
        "location": _("Location"), "sector": _("Sector"), "size": _("Size"),
    }  # fmt: skip
    badge = format_html(' <span class="badge">{}</span>', _("Inactive"))
    rows = {}
    for pk, name, status, size, vid, owner, nik, phone, sector, title, district, regency in values:
        active = status == Status.ACTIVE
        if sector is not None:
            sector_cell = format_html('<span title="{}">{} {}</span>', title, sector, _short(title))
        else:
            sector_cell = _NONE
        rows[pk] = format_html(
            _ROW,
            "" if active else mark_safe(' class="inactive"'),
            label["business"], link(pk), name, "" if active else badge,
            label["owner"], owner,
            label["nik"], mask_nik(nik) or _NONE,
            label["phone"], mask_phone(phone) or _NONE,
            label["location"], f"{district}, {regency}" if vid else _NONE,
            label["sector"], sector_cell,
            label["size"], sizes.get(size, size) or _NONE,
        )  # fmt: skip
    return rows


@lru_cache(maxsize=4096)
def _short(text: str) -> str:
    """`|truncatechars:40` (a pure function of the sector title: kept per process)."""
    return truncatechars(text, 40)


def url_for_pk(name: str) -> Callable[[int], str]:
    """`pk -> reverse(name, args=[pk])` for many pks at the cost of one `reverse`."""
    marker = 918273645
    head, _sep, tail = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


@login_required
@require_http_methods(["GET", "POST"])
def business_list(request: HttpRequest) -> HttpResponse:
    """The registry list. The search form POSTs (see `_history_query`); GET serves links."""
    perms = _perms(request)
    params = request.POST if request.method == "POST" else request.GET
    form, qs = filtered_list(request.user, perms, params)
    data = form.cleaned_data
    qs = qs.order_by(*SORT_FIELDS.get(data.get("sort") or "name", ["name", "id"]))
    page = page_by_ids(qs, params.get("page"), PAGE_SIZE, _list_rows)
    query, identifier = _history_query(params)
    context = {"form": form, "page": page, "perms": perms, "query": query}
    context["identifier_search"] = identifier
    context["export_fields"] = [
        (k, v) for k, v in params.items() if k not in ("csrfmiddlewaretoken", "page")
    ]
    if _is_htmx(request) and request.headers.get("HX-Target") == "results":
        response = render(request, "registry/_results.html", context)
        response["HX-Push-Url"] = reverse("registry:list") + (f"?{query}" if query else "")
        return response
    return render(request, "registry/list.html", context)


@login_required
@require_GET
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The business itself; its panels (`PANELS`) are links that htmx opens in place."""
    perms = _perms(request)
    item = _visible(request, pk)
    panels = [(name, title) for name, (title, _t, allowed) in PANELS.items() if allowed(perms)]
    return render(request, "registry/detail.html", {"item": item, "perms": perms, "panels": panels})


# The business page's panels: name -> (title, template, who may open it). Each is a query
# or several (source rows, merges, programs, loans and memberships, the trail) that an
# officer does not need at first sight, so the page carries a link to each: htmx swaps
# the panel in when it is opened, and without JavaScript the link is a page of its own.
# The templates belong to their apps and read their own data (`business_programs` tags).
PANELS: dict[str, tuple[str, str, Callable[[Permissions], bool]]] = {
    "sources": (gettext_lazy("Source rows"), "intake/_business_sources.html", lambda p: True),
    "merges": (
        gettext_lazy("Duplicates: merge or split"),
        "review/_business_actions.html",
        lambda p: p.review_pairs,
    ),
    "programs": (
        gettext_lazy("Programs"),
        "programs/_business_programs.html",
        lambda p: p.view_programs,
    ),
    "loans": (
        gettext_lazy("Loans and memberships"),
        "loans/_business_loans.html",
        lambda p: p.view_programs,
    ),
    "history": (gettext_lazy("History"), "registry/_history.html", lambda p: True),
}


@login_required
@require_GET
def business_panel(request: HttpRequest, pk: int, panel: str) -> HttpResponse:
    """One panel of the business page: the fragment htmx swaps in, or (a plain request) a
    page with the panel alone. The same scoping as the business page (404 outside it)."""
    perms = _perms(request)
    item = get_object_or_404(Business.objects.visible_to(request.user), pk=pk)
    title, template, allowed = PANELS[panel]
    if not allowed(perms):
        raise PermissionDenied
    context: dict[str, Any] = {"item": item, "perms": perms, "title": title}
    if panel == "sources":
        context["records"] = item.source_records.select_related("file")[:100]
    elif panel == "history":
        events = AuditEvent.objects.for_object(item)
        context["history"] = events.exclude(action=Action.VIEW_PII)[:20]
    if _is_htmx(request):
        response = render(request, template, context)
    else:
        response = render(request, "registry/panel.html", {**context, "template": template})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The full NIK/phone/e-mail of the owner, as an htmx fragment; audited."""
    perms = _perms(request)
    item = _visible(request, pk)
    if field not in actions.PII_FIELDS:
        raise Http404
    if not perms.see_full_pii:
        raise PermissionDenied
    value = actions.reveal_pii(request.user, item, field, request=request)
    return render(request, "registry/_revealed.html", {"value": value, "field": field})


def _forms(
    request: HttpRequest, perms: Permissions, item: Business | None
) -> tuple[OwnerForm, BusinessForm]:
    data = request.POST if request.method == "POST" else None
    owner = OwnerForm(data, prefix="owner", instance=item.owner if item else None)
    business = BusinessForm(data, prefix="business", instance=item, scope=perms.scope)
    return owner, business


@login_required
@require_http_methods(["GET", "POST"])
def business_create(request: HttpRequest) -> HttpResponse:
    perms = _perms(request)
    if not perms.create_business:
        raise PermissionDenied
    owner_form, business_form = _forms(request, perms, None)
    if request.method == "POST" and owner_form.is_valid() & business_form.is_valid():
        item = actions.create_business(
            request.user,
            owner=owner_form.owner_data(),
            business=business_form.business_data(),
            request=request,
        )
        messages.success(request, _("Business “%(name)s” was added.") % {"name": item.name})
        return redirect("registry:detail", pk=item.pk)
    return render(
        request,
        "registry/form.html",
        {"owner_form": owner_form, "business_form": business_form, "item": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_edit(request: HttpRequest, pk: int) -> HttpResponse:
    perms = _perms(request)
    item = _visible(request, pk)
    if not perms.edit_business:
        raise PermissionDenied
    owner_form, business_form = _forms(request, perms, item)
    if request.method == "POST" and owner_form.is_valid() & business_form.is_valid():
        changes = actions.update_business(
            request.user,
            item,
            owner=owner_form.owner_data(),
            business=business_form.business_data(),
            request=request,
        )
        if changes["business"] or changes["owner"]:
            messages.success(request, _("Changes saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("registry:detail", pk=item.pk)
    if request.method == "GET" and item.owner.nik:
        # The edit form shows the full NIK: that is a view of personal data.
        record(request.user, Action.VIEW_PII, item.owner, fields=["nik"], request=request)
    return render(
        request,
        "registry/form.html",
        {"owner_form": owner_form, "business_form": business_form, "item": item},
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    perms = _perms(request)
    item = _visible(request, pk)
    if not perms.deactivate_business:
        raise PermissionDenied
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.set_business_status(request.user, item, Status.INACTIVE, request=request)
        messages.success(request, _("Business “%(name)s” was deactivated.") % {"name": item.name})
        return redirect("registry:detail", pk=item.pk)
    return render(request, "registry/deactivate.html", {"item": item, "form": form})


@login_required
@require_POST
def business_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    perms = _perms(request)
    item = _visible(request, pk)
    if not perms.deactivate_business:
        raise PermissionDenied
    actions.set_business_status(request.user, item, Status.ACTIVE, request=request)
    messages.success(request, _("Business “%(name)s” is active again.") % {"name": item.name})
    return redirect("registry:detail", pk=item.pk)


@login_required
@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """<option> elements for the children of `parent` that lie in the user's scope."""
    _perms(request)
    parent = request.GET.get("parent", "")
    scope = scope_for(request.user)
    regions = []
    if parent.isdigit() and scope.overlaps(parent):
        regions = [r for r in Region.objects.children_of(parent) if scope.overlaps(r.code)]
    return render(
        request,
        "registry/_options.html",
        {"regions": regions, "empty_label": request.GET.get("empty", "—")},
    )


@require_GET
def kbli_list(request: HttpRequest) -> JsonResponse:
    """The KBLI 2020 codes as `[[code, title], ...]`: the sector field's search list.

    Public reference data (no login, nothing about any business). Fetched by the phone
    only when the sector field is used, and kept by the service worker with the app
    shell, so the form searches sectors offline without carrying 1,790 <option>s.
    """
    from sinergi.registry.models import Sector

    rows = list(Sector.objects.order_by("code").values_list("code", "title"))
    response = JsonResponse(rows, safe=False)
    response["Cache-Control"] = "public, max-age=86400"
    return response
