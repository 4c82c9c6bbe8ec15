"""Blocking keys of registry businesses, for the duplicate warning while typing.

A business gets a handful of short keys (`BusinessKey` rows, indexed on (kind, value)),
the same ideas as the engine's blocking rules, so finding candidates for a half-typed
form is a few index lookups even with a million businesses:

    nk  a hash of the owner's NIK, first 15 digits (an Excel-damaged last digit still hits)
    ph  the owner's phone, E.164
    nb  the NIB
    bo  business-name key | one token of the owner-name key (first, and last): two keys,
        anywhere, so a shop name shared by thousands ("Salon Dua Putri") still finds its
        business when the owner is typed with a slip in the other token and no region;
        looked up before the name keys below, which such a shop name can fill up
    on  owner-name phonetic key | regency code
    bn  business-name key | regency code
    ox  owner-name key (anywhere)       bx  business-name key (anywhere)

Invariants: keys are derived data, recomputed from the business and its owner on every
save (signals below) and by `refresh_keys` after bulk writes; the NIK never appears in
clear in this table. `key_rows` is pure (polars) so bulk loaders use the same rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import polars as pl

KEY_KINDS = ("nk", "ph", "nb", "bo", "on", "bn", "ox", "bx")  # strongest first (typed_keys)
MAX_VALUE = 80


def nik_key(nik: str | None) -> str | None:
    """The stored form of a NIK key: sha256 of its first 15 digits (never the NIK)."""
    digits = "".join(ch for ch in (nik or "") if ch.isdigit())
    if len(digits) < 15:
        return None
    return hashlib.sha256(digits[:15].encode()).hexdigest()[:32]


def key_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Add name_key, name_phonetic and business_key to a frame of owner/business names."""
    from sinergi.linkage import add_business_columns, add_name_columns

    out = frame.with_columns(
        pl.col("owner_name").cast(pl.Utf8), pl.col("business_name").cast(pl.Utf8)
    )
    return add_business_columns(add_name_columns(out, "owner_name"), "business_name")


def key_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """(business_id, kind, value) rows for businesses.

    `frame`: business_id, owner_name, business_name, nik, phone, nib, regency_code.
    """
    k = key_frame(frame)
    region = pl.col("regency_code").fill_null("")
    nik = pl.col("nik").map_elements(nik_key, return_dtype=pl.Utf8)
    parts = [
        ("nk", nik),
        ("ph", pl.col("phone")),
        ("nb", pl.col("nib")),
        (
            "on",
            pl.when(pl.col("name_phonetic").is_not_null() & (region != "")).then(
                pl.col("name_phonetic") + "|" + region
            ),
        ),
        (
            "bn",
            pl.when(pl.col("business_key").is_not_null() & (region != "")).then(
                pl.col("business_key") + "|" + region
            ),
        ),
        # name_first / name_last are the first / last space-separated token of name_key
        # (migration 0003 derives these keys from the stored bx and ox keys on that ground).
        ("bo", pl.col("business_key") + "|" + pl.col("name_first")),
        ("bo", pl.col("business_key") + "|" + pl.col("name_last")),
        ("ox", pl.col("name_key")),
        ("bx", pl.col("business_key")),
    ]
    lazy = k.lazy()  # one query for every kind: a form's one row pays one collect
    frames = [
        lazy.select(
            pl.col("business_id").cast(pl.Int64),
            pl.lit(kind).alias("kind"),
            expr.cast(pl.Utf8).str.slice(0, MAX_VALUE).alias("value"),
        )
        for kind, expr in parts
    ]
    return (
        pl.concat(frames)
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
        .unique(maintain_order=True)
        .collect()
    )


def typed_keys(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys of a half-filled form (same rules as `key_rows`), strongest first.

    The phone is normalised to E.164 first (a form holds what was typed: 0812-...).
    """
    from sinergi.linkage import normalize_phones

    phones = normalize_phones(values.get("phone") or "") if values.get("phone") else []
    row = {
        "business_id": 0,
        "owner_name": values.get("owner_name") or None,
        "business_name": values.get("business_name") or None,
        "nik": values.get("nik") or None,
        "phone": phones[0] if phones else None,
        "nib": "".join(ch for ch in (values.get("nib") or "") if ch.isdigit()) or None,
        "regency_code": values.get("regency_code") or None,
    }
    frame = pl.DataFrame([row], schema={c: pl.Utf8 for c in row} | {"business_id": pl.Int64})
    rows = key_rows(frame)
    order = {k: i for i, k in enumerate(KEY_KINDS)}
    return sorted(
        ((kind, value) for kind, value in rows.select("kind", "value").iter_rows()),
        key=lambda kv: order[kv[0]],
    )


def business_rows(business_ids: Iterable[int]) -> pl.DataFrame:
    """The key_rows input for businesses, read from the database."""
    from sinergi.registry.models import Business

    values = Business.objects.filter(pk__in=list(business_ids)).values_list(
        "pk", "owner__full_name", "name", "owner__nik", "owner__phone", "nib", "regency_code"
    )
    cols = ["business_id", "owner_name", "business_name", "nik", "phone", "nib", "regency_code"]
    schema = {c: pl.Utf8 for c in cols} | {"business_id": pl.Int64}
    return pl.DataFrame(list(values), schema=schema, orient="row")


def refresh_keys(business_ids: Iterable[int]) -> int:
    """Recompute the keys of these businesses; returns how many keys were written."""
    from sinergi.review.models import BusinessKey

    ids = sorted({int(i) for i in business_ids})
    if not ids:
        return 0
    written = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        rows = key_rows(business_rows(chunk))
        BusinessKey.objects.filter(business_id__in=chunk).delete()
        BusinessKey.objects.bulk_create(
            [BusinessKey(business_id=b, kind=k, value=v) for b, k, v in rows.iter_rows()],
            batch_size=2000,
        )
        written += rows.height
    return written


def _business_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh_keys([instance.pk])


def _person_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh_keys(instance.businesses.values_list("pk", flat=True))


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from sinergi.registry.models import Business, Person

    post_save.connect(_business_saved, sender=Business, dispatch_uid="review_keys_business")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="review_keys_person")
