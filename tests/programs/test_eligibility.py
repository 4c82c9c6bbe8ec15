"""Eligibility rules are data, evaluated by one pure function, explained in id and en."""

from __future__ import annotations

from datetime import date

import pytest

from sinergi.programs.eligibility import evaluate, months_in_business, validate_rules

SNAP = {
    "nik": "1901015507850001",
    "village_code": "1901011002",
    "regency_code": "1901",
    "sector_code": "56102",
    "size_class": "mikro",
    "covid_affected": True,
    "founded_year": 2018,
}
ON = date(2020, 6, 1)


def check(rules: list, snap: dict = SNAP, history: list = ()) -> object:
    return evaluate(rules, snap, list(history), period_key="2020", on=ON)


def test_a_business_meeting_every_rule_is_eligible() -> None:
    verdict = check(
        [
            {"type": "region", "codes": ["1901"]},
            {"type": "sector", "kbli": ["56"]},
            {"type": "size_class", "classes": ["mikro", "kecil"]},
            {"type": "covid_affected"},
            {"type": "min_months_in_business", "months": 12},
            {"type": "not_received", "kind": "grant"},
        ]
    )
    assert verdict.eligible
    assert verdict.explain() == "memenuhi syarat"


def test_it_explains_an_earlier_bpum_grant_in_both_languages() -> None:
    history = [{"kind": "grant", "period": "2020", "label": "BPUM", "source": "bpum"}]
    verdict = check([{"type": "not_received", "kind": "grant"}], history=history)
    assert not verdict.eligible
    assert verdict.explain("id") == "tidak memenuhi syarat: sudah menerima BPUM pada 2020"
    assert verdict.explain("en") == "not eligible: already received BPUM in 2020"


def test_a_grant_in_another_period_does_not_count() -> None:
    history = [{"kind": "grant", "period": "2019", "label": "BPUM", "source": "bpum"}]
    assert check([{"type": "not_received", "kind": "grant"}], history=history).eligible


def test_a_business_outside_the_region_is_not_eligible() -> None:
    verdict = check([{"type": "region", "codes": ["5171"]}])
    assert not verdict.eligible
    assert "di luar wilayah program" in verdict.explain()


def test_size_sector_and_covid_rules_each_refuse() -> None:
    snap = {**SNAP, "size_class": "menengah", "sector_code": "47111", "covid_affected": None}
    verdict = check(
        [
            {"type": "size_class", "classes": ["mikro"]},
            {"type": "sector", "kbli": ["56"]},
            {"type": "covid_affected"},
        ],
        snap,
    )
    assert [r.passed for r in verdict.results] == [False, False, False]


def test_months_are_counted_from_the_end_of_the_founding_year() -> None:
    assert months_in_business(2019, date(2020, 6, 1)) == 6
    assert months_in_business(2020, date(2020, 6, 1)) == 0
    assert months_in_business(None, ON) is None
    verdict = check(
        [{"type": "min_months_in_business", "months": 7}], {**SNAP, "founded_year": 2019}
    )
    assert not verdict.eligible


def test_a_custom_exclusion_list_refuses_listed_owners() -> None:
    rule = {"type": "list", "mode": "exclude", "niks": [SNAP["nik"]], "label": "daftar hitam"}
    assert check([rule]).explain() == "tidak memenuhi syarat: tercantum di daftar hitam"
    include = {"type": "list", "mode": "include", "niks": ["1"], "label": "daftar desa"}
    assert not check([include]).eligible


@pytest.mark.parametrize(
    "rules",
    [
        {"type": "region"},
        [{"type": "magic"}],
        [{"type": "region", "codes": []}],
        [{"type": "list"}],
    ],
)
def test_malformed_rules_are_refused_with_the_rule_named(rules: object) -> None:
    with pytest.raises(ValueError):
        validate_rules(rules)
