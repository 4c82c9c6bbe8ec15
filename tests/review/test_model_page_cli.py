"""`sinergi manage train_linkage_model`: the model page's training from the command line.

The run is recorded like the page's (a training run, the audit trail) so the page's
history shows it; `--user` must name someone allowed to manage the model.
"""

from __future__ import annotations

import getpass
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from tests.review.conftest import SITI

from sinergi.audit.models import AuditEvent
from sinergi.review.actions import current_model, decide, link_records
from sinergi.review.models import ReviewPair, TrainingRun


@pytest.fixture
def decided(make_records, officer_bangka) -> ReviewPair:
    link_records([r.pk for r in make_records([SITI], officer_bangka)])
    doubtful = make_records([{**SITI, "nik": "", "phone": "085799998888"}], officer_bangka)
    link_records([r.pk for r in doubtful])
    pair = ReviewPair.objects.get()
    decide(officer_bangka, pair, "same")
    return pair


def _run(*args: str) -> str:
    out = StringIO()
    call_command("train_linkage_model", *args, stdout=out)
    return out.getvalue()


def test_it_trains_a_new_version_from_the_decisions_and_audits_it(decided, client_of, admin):
    before = current_model().version
    out = _run()
    lm = current_model()
    assert lm.version == before + 1 and lm.labels_used == 1
    assert f"version {lm.version} replaces version {before}" in out
    run = TrainingRun.objects.get()
    assert run.via == "cli" and run.status == "done" and run.model == lm
    event = AuditEvent.objects.for_object(lm).get(action="train")
    assert event.actor is None and event.actor_username == f"cli:{getpass.getuser()}"
    # The page's history credits the command line.
    page = client_of(admin).get("/review/model/").content.decode()
    assert f"cli:{getpass.getuser()}" in page


def test_it_credits_and_checks_a_named_user(decided, admin, officer_babel, officer_bangka):
    _run("--user", "admin")
    lm = current_model()
    assert lm.trained_by == admin
    assert AuditEvent.objects.for_object(lm).get(action="train").actor == admin
    for refused in ("officer.bangka", "officer.babel"):  # the model is national
        with pytest.raises(CommandError, match="may not train"):
            _run("--user", refused)
    with pytest.raises(CommandError, match="no such user"):
        _run("--user", "nobody")
    assert current_model().version == lm.version


def test_it_reports_a_failed_training(db: Any, monkeypatch):
    from sinergi.review import actions

    def broken(actor: Any = None, **kwargs: Any) -> None:
        raise RuntimeError("registri tidak terbaca")

    monkeypatch.setattr(actions, "train_model", broken)
    with pytest.raises(CommandError, match="registri tidak terbaca"):
        _run()
    assert TrainingRun.objects.get().status == "failed"


def test_it_lists_the_versions_with_the_one_in_use_marked(db: Any):
    current_model()
    out = _run("--list")
    assert out.startswith("* v1 ") and "builtin" in out and "0.500-0.950" in out
