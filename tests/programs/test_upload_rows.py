"""The pieces of nominating from a file: amounts, masking, mapping, a NIK shared by two."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from sinergi.linkage.io.tables import InputError
from sinergi.programs import upload_rows, uploads


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("2400000", 2_400_000),
        ("Rp 2.400.000", 2_400_000),
        ("Rp2.400.000,00", 2_400_000),
        ("2,400,000", 2_400_000),
        ("2400000.0", 2_400_000),  # an Excel number cell
        ("2,4 juta", 2_400_000),
        ("2.400.000,50", None),  # not whole rupiah: refused, never rounded
        ("2400000.5", None),
        ("0", None),
        ("-100", None),
        ("dua juta", None),
        (None, None),
    ],
)
def test_only_whole_rupiah_above_zero_is_an_amount(cell: str | None, amount: int | None) -> None:
    out = upload_rows.amount_values(pl.Series([cell], dtype=pl.Utf8))
    assert out["amount_idr"].to_list() == [amount]
    assert out["amount_ok"].to_list() == [amount is not None]


def test_personal_cells_and_stray_long_numbers_are_masked() -> None:
    raw = {
        "NIK": "1901015507850001",
        "HP": "081234567890",
        "Catatan": "KTP 1901015507850001",
        "Nama": "Siti",
    }
    mapping = {"NIK": "nik", "HP": "phone", "Catatan": "-", "Nama": "owner_name"}
    shown = upload_rows.shown_cells(raw, ["NIK", "HP", "Catatan", "Nama"], mapping)
    assert shown == ["1901********0001", "0812****7890", "KTP 1901********0001", "Siti"]


def test_a_mapping_without_an_identifying_column_is_refused_naming_the_file() -> None:
    with pytest.raises(InputError, match="usulan.csv: tidak ada kolom pengenal"):
        upload_rows.column_mapping("usulan.csv", ["Nominal", "Desa"], {"Nominal": "amount"})
    mapping = upload_rows.column_mapping(
        "usulan.csv",
        ["Nama", "Nominal", "X"],
        {"Nama": "owner_name", "Nominal": "amount", "X": "?"},
    )
    assert mapping.fields == {"owner_name": "Nama", "amount": "Nominal"}
    assert mapping.unknown == ["X"]


@pytest.mark.django_db
def test_a_nik_shared_by_two_businesses_is_doubtful_with_both_as_candidates(
    tmp_path: Any, settings: Any, officer_bangka: Any, cycle: Any, make_business: Any
) -> None:
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    settings.VAR_DIR = tmp_path / "var"
    # One owner, two businesses: the NIK alone cannot say which one is proposed.
    shop = make_business(
        name="Toko Sembako Makmur", owner_name="Agus Salim", nik="1901010707700005"
    )
    farm = make_business(name="Ternak Lele Agus", owner_name="Agus Salim", nik="1901010707700005")
    text = "Nama Pemilik,NIK\nAgus Salim,1901010707700005\n"
    upload = uploads.create_upload(officer_bangka, cycle, "usulan.csv", [text.encode()])
    upload = uploads.run_upload(officer_bangka, upload, upload.mapping, 1_000_000)
    row = upload.rows.get()
    assert row.outcome == "doubtful" and upload.doubtful == 1
    assert {c["business_id"] for c in row.candidates} == {shop.pk, farm.pk}
    assert not cycle.nominations.exists()

    # With the business name the engine tells them apart, and the NIK confirms its pick.
    text = "Nama Pemilik,NIK,Nama Usaha\nAgus Salim,1901010707700005,Ternak Lele Agus\n"
    upload = uploads.create_upload(officer_bangka, cycle, "usulan-2.csv", [text.encode()])
    upload = uploads.run_upload(officer_bangka, upload, upload.mapping, 1_000_000)
    row = upload.rows.get()
    assert row.outcome == "nominated" and row.business == farm and row.matched_by == "model"
