"""Business-name keys: forms, honorifics, owner names inside."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.business import normalize_business

QUICK = examples(60)
WORDS = ["sinar", "jaya", "makmur", "barokah", "rejeki", "abadi", "sentosa", "maju"]


@pytest.mark.parametrize(
    ("written", "clean", "form"),
    [
        ("Warung Bu Siti", "siti", "warung"),
        ("PT. Sinar Jaya", "sinar jaya", "pt"),
        ("Sinar Jaya, PT", "sinar jaya", "pt"),
        ("P.T. Sinar Jaya Tbk", "sinar jaya", "pt"),
        ("CV. Maju Bersama", "maju bersama", "cv"),
        ("U.D. Rejeki", "rejeki", "ud"),
        ("Usaha Dagang Rejeki", "rejeki", "ud"),
        ("Warkop Pak Budi", "budi", "warung"),
        ("Warung Kopi Pak Budi", "budi", "warung"),
        ("Kop. Sejahtera", "sejahtera", "koperasi"),
        ("Koperasi Simpan Pinjam Sejahtera", "sejahtera", "koperasi"),
        ("RM. Padang Sederhana", "padang sederhana", "rm"),
        ("Rumah Makan Padang Sederhana", "padang sederhana", "rm"),
        ("Industri Rumah Tangga Keripik Bu Ani", "keripik ani", "irt"),
        ("Kedai Kak Ros", "ros", "kedai"),
        ("Toko Koh Ahong", "ahong", "toko"),
        ("BUMDes Maju Bersama", "maju bersama", "bumdes"),
        ("Jual Kios Pulsa", "jual kios pulsa", None),
    ],
)
def test_real_world_business_names(written: str, clean: str, form: str | None) -> None:
    out = normalize_business(written)
    assert (out["business_clean"], out["business_form"]) == (clean, form)


def test_a_form_alone_says_nothing_about_which_business() -> None:
    assert normalize_business("Toko") == {
        "business_clean": None,
        "business_key": None,
        "business_form": "toko",
    }


def test_the_key_folds_old_spelling_and_ignores_spaces() -> None:
    assert normalize_business("Toko Sinar Djaja")["business_key"] == "sinarjaya"
    assert normalize_business("SINARJAYA")["business_key"] == "sinarjaya"


@QUICK
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.sampled_from(["", "Toko ", "UD ", "U.D. ", "CV. ", "Warung ", "Kedai ", "RM. "]),
    st.sampled_from(["", "Bu ", "Pak ", "Mbak "]),
    st.sampled_from([str.upper, str.lower, str.title]),
)
def test_forms_and_honorifics_never_change_the_key(words, form, honorific, case) -> None:
    bare = " ".join(words)
    assert normalize_business(case(form + honorific + bare))["business_key"] == bare.replace(
        " ", ""
    )


@pytest.mark.parametrize("empty", [None, "", "-"])
def test_empty_business_names_give_nulls(empty: str | None) -> None:
    assert set(normalize_business(empty).values()) == {None}
