"""The API: tokens, scope, masking, writes through the registry's verbs, audit."""

from __future__ import annotations

import pytest

from sinergi.api.models import ApiToken
from sinergi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_without_a_valid_token_the_api_answers_401(api_as, bangka_business) -> None:
    from tests.api.conftest import ApiClient

    assert api_as(None).get("/api/businesses").status_code == 401
    assert ApiClient("snrg_not-a-token").get("/api/businesses").status_code == 401


def test_tokens_are_stored_hashed_and_a_revoked_one_stops_working(
    admin, officer_bangka, bangka_business
) -> None:
    from tests.api.conftest import ApiClient

    from sinergi.api.tokens import issue_token, revoke_token

    token, key = issue_token(admin, officer_bangka, "Dinas integration")
    assert key not in token.key_hash and ApiToken.objects.filter(key_hash=token.key_hash).exists()
    assert ApiClient(key).get("/api/businesses").status_code == 200
    revoke_token(admin, token)
    assert ApiClient(key).get("/api/businesses").status_code == 401
    events = AuditEvent.objects.filter(kind="api_token").order_by("id")
    assert [e.payload["operation"] for e in events] == ["issue", "revoke"]


def test_only_a_system_admin_issues_tokens(officer_bangka) -> None:
    from sinergi.accounts.scope import NotAllowed
    from sinergi.api.tokens import issue_token

    with pytest.raises(NotAllowed):
        issue_token(officer_bangka, officer_bangka, "self-service")


def test_a_list_is_scoped_and_masked(api_as, officer_bangka, officer_denpasar, bangka_business):
    body = api_as(officer_bangka).get("/api/businesses").json()
    assert [b["name"] for b in body["items"]] == ["Warung Makan Bu Siti"]
    assert body["items"][0]["owner"]["nik"] == "1901********0001"
    assert api_as(officer_denpasar).get("/api/businesses").json()["items"] == []
    assert api_as(officer_denpasar).get(f"/api/businesses/{bangka_business.pk}").status_code == 404


def test_pages_follow_next_after(api_as, officer_bangka, make_business) -> None:
    for i in range(3):
        make_business(name=f"Usaha {i}")
    client = api_as(officer_bangka)
    first = client.get("/api/businesses", limit=2).json()
    second = client.get("/api/businesses", limit=2, after=first["next_after"]).json()
    names = [b["name"] for b in first["items"] + second["items"]]
    assert names == ["Usaha 0", "Usaha 1", "Usaha 2"] and second["next_after"] is None


def test_a_person_is_full_for_an_officer_audited_and_masked_for_a_manager(
    api_as, officer_bangka, manager_mitra, bangka_business
) -> None:
    url = f"/api/persons/{bangka_business.owner_id}"
    full = api_as(officer_bangka).get(url).json()
    assert full["nik"] == "1901015507850001" and not full["masked"]
    assert AuditEvent.objects.filter(action="view_pii", actor=officer_bangka).count() == 1
    masked = api_as(manager_mitra).get(url).json()
    assert masked["nik"] == "1901********0001" and masked["masked"]


def test_create_and_update_go_through_the_registry_verbs(api_as, officer_bangka) -> None:
    client = api_as(officer_bangka)
    created = client.send("post", "/api/businesses", {
        "name": "Kedai API", "owner": {"full_name": "Budi", "phone": "0812-1111-2222"},
        "village_code": "1901011002", "sector": "56102", "capital": 10_000_000,
    })  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["size_class"] == "mikro" and body["owner"]["phone"] == "+62812*****222"
    changed = client.send("patch", f"/api/businesses/{body['id']}", {"name": "Kedai API Baru"})
    assert changed.status_code == 200 and changed.json()["name"] == "Kedai API Baru"
    actions = AuditEvent.objects.filter(actor=officer_bangka).values_list("action", flat=True)
    assert sorted(actions) == ["create", "create", "update"]


def test_bad_input_is_a_422_naming_the_field(api_as, officer_bangka) -> None:
    response = api_as(officer_bangka).send("post", "/api/businesses", {
        "name": "X", "owner": {"full_name": "Y", "nik": "123"}, "village_code": "1901011002",
    })  # fmt: skip
    assert response.status_code == 422
    assert "nik" in response.json()["detail"]


