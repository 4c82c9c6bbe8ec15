"""Writes of the model page: request a training run, run it, set thresholds, go back.

The linkage model is one for the whole installation, so these verbs need the
`manage_linkage_model` permission (system administrator, province officer), stricter than
reviewing pairs. Each checks it, changes the data and writes the audit trail.

Every change makes a **new version row** and never edits an existing one: the newest
`LinkageModel` is the one in use (`actions.current_model`), and the model version a link
run records (batch audit event, `ReviewPair.linkage_model`) then says exactly which
parameters and thresholds scored it.

- `request_training` queues a `TrainingRun` and the django-tasks task
  (`review.tasks.train_model_task`); the worker calls `run_training(run id)`, which claims
  the run with a conditional update and calls `actions.train_model` (EM on the registry,
  then the review decisions as labels). Re-running the task after a crash is safe.
- `set_thresholds` copies the current version with new thresholds.
- `use_version` copies an earlier version (parameters and thresholds) as the newest.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sinergi.accounts.roles import permissions_for
from sinergi.audit.actions import record
from sinergi.audit.events import ModelRevised, Trained
from sinergi.audit.models import Action
from sinergi.review.models import (
    LinkageModel,
    ModelOrigin,
    PairStatus,
    ReviewPair,
    RunStatus,
    TrainingRun,
)

log = logging.getLogger(__name__)

# A run queued or running for longer than this is taken as lost (worker killed, no worker
# started): it no longer blocks a new request and may be claimed again.
STALE = dt.timedelta(hours=2)


class TrainingError(ValueError):
    """A request the model page refuses, with a message for the user."""


def can_manage_model(user: object) -> bool:
    return permissions_for(user).manage_linkage_model


def _require(user: object) -> None:
    if not can_manage_model(user):
        raise PermissionDenied("manage_linkage_model")


def _active() -> Any:
    return TrainingRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])


def _stale() -> Q:
    old = timezone.now() - STALE
    return Q(started_at__lt=old) | Q(started_at__isnull=True, requested_at__lt=old)


def active_run() -> TrainingRun | None:
    """The queued or running run that is not stale, if any."""
    return _active().exclude(_stale()).first()


def decided_pairs() -> int:
    """Review decisions the next training would use as labels (as `train_model` counts)."""
    return ReviewPair.objects.filter(status__in=[PairStatus.SAME, PairStatus.DIFFERENT]).count()


def check_thresholds(low: float, high: float) -> None:
    """0 < low <= high < 1; raises TrainingError naming the value that is wrong."""
    if not 0 < low < 1:
        raise TrainingError(
            f"Ambang tinjau harus di antara 0 dan 1 (bukan {low}) / "
            f"'review from' must be between 0 and 1 (not {low})"
        )
    if not 0 < high < 1:
        raise TrainingError(
            f"Ambang tautan otomatis harus di antara 0 dan 1 (bukan {high}) / "
            f"'link automatically from' must be between 0 and 1 (not {high})"
        )
    if low > high:
        raise TrainingError(
            f"Ambang tinjau ({low}) tidak boleh lebih besar dari ambang tautan otomatis "
            f"({high}) / 'review from' ({low}) must not exceed 'link automatically from' ({high})"
        )


def request_training(actor: Any, *, request: HttpRequest | None = None) -> TrainingRun:
    """Queue a training run (refused while another one is queued or running)."""
    _require(actor)
    with transaction.atomic():
        _active().filter(_stale()).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error="Berhenti tanpa selesai / stopped without finishing",
        )
        if active_run() is not None:
            raise TrainingError(
                "Pelatihan lain sedang antre atau berjalan / "
                "another training is already queued or running"
            )
        run = TrainingRun.objects.create(
            requested_by=actor, requested_by_username=actor.get_username()
        )
        record(actor, Action.TRAIN, run, changes={"status": {"old": None, "new": "queued"}},
               request=request)  # fmt: skip
    # Enqueued after the commit: a worker must find the run it is asked to claim.
    from sinergi.review.tasks import train_model_task

    result = train_model_task.enqueue(run.pk)
    TrainingRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def start_cli_run(actor: Any = None, username: str = "") -> TrainingRun:
    """A run for the command line, to be run at once with `run_training`. With a user,
    the user needs the permission; without one, the run is credited to `username`."""
    if actor is not None:
        _require(actor)
        username = actor.get_username()
    return TrainingRun.objects.create(requested_by=actor, requested_by_username=username, via="cli")


def run_training(run_id: int) -> str:
    """Claim the run and train (module doc). Returns the run's status, or "not-claimed"
    when another worker has it or it already finished (idempotent)."""
    from sinergi.review.actions import train_model

    claimed = TrainingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not-claimed"
    run = TrainingRun.objects.select_related("requested_by").get(pk=run_id)
    actor = run.requested_by
    try:
        if actor is not None or run.via != "cli":
            # Checked again: the permission may have been withdrawn (or the user deleted)
            # since the request.
            _require(actor)
        lm = train_model(actor)
        if actor is None:
            # The verb audits only a user's training; the command line is audited here.
            record(
                None,
                Action.TRAIN,
                lm,
                event=Trained(lm.version, lm.method),
                actor_username=run.requested_by_username,
            )
    except Exception as exc:
        log.exception("training run %s failed", run_id)
        lines = str(exc).strip().splitlines()
        reason = lines[0][:300] if lines else type(exc).__name__
        if isinstance(exc, PermissionDenied):
            reason = "Tidak berwenang melatih model / not allowed to train the model"
        TrainingRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=reason
        )
        return RunStatus.FAILED
    TrainingRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, finished_at=timezone.now(), model=lm
    )
    return RunStatus.DONE


def _copy(
    actor: Any, source: LinkageModel, origin: str, *, low: float, high: float, note: str
) -> LinkageModel:
    """A new newest version with `source`'s parameters and training counts."""
    newest = LinkageModel.objects.select_for_update().order_by("-version").first()
    version = (newest.version if newest else 0) + 1
    return LinkageModel.objects.create(
        version=version,
        model=source.model,
        method=source.method,
        trained_by=actor,
        trained_on_records=source.trained_on_records,
        trained_on_businesses=source.trained_on_businesses,
        labels_used=source.labels_used,
        low_threshold=low,
        high_threshold=high,
        origin=origin,
        based_on=source,
        note=note,
    )


