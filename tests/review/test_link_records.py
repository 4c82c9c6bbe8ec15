"""link_records: thresholds decide attach / create / review; every row ends in a business."""

from __future__ import annotations

from tests.review.conftest import SITI

from sinergi.review.actions import link_records


def other(**changes):
    return {**SITI, **changes}


def test_a_new_row_matching_a_registry_row_above_the_high_threshold_is_linked_to_it(
    make_records,
):
    first = make_records([SITI])
    link_records([r.pk for r in first])
    first[0].refresh_from_db()
    assert first[0].link_status == "created" and first[0].business_id

    again = make_records([other(owner_name="SITI AMINAH", phone="0812-3456-7890")])
    summary = link_records([r.pk for r in again])
    again[0].refresh_from_db()
    assert summary.linked == 1 and summary.created == 0
    assert again[0].business_id == first[0].business_id
    assert again[0].link_status == "linked" and again[0].link_score >= 0.95


def test_an_unrelated_row_creates_a_new_business_without_review(make_records):
    from sinergi.review.models import ReviewPair

    first = make_records([SITI])
    link_records([r.pk for r in first])
    new = make_records(
        [
            {
                "owner_name": "Budi Santoso",
                "business_name": "Bengkel Motor Jaya",
                "nik": "1901010101800002",
                "phone": "081311112222",
                "regency": "Kab. Bangka",
            }
        ]
    )
    summary = link_records([r.pk for r in new])
    new[0].refresh_from_db()
    assert summary.created == 1 and new[0].business_id != first[0].business_id
    assert ReviewPair.objects.count() == 0


def test_a_doubtful_row_gets_its_own_business_and_a_review_pair(make_records):
    from sinergi.review.models import ReviewPair

    first = make_records([SITI])
    link_records([r.pk for r in first])
    # Same name, business and street in the same village, but no NIK and another phone.
    doubtful = make_records([other(nik="", phone="085799998888")])
    summary = link_records([r.pk for r in doubtful])
    doubtful[0].refresh_from_db()
    first[0].refresh_from_db()
    pair = ReviewPair.objects.get()
    assert summary.review == 1 and doubtful[0].link_status == "review"
    assert {pair.business_a_id, pair.business_b_id} == {
        doubtful[0].business_id,
        first[0].business_id,
    }
    assert 0.5 <= pair.match_probability < 0.95
    assert pair.record_a_id == doubtful[0].pk and pair.record_b_id == first[0].pk
    assert pair.gammas["owner_name"] == 5 and "business_name" in pair.weights


def test_linking_twice_changes_nothing_the_second_time(make_records):
    from sinergi.registry.models import Business

    rows = make_records([SITI, other(owner_name="Hj. Siti Aminah")])
    link_records([r.pk for r in rows])
    count = Business.objects.count()
    summary = link_records([r.pk for r in rows])
    assert summary.records == 0 and Business.objects.count() == count == 1


def test_businesses_created_by_linking_are_audited_and_carry_the_rows_values(make_records):
    from sinergi.audit.models import AuditEvent
    from sinergi.registry.models import Business

    rows = make_records([SITI])
    link_records([r.pk for r in rows])
    business = Business.objects.select_related("owner").get()
    assert business.name == "Warung Makan Bu Siti" and business.origin == "import"
    assert business.owner.nik == "1901015507850001" and business.owner.phone == "+6281234567890"
    assert business.regency_code == "1901"
    assert AuditEvent.objects.for_object(business).filter(action="create").count() == 1
    assert AuditEvent.objects.for_object(business.owner).filter(action="create").count() == 1


def test_the_registry_frame_is_cached_and_extended_by_each_link_run(make_records):
    first = make_records([SITI])
    s1 = link_records([r.pk for r in first])
    second = make_records([other(owner_name="SITI AMINAH")])
    s2 = link_records([r.pk for r in second])
    assert not s1.registry_cached and s2.registry_cached
    assert s2.registry_rows == 1


def test_the_registry_frame_is_kept_in_memory_until_the_registry_changes(
    make_records, make_business, monkeypatch
):
    """The match endpoint scores one record per request against the registry frame: a
    process reads the cached file once, not on every call; a registry change (a new
    fingerprint) reads or builds the new frame."""
    import polars as pl

    from sinergi.linkage import load_spec
    from sinergi.review import frames
    from sinergi.review.actions import current_model

    link_records([r.pk for r in make_records([SITI])])
    version, spec = current_model().version, load_spec()
    first, _ = frames.registry_frame(version, spec)
    reads: list[object] = []
    real_read = pl.read_parquet
    monkeypatch.setattr(pl, "read_parquet", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    again, cached = frames.registry_frame(version, spec)
    assert cached and again is first and reads == []  # from memory

    added = make_business(name="Toko Baru Sekali")  # the registry changed: new fingerprint
    changed, _ = frames.registry_frame(version, spec)
    assert changed is not first
    assert added.pk in changed["business_id"].to_list()
    assert added.pk not in first["business_id"].to_list()
