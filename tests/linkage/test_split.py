"""Cells that hold two things: the owner inside a business name, a phone beside a name."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.split import (
    NOT_PERSON_WORDS,
    SPLIT_BUSINESS,
    SPLIT_OWNER,
    SPLIT_PHONE,
    add_split_columns,
    split_cells,
)
from sinergi.linkage.prepare import normalise_frame


@pytest.mark.parametrize(
    ("business", "owner", "core"),
    [
        ("TUKANG PERAHU <AMINTO>", "AMINTO", "TUKANG PERAHU"),
        ("Warung Makan (Bu Siti)", "Bu Siti", "Warung Makan"),
        ("Sinar Jaya [H. Ahmad]", "H. Ahmad", "Sinar Jaya"),
        ("Toko Tani (Persero)", None, "Toko Tani (Persero)"),
        ("Kripik (Pedas)", None, "Kripik (Pedas)"),
        ("CV Maju (Cabang 2)", None, "CV Maju (Cabang 2)"),
        ("Keripik Tempe (Sembako)", None, "Keripik Tempe (Sembako)"),
    ],
)
def test_an_owner_in_brackets_is_read_out_of_the_business_name(business, owner, core):
    out = split_cells(business=business)
    assert out["owner_name_derived"] == owner
    assert out[SPLIT_BUSINESS] == core


@pytest.mark.parametrize(
    ("cell", "name", "phone"),
    [
        ("Siti 0812-3456-7890", "Siti", "0812-3456-7890"),
        ("Siti, HP: 081234567890", "Siti", "081234567890"),
        ("Budi Santoso (WA +62 812 3456 7890)", "Budi Santoso", "+62 812 3456 7890"),
        ("Dewi Lestari", "Dewi Lestari", None),
    ],
)
def test_a_phone_beside_a_name_is_read_out_of_the_owner_cell(cell, name, phone):
    out = split_cells(owner=cell)
    assert out["phone_derived"] == phone
    assert out[SPLIT_OWNER] == name


def test_the_owner_column_wins_and_the_phone_column_wins_when_they_are_filled():
    out = split_cells(owner="Ahmad", business="Sinar Jaya <H. Ahmad>", phone="0811111111")
    assert out[SPLIT_OWNER] == "Ahmad" and out["owner_name_derived"] == "H. Ahmad"
    assert split_cells(owner="Siti 081234567890", phone="0822222222")[SPLIT_PHONE] == "0822222222"
    assert split_cells(owner="Siti 081234567890", phone="-")[SPLIT_PHONE] == "081234567890"


def test_the_normalised_frame_names_the_owner_and_keeps_the_raw_cells():
    frame = pl.DataFrame(
        {
            "unique_id": [0, 1],
            "source_file": ["a.csv", "a.csv"],
            "source_row": [1, 2],
            "business_name": ["TUKANG PERAHU <AMINTO>", "Warung Makan"],
            "owner_name": [None, "Siti 0812-3456-7890"],
        }
    )
    out = normalise_frame(frame)
    assert out["business_name"].to_list() == ["TUKANG PERAHU <AMINTO>", "Warung Makan"]
    assert out["owner_name"].to_list() == [None, "Siti 0812-3456-7890"]
    assert out["name_clean"].to_list() == ["aminto", "siti"]
    assert out["business_clean"].to_list()[0] == "tukang perahu"
    assert out["phone_e164"].to_list() == [None, "+6281234567890"]
    assert out["owner_name_derived"].to_list() == ["AMINTO", None]


_cells = st.one_of(st.none(), st.text(max_size=50))


QUICK = settings(deadline=None, max_examples=60)


@QUICK
@given(owner=_cells, business=_cells, phone=_cells)
def test_splitting_never_edits_the_raw_cells_and_takes_only_what_is_there(owner, business, phone):
    frame = pl.DataFrame(
        {"owner_name": [owner], "business_name": [business], "phone": [phone]},
        schema={"owner_name": pl.Utf8, "business_name": pl.Utf8, "phone": pl.Utf8},
    )
    out = add_split_columns(frame).row(0, named=True)
    assert (out["owner_name"], out["business_name"], out["phone"]) == (owner, business, phone)
    if out["owner_name_derived"] is not None:
        assert out["owner_name_derived"] in business
    if out["phone_derived"] is not None:
        assert out["phone_derived"] in owner
    assert split_cells(owner, business, phone) == {
        k: out[k]
        for k in ("owner_name_derived", "phone_derived", SPLIT_OWNER, SPLIT_BUSINESS, SPLIT_PHONE)
    }


_names = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True).filter(
    lambda n: not any(w.lower() in NOT_PERSON_WORDS for w in n.split())
)


@QUICK
@given(_names)
def test_any_name_in_angle_brackets_after_a_business_is_its_owner(name):
    assert split_cells(business=f"TUKANG CUKUR <{name}>")["owner_name_derived"] == name


@pytest.mark.parametrize(
    ("business", "owner_cell", "owner", "core"),
    [
        ("Warung Anugerah - Aisyah", None, "Aisyah", "Warung Anugerah"),
        ("Toko Jaya / Siti", None, "Siti", "Toko Jaya"),
        ("TOKO JAYA / SITI A.", None, "SITI A.", "TOKO JAYA"),
        ("UD Sumber Rejeki | H. Ahmad", None, "H. Ahmad", "UD Sumber Rejeki"),
        ("Toko Jaya \u2013 Siti", None, "Siti", "Toko Jaya"),
        ("Toko Jaya / Siti", "Siti Aminah", "Siti", "Toko Jaya"),
        # not an owner: a branch, a product note, a word joined without spaces, nothing left
        ("Toko Jaya - Cabang 2", None, None, "Toko Jaya - Cabang 2"),
        ("Fotocopy - ATK", None, None, "Fotocopy - ATK"),
        ("Batik - Tulis", None, None, "Batik - Tulis"),
        ("Sari-Sari", None, None, "Sari-Sari"),
        ("- Siti", None, None, "- Siti"),
        # a filled owner cell that shares no word with the tail: the tail is not the owner
        ("Keripik Tempe / Sanan", "Budi Santoso", None, "Keripik Tempe / Sanan"),
    ],
)
def test_an_owner_after_a_dash_or_slash_is_read_out_of_the_business_name(
    business, owner_cell, owner, core
):
    out = split_cells(owner=owner_cell, business=business)
    assert out["owner_name_derived"] == owner
    assert out[SPLIT_BUSINESS] == core


_shops = st.builds(
    lambda form, word: f"{form} {word}",
    st.sampled_from(["Warung", "Toko", "Kios", "UD", "CV", "Depot", "Usaha"]),
    st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True),
)


@examples(80)
@given(business=_shops, name=_names, sep=st.sampled_from([" - ", " / ", " | ", " -", " /"]))
def test_any_person_after_a_spaced_dash_or_slash_is_the_owner_and_the_rest_the_business(
    business, name, sep
):
    out = split_cells(business=f"{business}{sep}{name}")
    assert out["owner_name_derived"] == name
    assert out[SPLIT_BUSINESS] == business
    # the same cell beside an owner cell naming that person: still split, owner cell wins
    beside = split_cells(owner=f"{name} Lestari", business=f"{business}{sep}{name}")
    assert beside["owner_name_derived"] == name and beside[SPLIT_OWNER] == f"{name} Lestari"


@examples(80)
@given(business=_shops, word=st.sampled_from(sorted(NOT_PERSON_WORDS)), sep=st.sampled_from(" -/"))
def test_a_shop_product_or_form_word_after_a_dash_is_never_taken_for_an_owner(business, word, sep):
    cell = f"{business} {sep} {word.title()}"
    assert split_cells(business=cell)["owner_name_derived"] is None
    assert split_cells(business=cell)[SPLIT_BUSINESS] == cell
