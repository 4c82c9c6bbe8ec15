"""Field pages: the phone's forms, drafts and outbox, and the one endpoint that receives.

The pages work without a connection once visited: the service worker (`/sw.js`, built
from `templates/field/sw.js`) keeps them and the static files they use. Drafts and the
outbox live on the phone (IndexedDB, per user: `static/field/field.js`); the server only
sees a form when it is finished and sent, through `submit`, which answers in JSON.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed
from sinergi.field import actions
from sinergi.field.models import SubmissionStatus
from sinergi.regions.models import Region

# The app shell the service worker keeps (static files, by their served names).
SHELL = [
    "sinergi/sinergi.css",
    "sinergi/app.js",
    "sinergi/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "vendor/idb-keyval/idb-keyval.umd.js",
    "field/field.js",
    "field/icon.svg",
]
# Pages kept for use offline, as last seen online by the user on this phone; and the
# pages under these paths (a business's visit form) once the user opened them online.
FIELD_PAGES = ["field:home", "field:new"]
FIELD_PREFIXES = ["/field/visits/", "/field/update/"]
# Village lists embedded in the form for offline use: a regency has ~100, a province
# ~400-2,000; beyond this the form loads them online only.
MAX_OFFLINE_REGIONS = 3000


def _may_use(request: HttpRequest) -> None:
    if not permissions_for(request.user).create_business:
        raise PermissionDenied


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Forms, drafts and the outbox (the lists are drawn by field.js from the phone)."""
    _may_use(request)
    return render(request, "field/home.html")


def _regions_for(scope: str) -> dict[str, list[list[str]]]:
    """{parent code: [[code, name], ...]} for the districts and villages in scope."""
    qs = Region.objects.filter(level__in=["district", "village"])
    if scope:
        prefix = scope[:4] if len(scope) < 4 else scope
        qs = qs.filter(code__startswith=prefix)
    if qs.count() > MAX_OFFLINE_REGIONS:
        return {}
    tree: dict[str, list[list[str]]] = {}
    for code, name, parent in qs.order_by("name").values_list("code", "name", "parent_id"):
        tree.setdefault(parent, []).append([code, name])
    return tree


@login_required
@require_GET
def new_business(request: HttpRequest) -> HttpResponse:
    """The new-business form of the registry, made to work offline (see field.js)."""
    from sinergi.registry.forms import BusinessForm, OwnerForm

    _may_use(request)
    scope = permissions_for(request.user).scope
    context = {
        "owner_form": OwnerForm(prefix="owner"),
        "business_form": BusinessForm(prefix="business", scope=scope),
        "regions": _regions_for(scope),
    }
    return render(request, "field/new.html", context)


@login_required
@require_GET
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """The update form of one business's own fields; kept for offline use once opened.

    Carries the business's `version`: an update sent after someone else changed the
    business is refused, never silently overwriting (see `actions`).
    """
    from django.shortcuts import get_object_or_404

    from sinergi.registry.forms import BusinessForm
    from sinergi.registry.models import Business

    _may_use(request)
    perms = permissions_for(request.user)
    if not perms.edit_business:
        raise PermissionDenied
    business = get_object_or_404(Business.objects.visible_to(request.user), pk=pk)
    context = {
        "business": business,
        "business_form": BusinessForm(prefix="business", instance=business, scope=perms.scope),
        "regions": _regions_for(perms.scope),
        "version": business.updated_at.isoformat(),
    }
    return render(request, "field/update.html", context)


@login_required
@require_GET
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit log form for one business; kept for offline use once opened."""
    from django.shortcuts import get_object_or_404

    from sinergi.field.forms import VisitForm
    from sinergi.registry.models import Business

    _may_use(request)
    business = get_object_or_404(Business.objects.visible_to(request.user), pk=pk)
    context = {
        "business": business,
        "form": VisitForm(initial={"visited_on": date.today()}),
        "visits": business.field_visits.select_related("user")[:5],
    }
    return render(request, "field/visit.html", context)


@login_required
@require_POST
def duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate warning of the field form (htmx, POST: typed NIKs never in a URL).

    The registry's warning (`review.duplicates.find_duplicates` on the same form fields),
    drawn side by side with the fields that agree, and a way to open the existing
    business instead of creating a new one (field.js then drops the draft).
    """
    from sinergi.field.compare import side_by_side
    from sinergi.review.duplicates import find_duplicates, values_from_form

    _may_use(request)
    values = values_from_form(request.POST)
    village = Region.objects.filter(code=values["village_code"]).first()
    values["village_name"] = village.name if village else ""
    found = [
        {"candidate": c, "rows": side_by_side(values, c.business)}
        for c in find_duplicates(request.user, values)
    ]
    return render(request, "field/_duplicates.html", {"found": found})


