"""Review pages over HTTP, with named actors: the regency officer of Bangka reviews and
merges; the officer of Denpasar gets 404 for every Bangka pair, business or operation;
roles that may not review get 403. Never data."""

from __future__ import annotations

import pytest
from tests.review.conftest import SITI

from sinergi.review.actions import link_records


@pytest.fixture
def pair(make_records, officer_bangka):
    from sinergi.review.models import ReviewPair

    link_records([r.pk for r in make_records([SITI], officer_bangka)])
    doubtful = make_records([{**SITI, "nik": "", "phone": "085799998888"}], officer_bangka)
    link_records([r.pk for r in doubtful])
    return ReviewPair.objects.get()


def test_the_queue_lists_the_pairs_of_the_officers_region(client_of, officer_bangka, pair):
    response = client_of(officer_bangka).get("/review/")
    assert response.status_code == 200
    assert f"/review/pairs/{pair.pk}/" in response.content.decode()


def test_the_queue_filters_by_region_source_and_score(client_of, officer_bangka, pair):
    client = client_of(officer_bangka)
    link = f"/review/pairs/{pair.pk}/"
    assert link in client.get("/review/?region=1901").content.decode()
    assert link not in client.get("/review/?region=1971").content.decode()
    assert link in client.get(f"/review/?source={pair.batch.source_id}").content.decode()
    assert link not in client.get(f"/review/?source={pair.batch.source_id + 99}").content.decode()
    assert link not in client.get("/review/?min=0.99").content.decode()
    assert link in client.get("/review/?min=0.5&max=0.95").content.decode()


def test_the_pair_page_shows_both_rows_the_agreement_and_the_waterfall(
    client_of, officer_bangka, pair
):
    body = client_of(officer_bangka).get(f"/review/pairs/{pair.pk}/").content.decode()
    assert "Usaha sama" in body and "Usaha berbeda" in body
    assert "Lewati" in body and "<kbd>S</kbd>" in body
    assert "<svg" in body and "Nama pemilik" in body
    assert "085799998888" in body  # the source value as received
    assert "+6285799998888" in body  # and what Sinergi made of it


def test_a_decision_posted_on_the_page_is_recorded_with_the_note(client_of, officer_bangka, pair):
    from sinergi.review.models import Decision

    response = client_of(officer_bangka).post(
        f"/review/pairs/{pair.pk}/", {"verdict": "different", "note": "beda alamat"}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.verdict, decision.note, decision.decided_by) == (
        "different",
        "beda alamat",
        officer_bangka,
    )


def test_an_officer_of_another_region_gets_404_and_no_data(
    client_of, officer_denpasar, pair, officer_bangka
):
    from sinergi.review.actions import merge_businesses

    client = client_of(officer_denpasar)
    assert f"/review/pairs/{pair.pk}/" not in client.get("/review/").content.decode()
    assert client.get(f"/review/pairs/{pair.pk}/").status_code == 404
    post = client.post(f"/review/pairs/{pair.pk}/", {"verdict": "same"})
    assert post.status_code == 404
    a, b = pair.business_a, pair.business_b
    assert client.get(f"/review/merge/?ids={a.pk}&ids={b.pk}").status_code == 404
    assert client.post("/review/merge/", {"ids": [a.pk, b.pk]}).status_code == 404
    assert client.get(f"/review/split/{a.pk}/").status_code == 404
    op = merge_businesses(officer_bangka, a, [b])
    assert client.get(f"/review/operations/{op.pk}/").status_code == 404
    assert client.post(f"/review/operations/{op.pk}/undo/").status_code == 404
    op.refresh_from_db()
    assert op.undone_at is None


@pytest.mark.parametrize("actor", ["assistant_bangka", "auditor", "manager_mitra"])
def test_roles_that_do_not_review_get_403(request, client_of, pair, actor):
    client = client_of(request.getfixturevalue(actor))
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/pairs/{pair.pk}/").status_code == 403


def test_merge_page_then_undo_over_http(client_of, officer_bangka, pair):
    from sinergi.review.models import MergeOperation

    client = client_of(officer_bangka)
    a, b = pair.business_a, pair.business_b
    original = a.owner.phone
    page = client.get(f"/review/merge/?ids={a.pk}&ids={b.pk}").content.decode()
    assert "choice-owner.phone" in page and "1901********0001" in page
    response = client.post(
        "/review/merge/",
        {"ids": [a.pk, b.pk], "survivor": a.pk, "choice-owner.phone": f"b:{b.pk}"},
    )
    op = MergeOperation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/review/operations/{op.pk}/"
    a.owner.refresh_from_db()
    assert a.owner.phone == b.owner.phone
    client.post(f"/review/operations/{op.pk}/undo/")
    op.refresh_from_db()
    a.owner.refresh_from_db()
    assert op.undone_at is not None and a.owner.phone == original != b.owner.phone


def test_the_business_page_offers_merge_and_split_to_officers_only(
    client_of, officer_bangka, assistant_bangka, pair
):
    url = f"/registry/{pair.business_a_id}/"
    panel = f"/registry/{pair.business_a_id}/merges/"
    officer, assistant = client_of(officer_bangka), client_of(assistant_bangka)
    assert f'href="{panel}"' in officer.get(url).content.decode()
    assert 'id="review-actions"' in officer.get(panel).content.decode()
    assert f'href="{panel}"' not in assistant.get(url).content.decode()
    assert assistant.get(panel).status_code == 403


def test_the_form_warns_about_a_likely_duplicate_while_typing(
    client_of, assistant_bangka, bangka_business
):
    from sinergi.review.keys import refresh_keys

    refresh_keys([bangka_business.pk])
    client = client_of(assistant_bangka)
    form = client.get("/registry/new/").content.decode()
    assert 'hx-trigger="keyup changed delay:300ms' in form
    response = client.post(
        "/review/duplicates/",
        {
            "owner-full_name": "Siti Aminah",
            "owner-phone": "0812 3456 7890",
            "business-name": "Warung Makan Bu Siti",
            "business-regency": "1901",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/registry/{bangka_business.pk}/" in body and "Warung Makan Bu Siti" in body


def test_the_duplicate_warning_sends_what_was_typed_in_a_post_never_in_a_url(
    client_of, assistant_bangka, bangka_business
):
    client = client_of(assistant_bangka)
    form = client.get("/registry/new/").content.decode()
    assert 'hx-post="/review/duplicates/' in form and 'hx-get="/review/duplicates' not in form
    typed = {"owner-nik": "1901015507850001", "owner-phone": "081234567890"}
    assert client.get("/review/duplicates/", typed).status_code == 405


def test_the_duplicate_warning_never_shows_businesses_of_another_region(
    client_of, officer_denpasar, bangka_business
):
    body = (
        client_of(officer_denpasar)
        .post(
            "/review/duplicates/",
            {
                "owner-full_name": "Siti Aminah",
                "business-name": "Warung Makan Bu Siti",
                "owner-phone": "081234567890",
            },  # fmt: skip
        )
        .content.decode()
    )
    assert "Warung Makan Bu Siti" not in body
