"""The field form's duplicate warning: candidates side by side, agreeing fields marked."""

from __future__ import annotations

from typing import Any

import pytest
from tests.field.test_submit import form

pytestmark = pytest.mark.django_db


def test_a_likely_duplicate_is_shown_beside_what_was_typed(
    client_of: Any, assistant_bangka: Any, bangka_business: Any
) -> None:
    typed = form(
        **{
            "owner-full_name": "Siti Aminah",
            "owner-nik": "1901015507850001",
            "owner-phone": "0812-3456-7890",
            "business-name": "Warung Makan Bu Siti",
        }
    )
    page = client_of(assistant_bangka).post("/field/duplicates/", typed).content.decode()
    assert f'data-business="{bangka_business.pk}"' in page
    assert page.count('class="agrees"') == 5  # name, owner, NIK, phone, village
    assert "1901015507850001" not in page  # identifiers agree, masked on both sides
    assert f'data-use-existing href="/registry/{bangka_business.pk}/"' in page


def test_nothing_alike_shows_nothing(client_of: Any, assistant_bangka: Any) -> None:
    page = client_of(assistant_bangka).post("/field/duplicates/", form()).content.decode()
    assert "field-duplicates" not in page


def test_a_business_outside_the_region_is_never_shown(
    client_of: Any, officer_denpasar: Any, bangka_business: Any
) -> None:
    typed = form(**{"owner-nik": "1901015507850001", "business-name": "Warung Makan Bu Siti"})
    page = client_of(officer_denpasar).post("/field/duplicates/", typed).content.decode()
    assert "Warung Makan Bu Siti</a>" not in page
