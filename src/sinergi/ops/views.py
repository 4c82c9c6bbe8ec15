"""Operations pages: /healthz (public, for load balancers) and the job metrics (admins).

/healthz answers 200 with {"status": "ok", ...} when every check passes and 503 with
{"status": "fail", ...} otherwise; it shows only ok/fail and numbers, never data. The
metrics page needs `view_operations` (system admin) and returns JSON.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sinergi.accounts.roles import permissions_for
from sinergi.core import jobs
from sinergi.ops import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@login_required
@require_GET
def metrics(request: HttpRequest) -> JsonResponse:
    if not permissions_for(request.user).view_operations:
        raise PermissionDenied
    healthy, body = health.report()
    return JsonResponse({**body, **jobs.metrics()})
