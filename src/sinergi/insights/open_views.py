"""Public open-data pages (no login): aggregates with small counts suppressed."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.core.spreadsheet import safe_row
from sinergi.insights import aggregates, opendata
from sinergi.insights.suppression import THRESHOLD, TOTAL
from sinergi.registry.models import SizeClass


def _province(request: HttpRequest) -> str:
    value = request.GET.get("province", "")
    return value if len(value) == 2 and value.isdigit() else ""


def _labels() -> dict[str, str]:
    labels = {str(k): str(v) for k, v in SizeClass.choices}
    labels[""] = _("unknown")
    labels[TOTAL] = _("Total")
    return labels


def _rows(province: str) -> tuple[list[str], list[list[object]]]:
    aggregates.ensure_fresh()
    published, names = opendata.table(province)
    labels = _labels()
    header = [_("Code"), _("Region")] + [labels[c] for c in published.cols]
    rows = []
    for r in published.rows:
        name = _("Total") if r == TOTAL else names.get(r, r)
        code = "" if r == TOTAL else r
        cells = [published.cells[(r, c)] for c in published.cols]
        rows.append([code, name, *["" if v is None else v for v in cells]])
    return header, rows


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    header, rows = _rows(province)
    return render(
        request,
        "insights/open_data.html",
        {"header": header, "rows": rows, "province": province, "threshold": THRESHOLD},
    )


@require_GET
def open_data_csv(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    header, rows = _rows(province)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"sinergi-umkm-{province or 'indonesia'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
