"""Blocking keys for the duplicate warning: derived from the business, never the NIK in clear."""

from __future__ import annotations

import polars as pl

from sinergi.review.keys import key_rows, nik_key, typed_keys


def test_an_excel_damaged_nik_gives_the_same_key_as_the_real_one():
    assert nik_key("1901015507850001") == nik_key("1901015507850000")
    assert nik_key("1901015507850001") != nik_key("1901015507860001")
    assert nik_key("12345") is None


def test_keys_never_hold_the_nik_in_clear():
    frame = pl.DataFrame(
        {
            "business_id": [1],
            "owner_name": ["Hj. Siti Aminah"],
            "business_name": ["Warung Bu Siti"],
            "nik": ["1901015507850001"],
            "phone": ["+6281234567890"],
            "nib": [None],
            "regency_code": ["1901"],
        },
        schema_overrides={"nib": pl.Utf8},
    )
    rows = dict(key_rows(frame).select("kind", "value").iter_rows())
    assert "1901015507850001" not in " ".join(rows.values())
    assert rows["ph"] == "+6281234567890" and rows["bn"] == "siti|1901"
    assert rows["on"].endswith("|1901")


def test_a_typed_phone_is_normalised_before_it_becomes_a_key():
    keys = dict(typed_keys({"phone": "0812-3456-7890", "owner_name": "Siti"}))
    assert keys["ph"] == "+6281234567890"


def test_saving_a_business_keeps_its_keys_current(make_business):
    from sinergi.review.models import BusinessKey

    business = make_business(name="Warung Bu Siti", owner_name="Siti Aminah")
    assert BusinessKey.objects.filter(business=business, kind="bx", value="siti").exists()
    business.name = "Toko Kelontong Maju"
    business.save()
    assert not BusinessKey.objects.filter(business=business, kind="bx", value="siti").exists()
    owner = business.owner
    owner.phone = "+6281111111111"
    owner.save()
    assert BusinessKey.objects.filter(business=business, kind="ph", value="+6281111111111").exists()


def test_the_refresh_command_rebuilds_keys_after_a_bulk_load(make_business):
    import io

    from django.core.management import call_command

    from sinergi.review.models import BusinessKey

    business = make_business(name="Warung Bu Siti")
    BusinessKey.objects.all().delete()
    call_command("refresh_review_keys", stdout=io.StringIO())
    assert BusinessKey.objects.filter(business=business).exists()


def test_a_shop_name_shared_by_many_still_finds_its_owner_typed_with_a_slip(make_business):
    # "Salon Dua Putri" is everywhere; the owner is typed without her last letter, with no
    # NIK, phone or region. Only the shop name + owner token key can reach her business
    # once more businesses share the shop name than one key's lookup reads.
    from sinergi.review.duplicates import PER_KEY, candidate_ids

    for n in range(PER_KEY + 5):
        make_business(name="Salon Dua Putri", owner_name=f"Pemilik Salon {n}")
    hers = make_business(name="Salon Dua Putri", owner_name="Yuniati Utami")
    typed = {"business_name": "Salon Dua Putri", "owner_name": "Yuniati Utam"}
    assert ("bo", "duaputri|yuniati") in typed_keys(typed)
    assert hers.pk in candidate_ids(typed)


def test_the_migration_writes_the_shop_and_owner_keys_that_saving_writes(make_business):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from sinergi.review.models import BusinessKey

    make_business(name="Warung Bu Siti", owner_name="Hj. Siti Aminah")
    make_business(name="Toko Sinar Djaja", owner_name="Tjahjono")
    make_business(name="Toko", owner_name="Budi Santoso")  # a form alone: no shop-name key
    saved = set(BusinessKey.objects.filter(kind="bo").values_list("business_id", "value"))
    assert {v for _, v in saved} >= {"siti|siti", "siti|aminah", "sinarjaya|cahyono"}
    BusinessKey.objects.filter(kind="bo").delete()
    migration = importlib.import_module("sinergi.review.migrations.0003_business_owner_keys")
    migration.fill(apps, SimpleNamespace(connection=connection))  # what RunPython passes on
    assert set(BusinessKey.objects.filter(kind="bo").values_list("business_id", "value")) == saved
