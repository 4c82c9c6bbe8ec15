"""Demo data: deterministic, realistic, valid, and safe to load twice."""

from __future__ import annotations

import pytest

from sinergi.linkage.normalize.nik import parse_nik
from sinergi.registry.demo_data import generate


def test_the_same_seed_gives_the_same_businesses():
    assert generate(7, 50) == generate(7, 50)
    assert generate(7, 50) != generate(8, 50)


def test_a_longer_run_extends_a_shorter_one():
    assert generate(7, 80)[:50] == generate(7, 50)


def test_every_demo_nik_is_valid_and_agrees_with_the_owner():
    for row in generate(3, 60):
        info = parse_nik(row.nik)
        assert info.status == "valid", row.nik
        assert info.sex == row.sex
        assert info.birth_date == row.birth_date


def test_demo_businesses_cover_bangka_belitung_jakarta_selatan_and_bali():
    prefixes = {row.village_code[:2] if row.village_code[:2] != "31" else "3174"
                for row in generate(1, 400)}  # fmt: skip
    assert prefixes == {"19", "3174", "51"}
    assert len({row.nik for row in generate(1, 400)}) == 400


@pytest.mark.django_db
def test_loading_the_demo_twice_adds_nothing_the_second_time(reference_data):
    from sinergi.regions.loading import load_regions
    from sinergi.registry import demo
    from sinergi.registry.models import Business

    load_regions(["51"])  # the generator also uses the rest of Bali
    demo.ensure_users()
    assert demo.ensure_businesses(seed=5, count=40) == 40
    demo.ensure_users()
    assert demo.ensure_businesses(seed=5, count=40) == 0
    assert Business.objects.count() == 40
    assert Business.objects.filter(owner__user__username="owner").count() == 1
