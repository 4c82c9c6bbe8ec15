"""The linkage model page: the version in use, its weights, thresholds, training, history.

Plain functions: parse, authorise, call a verb in `review.training`, render. Only users
with `manage_linkage_model` (system administrator, province officer) get anything; the
others get 403 — the model is one for the whole installation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.linkage import hbar_chart, level_parameters, prior_weight
from sinergi.review import training
from sinergi.review.actions import current_model
from sinergi.review.forms import ThresholdsForm
from sinergi.review.models import LinkageModel, TrainingRun

HISTORY_SIZE = 50
RUNS_SHOWN = 5


def _manager(request: HttpRequest) -> None:
    if not training.can_manage_model(request.user):
        raise PermissionDenied


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _weights(lm: LinkageModel, previous: LinkageModel | None) -> list[dict[str, Any]]:
    """One row per comparison level: m, u, weight and its change since `previous`."""
    before = {}
    if previous is not None:
        before = {
            (p["comparison"], p["gamma"]): p["weight"] for p in level_parameters(previous.model)
        }
    rows = []
    for p in level_parameters(lm.model):
        old = before.get((p["comparison"], p["gamma"]))
        change = p["weight"] - old if p["weight"] is not None and old is not None else None
        rows.append({**p, "change": change})
    return rows


def _made_by(versions: list[LinkageModel]) -> dict[int, str]:
    """{version pk: who made it}: the user, else the training run's requester (the
    command line trains without a user)."""
    runs = TrainingRun.objects.filter(model_id__in=[v.pk for v in versions])
    by_run = dict(runs.values_list("model_id", "requested_by_username"))
    return {
        v.pk: v.trained_by.get_username() if v.trained_by else by_run.get(v.pk, "")
        for v in versions
    }


def _training_context() -> dict[str, Any]:
    runs = list(TrainingRun.objects.select_related("model")[:RUNS_SHOWN])
    return {"runs": runs, "busy": training.active_run()}


def _page(request: HttpRequest, form: ThresholdsForm | None = None, status: int = 200) -> Any:
    lm = current_model()
    trained = lm.trained_version()
    # Weights are compared with the parameters before the training behind `lm` (a copy
    # with new thresholds has the same weights as the version it copies).
    previous = LinkageModel.objects.filter(version__lt=trained.version).order_by("-version").first()
    weights = _weights(lm, previous)
    shown = [w for w in weights if w["weight"] is not None]
    chart = mark_safe(  # noqa: S308 - built by charts.hbar_chart, which escapes every label
        hbar_chart(
            [f"{w['comparison']}: {w['label']}" for w in shown],
            [w["weight"] for w in shown],
            title=_("Weight of each comparison level (log2 m/u)"),
        )
    )
    versions = list(
        LinkageModel.objects.select_related("trained_by", "based_on")
        .defer("model")
        .order_by("-version")[:HISTORY_SIZE]
    )
    made_by = _made_by([*versions, trained])
    for v in versions:
        v.made_by = made_by.get(v.pk, "")
    if form is None:
        form = ThresholdsForm(initial={"low": lm.low_threshold, "high": lm.high_threshold})
    return render(
        request,
        "review/model.html",
        {
            "lm": lm,
            "trained": trained,
            "trained_by": made_by.get(trained.pk, ""),
            "previous": previous,
            "prior_weight": prior_weight(lm.model),
            "weights": weights,
            "chart": chart,
            "versions": versions,
            "decided": training.decided_pairs(),
            "form": form,
            **_training_context(),
        },
        status=status,
    )


@login_required
@require_GET
def model_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _page(request)


@login_required
@require_GET
def training_status(request: HttpRequest) -> HttpResponse:
    """The htmx partial of the latest run; the page reloads when a polled run finishes,
    so the new version shows at once."""
    _manager(request)
    context = _training_context()
    response = render(request, "review/_training.html", context)
    if request.GET.get("polling") and context["busy"] is None:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def train(request: HttpRequest) -> HttpResponse:
    _manager(request)
    try:
        run = training.request_training(request.user, request=request)
    except training.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Training #%(n)s is queued; this page shows when it is done.") % {"n": run.pk},
        )
    return redirect("review:model")


@login_required
@require_POST
def thresholds(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ThresholdsForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        lm = training.set_thresholds(
            request.user,
            form.cleaned_data["low"],
            form.cleaned_data["high"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except training.TrainingError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    messages.success(
        request,
        _("Thresholds saved as version %(v)s; the next link run uses them.") % {"v": lm.version},
    )
    return redirect("review:model")


@login_required
@require_POST
def use_version(request: HttpRequest, version: int) -> HttpResponse:
    _manager(request)
    try:
        lm = training.use_version(
            request.user, version, note=request.POST.get("note", "").strip(), request=request
        )
    except training.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Version %(old)s is in use again, as version %(v)s.")
            % {"old": version, "v": lm.version},
        )
    return redirect("review:model")
