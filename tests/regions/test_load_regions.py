"""Loading the Kemendagri region codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sinergi.regions.loading import load_regions, region_counts
from sinergi.regions.models import Region


@pytest.mark.slow
@pytest.mark.django_db
def test_the_loader_reports_all_four_levels_and_is_idempotent(capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "38 provinsi, 514 kabupaten/kota, 7285 kecamatan, 83762 desa/kelurahan" in out
    # A second run updates in place: same counts, no duplicates.
    assert load_regions(["19"]) == {
        "province": 38,
        "regency": 514,
        "district": 7285,
        "village": 83762,
    }


@pytest.mark.django_db
def test_a_subset_load_brings_the_ancestors_along(reference_data):
    load_regions(["3174"])
    village = Region.objects.get(code="3174011001")
    assert village.parent.code == "317401"
    assert village.parent.parent.name == "Kota Administrasi Jakarta Selatan"
    assert village.parent.parent.parent.name == "Daerah Khusus Ibukota Jakarta"
    assert village.dotted_code == "31.74.01.1001"


@pytest.mark.django_db
def test_the_subtree_of_a_regency_is_a_code_prefix(reference_data):
    codes = set(Region.objects.within("1901").values_list("level", flat=True))
    assert codes == {"regency", "district", "village"}
    assert Region.objects.within("1901").filter(code__startswith="1971").count() == 0


@pytest.mark.django_db
def test_counts_per_level_after_the_test_subset(reference_data):
    counts = region_counts()
    assert counts["province"] == 38
    assert counts["regency"] == 514
    assert 0 < counts["village"] < 83762


@pytest.mark.django_db
def test_every_load_writes_all_regencies_so_they_do_not_change_at_run_time(reference_data):
    """The per-process list of regencies (`regions.models.regencies_by_name`) relies on
    it: whatever the prefixes, a load writes every regency of the shipped tables."""
    before = list(Region.objects.filter(level="regency").values_list("code", "name", "parent"))
    for prefixes in (["3174"], ["19"], []):
        if not prefixes:
            continue  # the full load is the slow test above
        load_regions(prefixes)
        after = Region.objects.filter(level="regency").values_list("code", "name", "parent")
        assert list(after) == before
    assert len(before) == 514
