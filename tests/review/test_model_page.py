"""The linkage model page over HTTP: who may see it, thresholds, training, going back.

The province officer of Bangka Belitung and the system administrator manage the one
model of the installation; a regency officer (of the same province or of Denpasar), a
field assistant, a program manager and the auditor get 403 and change nothing. The
worker's job is run here synchronously (the task body, as the intake tests do).
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.review.conftest import SITI

from sinergi.audit.models import AuditEvent
from sinergi.review.actions import current_model, decide, link_records
from sinergi.review.models import LinkageModel, ModelOrigin, ReviewPair, TrainingRun

# The model is national (the role table): a province officer no longer manages it.
REFUSED = [
    "officer_babel",
    "officer_bangka",
    "officer_denpasar",
    "assistant_bangka",
    "manager_mitra",
    "auditor",
]


@pytest.fixture
def v1(db: Any) -> LinkageModel:
    return current_model()


@pytest.fixture
def pair(make_records, officer_bangka) -> ReviewPair:
    """Siti's warung, then a row of it without NIK and another phone: a doubtful pair."""
    link_records([r.pk for r in make_records([SITI], officer_bangka)])
    doubtful = make_records([{**SITI, "nik": "", "phone": "085799998888"}], officer_bangka)
    link_records([r.pk for r in doubtful])
    return ReviewPair.objects.get()


def _post_thresholds(client: Any, low: str, high: str, note: str = "") -> Any:
    return client.post("/review/model/thresholds/", {"low": low, "high": high, "note": note})


@pytest.mark.parametrize("actor", REFUSED)
def test_it_refuses_everyone_below_province_level(request, client_of, actor, v1):
    client = client_of(request.getfixturevalue(actor))
    assert client.get("/review/model/").status_code == 403
    assert client.get("/review/model/training/").status_code == 403
    assert client.post("/review/model/train/").status_code == 403
    assert _post_thresholds(client, "0.4", "0.9").status_code == 403
    assert client.post(f"/review/model/versions/{v1.version}/use/").status_code == 403
    assert LinkageModel.objects.count() == 1 and not TrainingRun.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["train", "update"]).exists()


def test_it_sends_an_anonymous_visitor_to_the_login_page(client_of, v1):
    response = client_of(None).get("/review/model/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_queue_links_to_the_model_page_only_for_those_who_manage_it(
    client_of, admin, officer_bangka
):
    assert 'href="/review/model/"' in client_of(admin).get("/review/").content.decode()
    assert 'href="/review/model/"' not in client_of(officer_bangka).get("/review/").content.decode()


@pytest.mark.parametrize("actor", ["admin"])
def test_it_shows_the_version_in_use_its_thresholds_weights_and_history(
    request, client_of, actor, v1
):
    response = client_of(request.getfixturevalue(actor)).get("/review/model/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-version="1"' in page and 'id="low" data-value="0.5"' in page
    assert 'id="high" data-value="0.95"' in page
    assert 'data-comparison="nik" data-gamma="3"' in page  # the m/u table
    assert "NIK sama (16 digit)" in page and "NIK berbeda" in page  # levels named from the spec
    assert "<svg" in page
    assert 'id="train"' in page  # nothing is running: the button is there
    assert "/review/model/versions/1/use/" not in page  # the version in use is not offered


def test_thresholds_make_a_new_version_with_the_same_parameters_and_are_audited(
    client_of, admin, v1
):
    response = _post_thresholds(client_of(admin), "0,4", "0.9", note="terlalu banyak")
    assert response.status_code == 302
    lm = current_model()
    assert (lm.version, lm.low_threshold, lm.high_threshold) == (2, 0.4, 0.9)
    assert lm.model == v1.model and lm.origin == ModelOrigin.THRESHOLDS and lm.based_on == v1
    v1.refresh_from_db()
    assert (v1.low_threshold, v1.high_threshold) == (0.5, 0.95)  # history is never edited
    event = AuditEvent.objects.for_object(lm).get(action="update")
    assert event.actor == admin
    assert event.changes["low_threshold"] == {"old": 0.5, "new": 0.4}
    assert event.changes["high_threshold"] == {"old": 0.95, "new": 0.9}
    assert event.changes["version"] == {"old": 1, "new": 2}
    assert event.payload == {"note": "terlalu banyak", "restored_from": None}


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        ("0", "0.9", "lebih dari 0 dan kurang dari 1"),
        ("0.5", "1", "lebih dari 0 dan kurang dari 1"),
        ("-0.1", "0.9", "lebih dari 0 dan kurang dari 1"),
        ("0.9", "0.5", "tidak boleh lebih besar"),
        ("abc", "0.9", "Masukkan sebuah bilangan"),
        ("", "0.9", "tidak boleh kosong"),
        ("nan", "0.9", "Masukkan sebuah bilangan"),
        ("0.5", "0.95", "tidak berubah"),
    ],
)
def test_thresholds_are_validated(client_of, admin, v1, low, high, message):
    response = _post_thresholds(client_of(admin), low, high)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert LinkageModel.objects.count() == 1
    assert not AuditEvent.objects.filter(action="update").exists()


def test_low_may_equal_high(client_of, admin, v1):
    assert _post_thresholds(client_of(admin), "0.8", "0.8").status_code == 302
    assert (current_model().low_threshold, current_model().high_threshold) == (0.8, 0.8)


