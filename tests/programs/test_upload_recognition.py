"""The nomination upload's mapping says what each column was read as, how sure and why."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.programs.models import NominationUpload

from .test_upload_nominate import upload_file

pytestmark = pytest.mark.django_db

MITRA = (
    "Nama Mitra,Pemilik,NIK,Nominal\n"
    "CV Maju Jaya,Siti Aminah,1901015507850001,2000000\n"
    "Keripik Bu Ani,Ani Lestari,1901014403900002,2000000\n"
    "UD Sinar Abadi,H. Ahmad Yani,1901011203800003,2000000\n"
)


def test_nama_mitra_and_pemilik_are_read_as_business_and_owner_and_the_page_says_why(
    client_of: Any, officer_bangka: Any, cycle: Any
) -> None:
    client = client_of(officer_bangka)
    response = upload_file(client, cycle, MITRA, name="mitra.csv")
    upload = NominationUpload.objects.get()
    assert upload.mapping["Nama Mitra"] == "business_name"
    assert upload.mapping["Pemilik"] == "owner_name"
    page = client.get(response["Location"]).content.decode()
    assert "Dibaca sebagai nama usaha" in page and "Dibaca sebagai nama pemilik" in page
    assert "nilai berbentuk nama orang" in page
    assert "1901015507850001" not in page  # reasons are shares, never the values
