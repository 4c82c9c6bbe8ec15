"""The platform's import reads columns by their values too, and the mapping page says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sinergi.intake import pipeline
from sinergi.intake.models import BatchStatus, ImportBatch, RowProblem, SourceFile, SourceRecord

from .test_upload_flow import upload

pytestmark = pytest.mark.django_db

# A city's list as published: "Nama" holds shop names, "Kecamatan" the regency's name.
SHOPS_CSV = "Nama;Kegiatan;Kecamatan;lat;lng\n" + "".join(
    f"{shop} {i};Perdagangan;Kabupaten Bangka;-1.8{i};106.1{i}\n"
    for i, shop in enumerate(
        ["Warung Mas Rendy", "Pabrik Tahu", "Kios Sembako", "Toko Berkah", "Bengkel Jaya"]
    )
)
MITRA_CSV = (
    "Nama Mitra,Pemilik,NIK,No HP,Kecamatan\n"
    "CV Maju Jaya,Siti Aminah,1901015507850001,081234567890,Sungailiat\n"
    "Keripik Bu Ani,Ani Lestari,1901014403900002,081234567891,Sungailiat\n"
    "UD Sinar Abadi,H. Ahmad Yani,1901011203800003,081234567892,Sungailiat\n"
)


def test_shop_names_under_nama_are_imported_as_business_names_and_placed_in_the_regency(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    upload(client, SHOPS_CSV, name="umkm_bangka.csv")
    batch = ImportBatch.objects.get()
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.mapping["Nama"] == "business_name"
    assert source_file.mapping["Kecamatan"] == "regency"
    assert "owner_name" not in source_file.mapping.values()
    page = client.get(reverse("intake:detail", args=[batch.pk])).content.decode()
    assert "Dibaca sebagai nama usaha" in page
    assert "100% nilai diawali kata usaha" in page
    client.post(reverse("intake:start", args=[batch.pk]))
    batch.refresh_from_db()
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    records = SourceRecord.objects.filter(batch=batch)
    assert records.count() == 5
    assert {r.regency_code for r in records} == {"1901"}
    assert {r.business_name for r in records} >= {"Warung Mas Rendy 0", "Pabrik Tahu 1"}
    assert not RowProblem.objects.filter(batch=batch, code="REGION_UNKNOWN").exists()


def test_nama_mitra_and_pemilik_are_the_business_and_the_owner_on_the_mapping_page(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    client.cookies["django_language"] = "en"
    upload(client, MITRA_CSV, name="mitra.csv")
    source_file = SourceFile.objects.get()
    assert source_file.mapping["Nama Mitra"] == "business_name"
    assert source_file.mapping["Pemilik"] == "owner_name"
    recognition = {e["header"]: e for e in source_file.recognition}
    assert recognition["Pemilik"]["confidence"] >= 0.9
    page = client.get(
        reverse("intake:detail", args=[source_file.batch_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Read as business name" in page and "Read as owner&#x27;s name" in page
    assert "look like a person&#x27;s name" in page


# A header naming two things over cells holding both: one business column, owner split out.
TWO_THINGS_CSV = "MEREK USAHA (NAMA LENGKAP PEMILIK);NIK;Kecamatan\n" + "".join(
    f"{shop} ({owner});19010{i}5507850001;Sungailiat\n"
    for i, (shop, owner) in enumerate(
        [
            ("Warung Mas Rendy", "Rendy Saputra"),
            ("Pabrik Tahu Sari", "Siti Aminah"),
            ("Kios Sembako Jaya", "Budi Santoso"),
            ("Toko Berkah", "Ani Lestari"),
        ]
    )
)


def test_a_header_naming_business_and_owner_is_imported_as_the_business_with_its_owner(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    client.cookies["django_language"] = "en"
    upload(client, TWO_THINGS_CSV, name="merek_pemilik.csv")
    batch = ImportBatch.objects.get()
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.mapping["MEREK USAHA (NAMA LENGKAP PEMILIK)"] == "business_name"
    page = client.get(
        reverse("intake:detail", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "names two things" in page
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    records = SourceRecord.objects.filter(batch=batch).order_by("row_number")
    assert [r.normalised["name_clean"] for r in records][:2] == ["rendy saputra", "siti aminah"]
    assert "tahu" in records[1].normalised["business_clean"]
    assert "aminah" not in records[1].normalised["business_clean"]


# A brand column under a product heading, a street with its RT/RW, points under a place word.
BRAND_CSV = "Nama Pemilik;Merk Produk;Jln/RT/RW;Lokasi Peta;Kecamatan\n" + "".join(
    f"{owner};{shop};Jl. Melati No. {i + 3} RT 00{i + 1}/RW 002;-1.8{i}1, 106.1{i}2;Sungailiat\n"
    for i, (owner, shop) in enumerate(
        [
            ("Siti Aminah", "Warung Mas Rendy"),
            ("Budi Santoso", "CV Sinar Abadi"),
            ("Ani Lestari", "Toko Berkah"),
            ("Agus Salim", "UD Maju Jaya"),
            ("Rina Wati", "Kios Sembako Bu Rina"),
        ]
    )
)


def test_a_brand_column_a_street_with_rt_rw_and_points_under_a_place_word_are_imported(
    client_of: Any, officer_bangka: Any
) -> None:
    client = client_of(officer_bangka)
    client.cookies["django_language"] = "en"
    upload(client, BRAND_CSV, name="binaan_bangka.csv")
    batch = ImportBatch.objects.get()
    source_file = SourceFile.objects.get(batch=batch)
    assert source_file.mapping["Merk Produk"] == "business_name"
    assert source_file.mapping["Jln/RT/RW"] == "address"
    assert source_file.mapping["Lokasi Peta"] == "coordinates"
    page = client.get(
        reverse("intake:detail", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "hold a street or hamlet name" in page
    client.post(reverse("intake:start", args=[batch.pk]))
    assert pipeline.run_import(batch.pk) == BatchStatus.DONE
    records = SourceRecord.objects.filter(batch=batch).order_by("row_number")
    assert records[0].normalised["business_clean"]
    assert records[0].normalised["street"] == "melati"
    assert records[0].normalised["rt"] == "1"
