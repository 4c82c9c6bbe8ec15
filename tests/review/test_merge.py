"""Merge, split and undo: survivorship per field, and undo puts back exactly what was."""

from __future__ import annotations

import pytest
from tests.review.conftest import SITI

from sinergi.registry.actions import snapshot
from sinergi.review.actions import link_records, merge_businesses, split_business, undo_operation
from sinergi.review.merge import MergeError, options_for


def state(*businesses):
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    out = {}
    for b in businesses:
        b = Business.objects.select_related("owner").get(pk=b.pk)
        records = SourceRecord.objects.filter(business=b).order_by("pk")
        out[b.pk] = (
            snapshot(b),
            snapshot(b.owner),
            list(records.values_list("pk", "link_status")),
        )
    return out


@pytest.fixture
def two(make_records, officer_bangka):
    """Two businesses from two rows the model keeps apart (another business name)."""
    from sinergi.registry.models import Business

    rows = make_records(
        [
            SITI,
            {
                **SITI,
                "business_name": "Toko Kelontong Maju",
                "nik": "1901015507850099",
                "phone": "085799998888",
            },
        ],
        officer_bangka,
    )
    link_records([r.pk for r in rows])
    for r in rows:
        r.refresh_from_db()
    a, b = (Business.objects.get(pk=r.business_id) for r in rows)
    assert a.pk != b.pk
    return a, b, rows


def test_merging_moves_the_rows_and_deactivates_the_absorbed_business(two, officer_bangka):
    a, b, rows = two
    merge_businesses(officer_bangka, a, [b])
    b.refresh_from_db()
    assert b.status == "inactive"
    assert {r.business_id for r in type(rows[0]).objects.filter(pk__in=[r.pk for r in rows])} == {
        a.pk
    }


def test_the_user_chooses_which_source_wins_per_field_with_its_provenance(two, officer_bangka):
    a, b, rows = two
    opts = options_for([a, b])
    phones = {o.value: o for o in opts["owner.phone"]}
    assert set(phones) == {"+6281234567890", "+6285799998888"}
    assert phones["+6285799998888"].key == f"b:{b.pk}"
    assert f"#{b.pk}" in phones["+6285799998888"].provenance
    op = merge_businesses(
        officer_bangka, a, [b], choices={"owner.phone": f"b:{b.pk}", "owner.nik": f"r:{rows[1].pk}"}
    )
    a.refresh_from_db()
    assert a.owner.phone == "+6285799998888" and a.owner.nik == "1901015507850099"
    assert op.choices["owner.phone"] == {"from": f"b:{b.pk}"}


def test_undo_restores_exactly_the_state_before_the_merge(two, officer_bangka):
    a, b, _rows = two
    before = state(a, b)
    choices = {"business.name": f"b:{b.pk}", "owner.phone": f"b:{b.pk}"}
    op = merge_businesses(officer_bangka, a, [b], choices=choices)
    assert state(a, b) != before
    undo_operation(officer_bangka, op)
    assert state(a, b) == before
    with pytest.raises(MergeError):
        undo_operation(officer_bangka, op)


def test_undo_is_refused_when_the_business_changed_since(two, officer_bangka):
    a, b, _rows = two
    op = merge_businesses(officer_bangka, a, [b])
    a.refresh_from_db()
    a.name = "Warung Siti Baru"
    a.save()
    with pytest.raises(MergeError):
        undo_operation(officer_bangka, op)


def test_split_makes_a_new_business_from_chosen_rows_and_undo_removes_it(
    make_records, officer_bangka
):
    from sinergi.registry.models import Business

    rows = make_records([SITI, {**SITI, "owner_name": "SITI AMINAH"}], officer_bangka)
    link_records([r.pk for r in rows])
    for r in rows:
        r.refresh_from_db()
    assert rows[0].business_id == rows[1].business_id
    business = Business.objects.get(pk=rows[0].business_id)
    before = state(business)
    op = split_business(officer_bangka, business, [rows[1].pk])
    rows[1].refresh_from_db()
    created = op.others[0]
    assert rows[1].business_id == created != business.pk
    undo_operation(officer_bangka, op)
    assert state(business) == before
    assert not Business.objects.filter(pk=created).exists()


def test_split_refuses_to_take_every_row(make_records, officer_bangka):
    from sinergi.registry.models import Business

    rows = make_records([SITI], officer_bangka)
    link_records([r.pk for r in rows])
    rows[0].refresh_from_db()
    with pytest.raises(MergeError):
        split_business(officer_bangka, Business.objects.get(pk=rows[0].business_id), [rows[0].pk])


def test_an_officer_of_another_region_cannot_merge(two, officer_denpasar):
    from django.core.exceptions import PermissionDenied

    a, b, _ = two
    with pytest.raises(PermissionDenied):
        merge_businesses(officer_denpasar, a, [b])


def test_merge_and_undo_are_audited(two, officer_bangka):
    from sinergi.audit.models import AuditEvent

    a, b, _ = two
    op = merge_businesses(officer_bangka, a, [b])
    undo_operation(officer_bangka, op)
    for business in (a, b):
        actions = set(AuditEvent.objects.for_object(business).values_list("action", flat=True))
        assert {"merge", "undo"} <= actions
