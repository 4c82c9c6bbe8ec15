"""The programs demo: a screened cycle with a double and an excluded civil servant."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.programs.demo import ensure_program_demo
from sinergi.programs.models import Finding, Program

pytestmark = pytest.mark.django_db


def test_the_demo_cycle_shows_a_double_a_civil_servant_and_a_bpum_recipient(
    officer_bangka: Any, make_business: Any
) -> None:
    owners = [("Siti Aminah", "1901015507850011"), ("Budi Santoso", "1901011202750012")]
    owners += [("Made Wirawan", "1901010101700013"), ("Ketut Sari", "1901014303820014")]
    for name, nik in owners:
        make_business(owner_name=name, nik=nik, name=f"Usaha {name}", origin="demo")
    summary = ensure_program_demo()
    reasons = set(Finding.objects.values_list("reason", flat=True))
    assert {"DUPLICATE_IN_LIST", "EXCLUDED_ASN", "ALREADY_RECEIVED", "NOT_ELIGIBLE"} <= reasons
    assert "temuan" in summary
    assert ensure_program_demo().startswith("program demo sudah ada")
    assert Program.objects.count() == 1


def test_the_demo_is_skipped_without_the_bangka_officer(db: Any) -> None:
    assert "skipped" in ensure_program_demo()
