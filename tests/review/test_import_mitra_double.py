"""Through the platform's whole import (upload, map, import, link): a partnership list with
`Nama Mitra` (the business) and `Pemilik` (the owner), where one owner (same valid NIK,
phone and name) appears twice under two wordings of the business, ends as one business."""

from __future__ import annotations

import pytest

from sinergi.intake import pipeline
from sinergi.intake.actions import Upload, create_batch, start_import
from sinergi.intake.models import BatchStatus, SourceFile, SourceRecord

pytestmark = pytest.mark.django_db

MITRA = (
    "Nama Mitra,Pemilik,NIK,No HP,Alamat,Kecamatan\n"
    + "".join(
        f"{biz},{owner},{nik},{phone},Jl. Mawar No. {i},Sungailiat\n"
        for i, (biz, owner, nik, phone) in enumerate(
            [
                ("CV Maju Jaya", "Siti Aminah", "1901015507850001", "081234567890"),
                ("Keripik Bu Ani", "Ani Lestari", "1901014403900002", "081234567891"),
                ("UD Sinar Abadi", "Ahmad Yani", "1901011203800003", "081234567892"),
                ("Bengkel Rudi", "Rudi Hartono", "1901010507700004", "081234567893"),
                ("Toko Sembako Dewi", "Dewi Sartika", "1901016109880005", "081234567894"),
            ]
        )
    )
    + "Usaha Maju Jaya,Siti Aminah,1901015507850001,081234567890,Jl. Mawar No. 0,Sungailiat\n"
)


def test_the_same_owner_twice_in_a_mitra_list_is_flagged_as_a_double(officer_bangka):
    from sinergi.review.models import ReviewPair

    batch = create_batch(
        officer_bangka,
        source_name="Program Mitra Binaan",
        uploads=[Upload("mitra.csv", [MITRA.encode()])],
    )
    mapping = SourceFile.objects.get(batch=batch).mapping
    assert mapping["Nama Mitra"] == "business_name" and mapping["Pemilik"] == "owner_name"
    start_import(officer_bangka, batch)
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    first, twin = (
        SourceRecord.objects.filter(batch=batch).order_by("row_number")[i] for i in (0, 5)
    )
    assert first.business_id is not None and twin.business_id is not None
    flagged = (
        first.business_id == twin.business_id
        or ReviewPair.objects.filter(
            record_a__in=[first, twin], record_b__in=[first, twin]
        ).exists()
    )
    assert flagged