def test_a_business_outside_the_scope_cannot_be_created(api_as, officer_bangka) -> None:
    response = api_as(officer_bangka).send("post", "/api/businesses", {
        "name": "X", "owner": {"full_name": "Y"}, "village_code": "5171011001",
    })  # fmt: skip
    assert response.status_code == 422
    assert not AuditEvent.objects.filter(action="create").exclude(kind="api_token")


def test_an_auditor_cannot_write(api_as, auditor, bangka_business) -> None:
    client = api_as(auditor)
    assert (
        client.send("patch", f"/api/businesses/{bangka_business.pk}", {"name": "Z"}).status_code
        == 403
    )


def test_match_finds_the_business_with_a_grade(
    api_as, officer_bangka, officer_denpasar, bangka_business, settings, tmp_path
) -> None:
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    record = {
        "owner_name": "Siti Aminah",
        "nik": "1901015507850001",
        "business_name": "Warung Makan Bu Siti",
    }
    body = api_as(officer_bangka).send("post", "/api/match", record).json()
    best = body["candidates"][0]
    assert best["business_id"] == bangka_business.pk
    assert best["grade"] == "certain" and "nik: equal" in best["reasons"]
    # Per field: the comparison level reached and the model's weight (log2 m/u) for it.
    fields = {f["field"]: f for f in best["fields"]}
    assert fields["nik"]["match_weight"] > 5 and fields["business_name"]["match_weight"] > 0
    nik = fields["nik"]
    assert nik["bayes_factor"] == pytest.approx(2 ** nik["match_weight"], rel=1e-3)
    assert nik["level"] and fields["phone"]["match_weight"] is None  # not sent
    assert any(r.startswith("nik: ") and "(+" in r for r in best["reasons"])
    assert best["match_weight"] > 10
    # Another region's token gets no candidate from Bangka.
    other = api_as(officer_denpasar).send("post", "/api/match", record).json()
    assert other["candidates"] == []


@pytest.mark.parametrize("regency", ["", "1901"])
def test_match_finds_the_shop_when_the_owner_name_misses_a_letter_and_no_nik_is_sent(
    api_as, officer_bangka, bangka_business, make_business, regency
) -> None:
    # The benchmark's case: the exact shop name, the owner's name minus one letter, no
    # NIK. The shop name's key (within the regency, or anywhere) finds the business.
    from tests.conftest import BANGKA_VILLAGE

    make_business(BANGKA_VILLAGE, name="Toko Lain", owner_name="Budi Santoso",
                  nik="1901011203800002", phone="+6281300000001")  # fmt: skip
    record = {"business_name": "Warung Makan Bu Siti", "owner_name": "Siti Amina",
              "regency": regency}  # fmt: skip
    body = api_as(officer_bangka).send("post", "/api/match", record).json()
    assert [c["business_id"] for c in body["candidates"]] == [bangka_business.pk]
    best = body["candidates"][0]
    assert best["matched_by"] == "model" and "business_name: equal" in best["reasons"]
    fields = {f["field"]: f for f in best["fields"]}
    assert fields["business_name"]["match_weight"] > 0 and fields["nik"]["match_weight"] is None
    assert best["probability"] == pytest.approx(1 / (1 + 2 ** -best["match_weight"]), rel=1e-3)


def test_match_reads_a_fixed_number_of_queries_whatever_the_registry_holds(
    api_as, officer_bangka, bangka_business, make_business, django_assert_max_num_queries
) -> None:
    # Candidates come from the key index (a fixed number of lookups, bounded candidates),
    # not from a scan of the registry: more businesses of the same name add no query.
    from tests.conftest import BANGKA_VILLAGE

    from sinergi.review.duplicates import MAX_CANDIDATES

    for i in range(MAX_CANDIDATES + 5):
        make_business(BANGKA_VILLAGE, name="Warung Makan Bu Siti", owner_name=f"Orang {i}",
                      nik=f"19010112038{i:05d}", phone=f"+62813000{i:05d}")  # fmt: skip
    client = api_as(officer_bangka)
    record = {"business_name": "Warung Makan Bu Siti", "owner_name": "Siti Aminah",
              "nik": "1901015507850001", "regency": "1901"}  # fmt: skip
    with django_assert_max_num_queries(20):
        body = client.send("post", "/api/match", record).json()
    assert len(body["candidates"]) <= MAX_CANDIDATES
    best = body["candidates"][0]
    assert best["business_id"] == bangka_business.pk
    assert best["grade"] == "certain" and best["matched_by"] == "nik"
