"""The merge page masks the phone and e-mail it offers as choices, as it masks the NIK."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_the_merge_page_shows_no_full_identifier(
    client_of: Any, officer_bangka: Any, make_business: Any
) -> None:
    a = make_business(name="Warung Bu Siti", nik="1901015507850001", phone="+6281234567890")
    b = make_business(name="Warung Siti", nik="1901015507850002", phone="+6281299998888")
    b.owner.email = "siti.aminah@example.id"
    b.owner.save()
    body = (
        client_of(officer_bangka)
        .get(reverse("review:merge"), {"ids": [a.pk, b.pk]})
        .content.decode()
    )
    assert "Warung Bu Siti" in body  # it is the merge page
    for secret in ("+6281234567890", "+6281299998888", "siti.aminah@example.id",
                   "1901015507850001"):  # fmt: skip
        assert secret not in body
    assert "+62812*****890" in body