@never_cache
@require_GET
def session(request: HttpRequest) -> JsonResponse:
    """Who is logged in on this phone and a fresh CSRF token.

    The outbox sends with the CSRF cookie's token and its user (checked by `submit`);
    only when the server refuses that token (a page kept from before the last login)
    does it ask here for a fresh one, and sends only if this names the items' user.
    """
    user = request.user if request.user.is_authenticated else None
    return JsonResponse({"user": user.pk if user else None, "csrf": get_token(request)})


def _answer(received: actions.Received) -> dict[str, Any]:
    sub = received.submission
    answer: dict[str, Any] = {
        "key": str(sub.key),
        "status": sub.status,
        "repeat": received.repeat,
        "business": sub.business_id,
        "url": reverse("registry:detail", args=[sub.business_id]) if sub.business_id else "",
        "name": sub.business.name if sub.business else "",
    }
    if sub.status == SubmissionStatus.RECORDED:
        answer["message"] = _("Visit recorded.")
    elif sub.status == SubmissionStatus.UPDATED:
        answer["message"] = _("Business updated.")
    elif sub.status == SubmissionStatus.IN_REVIEW:
        answer["message"] = _(
            "Added, and queued for review: it looks like a business already in the registry."
        )
    else:
        answer["message"] = _("Business added.")
    return answer


@login_required
@require_POST
def submit(request: HttpRequest) -> JsonResponse:
    """Receive one finished form: `{"key", "kind", "data", "finished_at", "user"}` as JSON.

    200 with the answer (the same answer to a repeated key), 400 with the fields refused,
    403 when the user may not add businesses or the key is someone else's, 409 when
    `user` (whose phone outbox the form comes from) is not the session's user: the
    outbox checks the user in the same request as the send, not in one before it.
    """
    _may_use(request)
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"errors": {"__all__": ["the body is not JSON"]}}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        return JsonResponse({"errors": {"__all__": ["expected {key, kind, data}"]}}, status=400)
    expected = body.get("user")
    if expected is not None and str(expected) != str(request.user.pk):
        # The phone's items belong to another user than this session's: kept on the phone.
        return JsonResponse(
            {"errors": {"__all__": [_("Not allowed.")]}, "other_user": True}, status=409
        )
    finished = body.get("finished_at")
    try:
        received = actions.receive(
            request.user,
            body.get("key"),
            body["data"],
            kind=str(body.get("kind") or "new_business"),
            finished_at=parse_datetime(finished) if isinstance(finished, str) else None,
            request=request,
        )
    except actions.Invalid as refused:
        return JsonResponse({"errors": refused.errors}, status=400)
    except (NotAllowed, ValueError):
        return JsonResponse({"errors": {"__all__": [_("Not allowed.")]}}, status=403)
    return JsonResponse(_answer(received))


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it does not keep, without a connection."""
    return render(request, "field/offline.html")


def _service_worker_source() -> str:
    # The KBLI list the sector field searches: public, kept so it works offline.
    shell = [static(path) for path in SHELL] + [reverse("registry:kbli")]
    pages = [reverse(name) for name in FIELD_PAGES]
    lists = {
        "shell": shell,
        "pages": pages,
        "prefixes": FIELD_PREFIXES,
        "offline": reverse("field:offline"),
    }
    version = hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()[:12]
    return render_to_string("field/sw.js", {"version": version, "lists": json.dumps(lists)})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so it may serve every page offline."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: installable, opening on the field assistant's page."""
    data = {
        "name": "Sinergi",
        "short_name": "Sinergi",
        "description": _("Shared registry of micro, small and medium businesses (UMKM)."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("field:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f7fa",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": static("field/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")
