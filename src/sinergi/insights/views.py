"""Overview pages: the dashboard (the home page), the map, chart downloads.

Plain functions: parse, authorise (`_scope`: the role table's `view_registry`, not for
business owners, who have no region to summarise), read (`dashboard`, `maps`), render.
Every number comes from a read that applies the user's `Scope`.
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import Scope, scope_for
from sinergi.core.spreadsheet import safe_row, xlsx_text_row
from sinergi.insights import aggregates, background, dashboard, maps


def _scope(request: HttpRequest) -> Scope:
    perms = permissions_for(request.user)
    if not perms.view_registry or perms.is_owner:
        raise PermissionDenied
    return scope_for(request.user)


def home(request: HttpRequest) -> HttpResponse:
    """`/`: the dashboard for region users; owners go to their businesses."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next=/")
    perms = permissions_for(request.user)
    if perms.is_owner or not perms.view_registry:
        return redirect("registry:list")
    return overview(request)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    snapshot = aggregates.ensure_fresh()
    panels = dashboard.page_panels(request.user, scope)
    level = request.GET.get("level") if request.GET.get("level") in ("regency", "district") else ""
    map_html = dashboard.per_snapshot(
        scope,
        ("map", _map_region(request, scope), level),
        lambda: render_to_string("insights/_map.html", _map_context(request, scope)),
    )
    context = {"panels": panels, "snapshot": snapshot, "map_html": map_html}
    return render(request, "insights/overview.html", context)


def _registry_link(code: str) -> str:
    params = {"regency": code[:4]} if len(code) >= 4 else {}
    if len(code) >= 6:
        params["district"] = code[:6]
    return reverse("registry:list") + ("?" + urlencode(params) if params else "")


def _map_region(request: HttpRequest, scope: Scope) -> str:
    """The region a map shows: the scope, or (drilling down, `?region=`) a province or
    regency inside it. Anything else falls back to the scope."""
    region = request.GET.get("region", "")
    inside = region.startswith(scope.region) and len(region) > len(scope.region)
    return region if inside and region.isdigit() and len(region) in (2, 4) else scope.region


def _map_context(request: HttpRequest, scope: Scope) -> dict:
    """The map and its table. One map draws at most `maps.MAX_AREAS` areas (a phone on a
    slow network gets a light page): finer levels are drawn per province or regency
    (`?region=`, reached from the table), e.g. Indonesia's regencies province by province.
    Each area links to the filtered registry."""
    region = _map_region(request, scope)
    level = request.GET.get("level")
    if level not in ("regency", "district") or (level == "regency" and len(region) >= 4):
        level = None
    level, codes = maps.areas_of(region, level)
    too_many = len(codes) > maps.MAX_AREAS
    if too_many:  # e.g. the 514 regencies of Indonesia: drawn per province instead
        level, codes = maps.areas_of(region)
    field = {"province": "province_code", "regency": "regency_code"}.get(level, "district_code")
    counts = aggregates.counts(request.user, scope, "businesses", "all", by=field)
    by_area = aggregates.totals(counts.items(), index=0)
    names = dashboard.region_names([*codes, region] if region else codes)
    svg, classes = maps.svg(
        region, by_area, names, _registry_link, level=level,
        label=_("Businesses per region"),
    )  # fmt: skip
    page = reverse("insights:map")
    rows = sorted(
        (
            (names.get(c, c), by_area.get(c, 0), _registry_link(c),
             f"{page}?region={c}" if len(c) in (2, 4) else "")
            for c in codes
        ),
        key=lambda r: r[0],
    )  # fmt: skip
    up = ""
    if region != scope.region:
        parent = region[:-2] if len(region) == 4 and len(region) - 2 > len(scope.region) else ""
        up = f"{page}?region={parent}" if parent else page
    return {
        "map_svg": svg,
        "map_classes": classes,
        "map_rows": rows,
        "map_level": level,
        "map_region": region,
        "map_region_name": names.get(region, "") if region else _("Indonesia"),
        "map_up": up,
        "map_too_many": too_many,
        "map_attribution": maps.ATTRIBUTION,
    }


@login_required
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    aggregates.ensure_fresh()
    return render(request, "insights/map.html", _map_context(request, scope))


