"""Reference-list and nomination uploads refuse files above SINERGI_MAX_UPLOAD_MB."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.programs.models import NominationUpload, ReferenceList

BIG = b"NAMA,NIK\n" + b"Budi Santoso,1901011202750002\n" * 45_000  # about 1.4 MB


def test_a_reference_list_above_the_limit_is_refused_by_name(
    client_of: Any, officer_bangka: Any, settings: Any
) -> None:
    settings.SINERGI_MAX_UPLOAD_MB = 1
    response = client_of(officer_bangka).post(
        "/programs/references/",
        {"category": "asn", "name": "ASN 2020", "file": SimpleUploadedFile("asn_besar.csv", BIG)},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "asn_besar.csv" in body and "1 MB" in body
    assert not ReferenceList.objects.exists()


def test_a_nomination_list_above_the_limit_is_refused_by_name(
    client_of: Any, officer_bangka: Any, cycle: Any, settings: Any
) -> None:
    settings.SINERGI_MAX_UPLOAD_MB = 1
    client = client_of(officer_bangka)
    response = client.post(
        f"/programs/cycles/{cycle.pk}/uploads/new/",
        {"file": SimpleUploadedFile("usulan_besar.csv", BIG)},
        follow=True,
    )
    body = response.content.decode()
    assert "usulan_besar.csv" in body and "1 MB" in body
    assert not NominationUpload.objects.exists()