def set_thresholds(
    actor: Any, low: float, high: float, *, note: str = "", request: HttpRequest | None = None
) -> LinkageModel:
    """Use new thresholds from now on: a new version with the current parameters."""
    from sinergi.review.actions import current_model

    _require(actor)
    check_thresholds(low, high)
    with transaction.atomic():
        current = current_model()
        if (low, high) == (current.low_threshold, current.high_threshold):
            raise TrainingError("Ambang tidak berubah / the thresholds did not change")
        lm = _copy(actor, current, ModelOrigin.THRESHOLDS, low=low, high=high, note=note)
        record(
            actor,
            Action.UPDATE,
            lm,
            changes={
                "version": {"old": current.version, "new": lm.version},
                "low_threshold": {"old": current.low_threshold, "new": low},
                "high_threshold": {"old": current.high_threshold, "new": high},
            },
            event=ModelRevised(note),
            request=request,
        )
    return lm


def use_version(
    actor: Any, version: int, *, note: str = "", request: HttpRequest | None = None
) -> LinkageModel:
    """Put an earlier version back in use: a new version copying its parameters and
    thresholds (the history stays as it was)."""
    from sinergi.review.actions import current_model

    _require(actor)
    with transaction.atomic():
        current = current_model()
        chosen = LinkageModel.objects.filter(version=version).first()
        if chosen is None:
            raise TrainingError(f"Versi {version} tidak ada / there is no version {version}")
        if chosen.pk == current.pk:
            raise TrainingError(
                f"Versi {version} sudah dipakai / version {version} is already in use"
            )
        lm = _copy(
            actor,
            chosen,
            ModelOrigin.RESTORED,
            low=chosen.low_threshold,
            high=chosen.high_threshold,
            note=note,
        )
        record(
            actor,
            Action.UPDATE,
            lm,
            changes={
                "version": {"old": current.version, "new": lm.version},
                "low_threshold": {"old": current.low_threshold, "new": lm.low_threshold},
                "high_threshold": {"old": current.high_threshold, "new": lm.high_threshold},
            },
            event=ModelRevised(note, restored_from=version),
            request=request,
        )
    return lm


__all__ = [
    "STALE",
    "TrainingError",
    "active_run",
    "can_manage_model",
    "check_thresholds",
    "decided_pairs",
    "request_training",
    "run_training",
    "set_thresholds",
    "start_cli_run",
    "use_version",
]