@login_required
@require_GET
def chart_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """One dashboard chart's table as csv or xlsx (aggregates only: no personal data)."""
    scope = _scope(request)
    aggregates.ensure_fresh()
    chart = dashboard.chart(request.user, scope, name)
    if chart is None or fmt not in ("csv", "xlsx"):
        raise Http404
    header = [str(c) for c in chart.columns]
    rows = [[str(label), value] for label, value in chart.rows]
    filename = f"sinergi-{name}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(safe_row(header))
        for row in rows:
            writer.writerow(safe_row(row))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            xlsx_bytes(chart.title, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    """A one-sheet workbook: frozen header row, autofilter, every text cell typed as text
    and guarded against formulas (`core.spreadsheet`)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31].replace("/", "-") or "Sinergi")
    sheet.freeze_panes = "A2"
    width = len(header)
    sheet.auto_filter.ref = f"A1:{_column(width)}{len(rows) + 1}"
    sheet.append(xlsx_text_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_text_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@login_required
@require_POST
def registry_export(request: HttpRequest) -> HttpResponse:
    """The registry list for the POSTed filters, as xlsx or csv (see `exports`)."""
    from django.http import FileResponse

    from sinergi.registry.views import filtered_list

    perms = permissions_for(request.user)
    if not perms.view_registry:
        raise PermissionDenied
    fmt = request.POST.get("fmt", "xlsx")
    if fmt not in ("xlsx", "csv"):
        return HttpResponse(_("Unknown format."), status=400)
    _form, qs = filtered_list(request.user, perms, request.POST)
    large = background.is_large(qs)
    if large is not None:
        # Too long for one request: the worker writes it; the user watches its progress.
        job = background.request_export(request.user, request.POST, fmt, large)
        return redirect("insights:export_detail", pk=job.pk)
    out, count, full = background.write_list(request.user, request.POST, fmt)
    background.audit_written(request.user, fmt, count, full, request=request)
    return FileResponse(out, as_attachment=True, filename=f"sinergi-registri.{fmt}")


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's own background exports, newest first."""
    if not permissions_for(request.user).view_registry:
        raise PermissionDenied
    exports_ = background.visible_exports(request.user)[:50]
    return render(request, "insights/exports.html", {"exports": exports_})


def _export(request: HttpRequest, pk: int):  # noqa: ANN202
    from sinergi.insights.models import Export

    job = Export.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None or not background.may_see(request.user, job):
        raise Http404  # another user's export is not even confirmed to exist
    return job


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One background export: its progress (htmx polls the partial), then its link."""
    from sinergi.core import jobs

    job = _export(request, pk)
    stale = (
        job.status == "running"
        and job.heartbeat_at is not None
        and (timezone.now() - job.heartbeat_at).total_seconds() > jobs.STALE_SECONDS
    )
    context = {"job": job, "stale": stale}
    if request.headers.get("HX-Request"):
        response = render(request, "insights/_export_progress.html", context)
        if not job.is_active:
            response.status_code = 286  # htmx: stop polling
        return response
    return render(request, "insights/export.html", context)


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished file of a background export (audited on every download)."""
    from django.http import FileResponse

    job = _export(request, pk)
    if job.status != "done" or not job.path:  # not ready, or removed after its keeping days
        raise Http404
    handle = background.open_for_download(request.user, job, request)
    return FileResponse(handle, as_attachment=True, filename=job.filename)


def _recap_choice(request: HttpRequest):  # noqa: ANN202
    """(region, period) from ?region=&period=, or an HttpResponse saying what is wrong."""
    from sinergi.insights import recap

    region = recap.region_for(request.user, request.GET.get("region"))
    # ?period=2026-Q1, or the form's ?year=2026&part=-Q1 ("" = the whole year, "-03" = March)
    text = request.GET.get("period") or (
        request.GET.get("year", f"{timezone.localdate():%Y}") + request.GET.get("part", "")
    )
    try:
        period = recap.Period.parse(text)
    except ValueError:
        message = _("Unknown period: use a month (2026-03), a quarter (2026-Q1) or a year (2026).")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return region, period


@login_required
@require_GET
def recap_page(request: HttpRequest) -> HttpResponse:
    """Choose the recap's period and region; links to the xlsx and the PDF."""
    from sinergi.regions.models import Region

    scope = _scope(request)
    levels = ["province", "regency"] if not scope.region else ["province", "regency", "district"]
    regions = Region.objects.filter(code__startswith=scope.region, level__in=levels)
    regions = list(regions.order_by("code").values_list("code", "name")[:600])
    today = timezone.localdate()
    years = list(range(today.year, today.year - 6, -1))
    return render(request, "insights/recap.html", {
        "regions": regions, "years": years, "scope_region": scope.region,
        "this_month": f"{today:%Y-%m}", "this_year": today.year,
    })  # fmt: skip


@login_required
@require_GET
def recap(request: HttpRequest, fmt: str = "xlsx") -> HttpResponse:
    """The ministry's recap of one region for one period, as xlsx or PDF (the same
    `recap.Recap` laid out twice). Template: docs/recap.md."""
    from sinergi.insights import recap as recaps

    _scope(request)
    choice = _recap_choice(request)
    if isinstance(choice, HttpResponse):
        return choice
    region, period = choice
    made = recaps.build(request.user, region, period)
    name = f"sinergi-rekap-{region or 'nasional'}-{period.key}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(recaps.as_pdf(made), content_type="application/pdf")
    else:
        response = HttpResponse(
            recaps.as_xlsx(made),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
