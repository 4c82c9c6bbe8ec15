"""A program page names its rules and region scope in words, never as raw data."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sinergi.programs.describe import describe_rules, region_label

pytestmark = pytest.mark.django_db

RULES = [
    {"type": "region", "codes": ["1901", "1971"]},
    {"type": "not_received", "kind": "grant", "label": "BPUM"},
    {"type": "size_class", "classes": ["mikro", "kecil"]},
    {"type": "min_months_in_business", "months": 6},
    {"type": "list", "mode": "exclude", "niks": ["1901015507850001"], "label": "daftar ASN"},
    {"type": "covid_affected"},
    {"type": "sector", "kbli": ["56"]},
]


def test_the_program_page_shows_rules_and_scope_in_indonesian_words(
    client_of: Any, officer_bangka: Any, grant_program: Any
) -> None:
    grant_program.eligibility_rules = RULES
    grant_program.save()
    page = client_of(officer_bangka).get(f"/programs/{grant_program.pk}/").content.decode()
    assert "{&#x27;type&#x27;" not in page and "'type'" not in page
    assert ">Kabupaten Bangka<" in page  # the region scope, not "1901"
    assert "Berada di Kabupaten Bangka atau Kota Pangkal Pinang" in page
    assert "Belum menerima BPUM pada periode program" in page
    assert "Skala usaha: mikro atau kecil" in page
    assert "Sudah berusaha minimal 6 bulan" in page
    assert "Pemilik tidak ada di daftar ASN (1 NIK)" in page
    assert "1901015507850001" not in page  # the list's NIKs are counted, never shown


def test_every_rule_type_has_an_english_sentence(reference_data: None) -> None:
    with translation.override("en"):
        lines = describe_rules(RULES)
        assert lines == [
            "Located in Kabupaten Bangka or Kota Pangkal Pinang",
            "Has not yet received BPUM in the program's period",
            "Size class: micro or small",
            "In business for at least 6 months",
            "Owner is not on daftar ASN (1 NIK)",
            "Affected by Covid-19",
            "Sector (KBLI) starting with 56",
        ]
        assert region_label("") == "All of Indonesia"
        assert region_label("19") == "Province Kepulauan Bangka Belitung"
        assert region_label("190101") == "District Sungailiat"
        assert region_label("99") == "99"  # unknown: the code itself, never hidden
        assert describe_rules([{"type": "future_rule"}]) == ["Rule of type “future_rule”"]
