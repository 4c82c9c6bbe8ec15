"""Decisions on review pairs: recorded (who, when, why), audited, and acted upon."""

from __future__ import annotations

import pytest
from tests.review.conftest import SITI

from sinergi.review.actions import decide, link_records


@pytest.fixture
def pair(make_records, officer_bangka):
    from sinergi.review.models import ReviewPair

    first = make_records([SITI], officer_bangka)
    link_records([r.pk for r in first])
    doubtful = make_records([{**SITI, "nik": "", "phone": "085799998888"}], officer_bangka)
    link_records([r.pk for r in doubtful])
    return ReviewPair.objects.get()


def test_same_merges_the_newer_business_into_the_older_and_links_the_rows(pair, officer_bangka):
    from sinergi.intake.models import SourceRecord

    decision = decide(officer_bangka, pair, "same", note="NIK di KTP sama")
    pair.refresh_from_db()
    assert pair.status == "same" and decision.operation is not None
    older = min(pair.business_a_id, pair.business_b_id)
    statuses = set(SourceRecord.objects.values_list("business_id", "link_status"))
    assert statuses == {(older, "created"), (older, "linked")}
    assert decision.decided_by == officer_bangka and decision.note == "NIK di KTP sama"


def test_different_keeps_both_and_settles_the_waiting_row(pair, officer_bangka):
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    decide(officer_bangka, pair, "different", note="alamat lain")
    pair.refresh_from_db()
    assert pair.status == "different"
    assert Business.objects.filter(status="active").count() == 2
    assert not SourceRecord.objects.filter(link_status="review").exists()


def test_skip_leaves_the_pair_in_the_queue_but_later(pair, officer_bangka):
    decide(officer_bangka, pair, "skip")
    pair.refresh_from_db()
    assert pair.status == "pending" and pair.skips == 1


def test_a_decided_pair_cannot_be_decided_again(pair, officer_bangka):
    decide(officer_bangka, pair, "different")
    with pytest.raises(ValueError):
        decide(officer_bangka, pair, "same")


def test_every_decision_is_audited(pair, officer_bangka):
    from sinergi.audit.models import AuditEvent

    decide(officer_bangka, pair, "skip", note="perlu cek lapangan")
    event = AuditEvent.objects.for_object(pair).get(action="decide")
    assert event.actor == officer_bangka
    assert event.kind == "pair_decided"
    assert event.payload["verdict"] == "skip" and event.payload["note"] == "perlu cek lapangan"


def test_decisions_feed_the_next_model_as_labels(pair, officer_bangka, officer_babel, admin):
    from django.core.exceptions import PermissionDenied

    from sinergi.review.actions import current_model, train_model

    decide(officer_bangka, pair, "same")
    before = current_model()
    with pytest.raises(PermissionDenied):  # a regency reviewer does not retrain everyone's model
        train_model(officer_bangka)
    with pytest.raises(PermissionDenied):  # nor a province officer: the model is national
        train_model(officer_babel)
    lm = train_model(admin)
    assert lm.version == before.version + 1 and lm.labels_used == 1
    assert lm.method.endswith("+labels") and lm.model != before.model