def test_training_is_queued_audited_then_makes_version_n_plus_1_from_the_decisions(
    client_of, admin, officer_bangka, pair
):
    from sinergi.review.tasks import train_model_task

    decide(officer_bangka, pair, "same", note="NIK sama di KTP")
    before = current_model()
    client = client_of(admin)
    assert client.post("/review/model/train/").status_code == 302
    run = TrainingRun.objects.get()
    assert run.status == "queued" and run.task_id and run.requested_by == admin
    assert AuditEvent.objects.for_object(run).get(action="train").actor == admin
    page = client.get("/review/model/").content.decode()
    assert 'data-status="queued"' in page and 'id="train"' not in page
    assert 'hx-get="/review/model/training/?polling=1"' in page

    # A second request while one is queued is refused.
    response = client.post("/review/model/train/", follow=True)
    assert "sedang antre atau berjalan" in response.content.decode()
    assert TrainingRun.objects.count() == 1

    # The worker's job, run synchronously.
    assert train_model_task.call(run.pk) == "done"
    assert train_model_task.call(run.pk) == "not-claimed"  # a second delivery does nothing
    run.refresh_from_db()
    lm = current_model()
    assert run.status == "done" and run.model == lm and run.finished_at
    assert lm.version == before.version + 1 and lm.labels_used == 1
    assert lm.method.endswith("+labels") and lm.model != before.model
    assert (lm.low_threshold, lm.high_threshold) == (before.low_threshold, before.high_threshold)
    assert lm.trained_by == admin and lm.trained_on_records == 2
    event = AuditEvent.objects.for_object(lm).get(action="train")
    assert event.actor == admin and event.payload["version"] == lm.version

    # The polling partial asks the browser to reload once the run is over.
    partial = client.get("/review/model/training/?polling=1", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    page = client.get("/review/model/").content.decode()
    assert f'data-version="{lm.version}"' in page and 'data-labels="1"' in page
    assert 'id="train"' in page


def test_the_next_link_run_uses_the_new_version(
    client_of, admin, make_records, officer_bangka, pair
):
    from sinergi.review.tasks import train_model_task

    decide(officer_bangka, pair, "different")
    client_of(admin).post("/review/model/train/")
    assert train_model_task.call(TrainingRun.objects.get().pk) == "done"
    trained = current_model()
    assert trained.labels_used == 1

    records = make_records([{**SITI, "owner_name": "Budi Santoso", "nik": "1901010101900003"}])
    summary = link_records([r.pk for r in records])
    assert summary.model_version == trained.version
    event = AuditEvent.objects.for_object(records[0].batch).get(action="link")
    assert event.payload["model_version"] == trained.version


def test_a_failed_training_is_shown_with_its_reason(client_of, admin, v1, monkeypatch):
    from sinergi.review import actions
    from sinergi.review.tasks import train_model_task

    def broken(actor: Any = None, **kwargs: Any) -> None:
        raise RuntimeError("registri kosong\nSELECT ... (pages of SQL)")

    monkeypatch.setattr(actions, "train_model", broken)
    client = client_of(admin)
    client.post("/review/model/train/")
    assert train_model_task.call(TrainingRun.objects.get().pk) == "failed"
    page = client.get("/review/model/").content.decode()
    assert "registri kosong" in page and "pages of SQL" not in page
    assert current_model().version == 1 and 'id="train"' in page  # may be tried again


def test_training_fails_when_the_permission_was_withdrawn_before_the_worker_ran(
    client_of, admin, v1
):
    from sinergi.accounts.models import Membership
    from sinergi.review.tasks import train_model_task

    client_of(admin).post("/review/model/train/")
    Membership.objects.filter(user=admin).update(role="regency_officer", scope_id="1901")
    assert train_model_task.call(TrainingRun.objects.get().pk) == "failed"
    assert "Tidak berwenang" in TrainingRun.objects.get().error
    assert current_model().version == 1


def test_a_stale_run_no_longer_blocks_a_new_one(client_of, admin, v1):
    import datetime as dt

    from django.utils import timezone

    client = client_of(admin)
    client.post("/review/model/train/")
    TrainingRun.objects.update(requested_at=timezone.now() - dt.timedelta(hours=3))
    client.post("/review/model/train/")
    assert list(TrainingRun.objects.order_by("pk").values_list("status", flat=True)) == [
        "failed",
        "queued",
    ]


def test_an_earlier_version_can_be_used_again_and_is_audited(client_of, admin, make_records, v1):
    client = client_of(admin)
    _post_thresholds(client, "0.3", "0.7")
    v2 = current_model()
    page = client.get("/review/model/").content.decode()
    assert "/review/model/versions/1/use/" in page

    response = client.post("/review/model/versions/1/use/", follow=True)
    assert response.status_code == 200
    lm = current_model()
    assert lm.version == 3 and lm.origin == ModelOrigin.RESTORED and lm.based_on == v1
    assert lm.model == v1.model and (lm.low_threshold, lm.high_threshold) == (0.5, 0.95)
    event = AuditEvent.objects.for_object(lm).get(action="update")
    assert event.actor == admin and event.payload["restored_from"] == 1
    assert event.changes["low_threshold"] == {"old": v2.low_threshold, "new": 0.5}
    assert event.changes["version"] == {"old": 2, "new": 3}

    records = make_records([SITI])
    assert link_records([r.pk for r in records]).model_version == 3


def test_using_the_version_in_use_or_one_that_does_not_exist_is_refused(client_of, admin, v1):
    client = client_of(admin)
    assert (
        "sudah dipakai"
        in client.post("/review/model/versions/1/use/", follow=True).content.decode()
    )
    assert "tidak ada" in client.post("/review/model/versions/9/use/", follow=True).content.decode()
    assert LinkageModel.objects.count() == 1


# Transactional: the worker closes its database connection between tasks, which a test
# wrapped in one transaction cannot survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_queued_training(client_of, admin, v1):
    from django.core.management import call_command

    client_of(admin).post("/review/model/train/")
    call_command("intake_worker", "--batch", "--interval", "0", verbosity=0)
    run = TrainingRun.objects.get()
    assert run.status == "done" and run.model == current_model() and run.model.version == 2
