"""The one `Scope` value: one region rule (prefix on the Kemendagri tree), organisation."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.accounts.roles import permissions_of_role
from sinergi.accounts.scope import NOWHERE, Scope, code_in, scope_for

pytestmark = pytest.mark.django_db


def regency(region: str = "1901", org: int | None = 7) -> Scope:
    return Scope(permissions_of_role("regency_officer", region), region, org)


def test_contains_is_the_prefix_rule_of_the_code_tree() -> None:
    scope = regency("1901")
    assert scope.contains("1901") and scope.contains("190101") and scope.contains("1901011002")
    assert not scope.contains("19") and not scope.contains("1971011004")
    assert not scope.contains(None)
    national = Scope(permissions_of_role("system_admin", ""), "")
    assert national.contains("5171011001") and national.is_national
    assert not NOWHERE.contains("1901") and not NOWHERE.overlaps("19")


def test_overlaps_goes_both_ways_and_takes_a_scope_or_a_code() -> None:
    scope = regency("1901")
    assert scope.overlaps("19") and scope.overlaps("190101") and scope.overlaps(regency("19"))
    assert not scope.overlaps("1971") and not scope.overlaps(regency("5171"))
    assert not scope.overlaps(NOWHERE)


def test_owns_compares_organisations_and_never_matches_none() -> None:
    class Thing:
        organisation_id = 7

    assert regency(org=7).owns(Thing())
    assert not regency(org=8).owns(Thing())
    Thing.organisation_id = None
    assert not regency(org=None).owns(Thing())


def test_q_filters_by_prefix_or_by_the_level_column_and_the_same_rows_come_back(
    make_business: Any, villages: dict[str, str]
) -> None:
    from sinergi.registry.models import Business
    from sinergi.registry.querysets import SCOPE_FIELD

    bangka = make_business(villages["bangka"])
    make_business(villages["pangkalpinang"])
    make_business(villages["denpasar"])
    for region in ("19", "1901", "190101", "1901011002", "5171", "", "19010", "abcd"):
        scope = Scope(permissions_of_role("province_officer", region), region)
        by_prefix = set(Business.objects.filter(scope.q("village_code")).values_list("pk"))
        by_level = set(Business.objects.filter(scope.q("", SCOPE_FIELD)).values_list("pk"))
        if region in ("19010", "abcd"):  # no such level / not a code: nothing
            assert by_level == set(), region
        else:
            assert by_prefix == by_level, region
    one = Scope(permissions_of_role("regency_officer", "1901"), "1901")
    assert list(Business.objects.filter(one.q("", SCOPE_FIELD))) == [bangka]
    assert Business.objects.filter(NOWHERE.q("village_code")).count() == 0


def test_the_scope_of_a_request_user_is_built_once(officer_bangka: Any) -> None:
    first = scope_for(officer_bangka)
    assert first.region == "1901" and first.organisation_id == (
        officer_bangka.membership.organisation_id
    )
    assert scope_for(officer_bangka) is first
    assert code_in("190101", first.region)
