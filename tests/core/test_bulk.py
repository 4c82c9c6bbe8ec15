"""`core.bulk.update_rows`: the row-by-row UPDATE that replaces Django's bulk_update."""

from __future__ import annotations

from datetime import date

import pytest

from sinergi.core.bulk import update_rows
from sinergi.registry.models import Person

pytestmark = pytest.mark.django_db


def test_it_writes_each_rows_own_values_and_leaves_other_fields_alone():
    people = Person.objects.bulk_create(
        [Person(full_name=f"Orang {i}", nik=f"19010100000000{i:02d}") for i in range(7)]
    )
    for i, p in enumerate(people):
        p.full_name = f"Nama Baru {i}"
        p.birth_date = date(1980, 1, i + 1)
        p.nik = "9999999999999999"  # changed in memory, not in the list of fields
    assert update_rows(people, ["full_name", "birth_date"], batch_size=3) == 7
    stored = {p.pk: p for p in Person.objects.all()}
    for i, p in enumerate(people):
        assert stored[p.pk].full_name == f"Nama Baru {i}"
        assert stored[p.pk].birth_date == date(1980, 1, i + 1)
        assert stored[p.pk].nik == f"19010100000000{i:02d}"


def test_json_values_round_trip():
    from sinergi.accounts.models import Organisation
    from sinergi.programs.models import Cycle, Nomination, Program
    from sinergi.registry.models import Business

    org = Organisation.objects.create(name="Dinas Uji", kind="other")
    program = Program.objects.create(
        organisation=org,
        kind="grant",
        name="Hibah",
        budget_idr=1,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
    )
    cycle = Cycle.objects.create(program=program, name="1")
    owner = Person.objects.create(full_name="Siti")
    business = Business.objects.create(name="Warung Siti", owner=owner)
    n = Nomination.objects.create(cycle=cycle, business=business, amount_idr=1)
    n.snapshot = {"name": "Warung “Siti”", "nik": "1901", "founded_year": 2019, "x": None}
    n.eligibility = [{"rule": "region", "ok": True}]
    update_rows([n], ["snapshot", "eligibility"])
    n2 = Nomination.objects.get(pk=n.pk)
    assert n2.snapshot == n.snapshot
    assert n2.eligibility == n.eligibility


def test_it_refuses_unsaved_rows_and_mixed_models():
    with pytest.raises(ValueError, match="saved"):
        update_rows([Person(full_name="x")], ["full_name"])
    p = Person.objects.create(full_name="y")
    from sinergi.accounts.models import Organisation

    o = Organisation.objects.create(name="z", kind="other")
    with pytest.raises(TypeError):
        update_rows([p, o], ["full_name"])
    assert update_rows([], ["full_name"]) == 0
