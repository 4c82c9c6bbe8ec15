"""Owner-name keys: titles, degrees, Muhammad, old spelling, phonetics."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.names import (
    add_name_columns,
    fold_expr,
    key_expr,
    normalize_name,
)
from sinergi.linkage.normalize.text import fold

QUICK = examples(60)
GIVEN = ["siti", "budi", "wayan", "made", "cahyono", "yusuf", "nur", "andi", "ahmad", "dewi"]
FAMILY = ["aminah", "santoso", "wijaya", "sukarno", "hidayat", "sudirta", "lestari", "nugroho"]
TITLES = [
    "H.",
    "Hj.",
    "Dr.",
    "Drs.",
    "Ir.",
    "Prof.",
    "KH",
    "K.H.",
    "R.",
    "Tb.",
    "Bu",
    "Bapak",
    "Ny.",
]
DEGREES = [", S.E.", " SE", ", S.Pd.", " SPd", ", S.Pd.I", " S.H.", ", A.Md.", " M.M.", ", M.Si"]


def key(value: str) -> str | None:
    return normalize_name(value)["name_key"]


@QUICK
@given(
    st.lists(st.sampled_from(GIVEN + FAMILY), min_size=1, max_size=3),
    st.lists(st.sampled_from(TITLES), max_size=2),
    st.lists(st.sampled_from(DEGREES), max_size=2),
    st.sampled_from([str.upper, str.lower, str.title]),
)
def test_titles_and_degrees_never_change_the_key(names, titles, degrees, case) -> None:
    bare = " ".join(names)
    dressed = case(" ".join([*titles, bare]) + "".join(degrees))
    assert key(dressed) == key(bare)


@QUICK
@given(st.text(alphabet="abcdehijklmnoprstuwyz '.,-", max_size=30))
@example("h.h.")  # found by random draws: only titles, cleaned to "h h", then to "h"
@example("tdj")  # found by random draws: keyed "tj", then "c"
def test_name_clean_and_name_key_are_idempotent(s: str) -> None:
    once = normalize_name(s)
    if once["name_clean"] is not None:
        assert normalize_name(once["name_clean"])["name_clean"] == once["name_clean"]
    if once["name_key"] is not None:
        again = pl.DataFrame({"k": [once["name_key"]]}).select(key_expr(pl.col("k"))).item()
        assert again == once["name_key"]


@QUICK
@given(st.text(alphabet="aAbB çÉ’‘`\u00a0\t\nİﬁ", max_size=20))
def test_fold_expr_agrees_with_text_fold(s: str) -> None:
    out = pl.DataFrame({"s": [s]}).select(fold_expr(pl.col("s"))).item()
    assert out == fold(s)


@pytest.mark.parametrize(
    ("written", "modern"),
    [
        ("Tjahjono Widjaja", "Cahyono Wijaya"),
        ("Soekarno", "Sukarno"),
        ("Joesoef", "Yusuf"),
        ("Njoman Soedjono", "Nyoman Sujono"),
        ("Sjamsul Chairul", "Syamsul Khairul"),
        ("La Ode Ali", "Laode Ali"),
        ("Abd. Rahman", "Abdul Rahman"),
    ],
)
def test_old_spelling_and_variants_fold_to_the_same_key(written: str, modern: str) -> None:
    assert key(written) == key(modern)


def test_modern_j_stays_j_when_the_name_shows_no_old_spelling() -> None:
    assert key("Joko Widodo") == "joko widodo"


@pytest.mark.parametrize(
    "written", ["M. Yusuf", "Muh. Yusuf", "Moh Yusuf", "Moch. Yusuf", "Mochamad Yusuf",
                "Mohammad Yusuf", "Muhamad Yusuf", "Mhd. Yusuf", "MUHAMMAD YUSUF", "H. M. Yusuf"],
)  # fmt: skip
def test_the_muhammad_family_is_written_muhammad(written: str) -> None:
    assert normalize_name(written)["name_clean"] == "muhammad yusuf"


def test_an_m_initial_in_the_middle_stays_an_initial() -> None:
    assert normalize_name("Budi M. Santoso")["name_clean"] == "budi m santoso"


def test_a_lone_m_is_not_expanded() -> None:
    assert normalize_name("M")["name_clean"] == "m"


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("I Wayan Sudirta, S.H.", "i wayan sudirta"),
        ("Ni Made Ayu", "ni made ayu"),
        ("Andi Wijaya", "andi wijaya"),
        ("Haji", "haji"),
        ("Dr. Ir. H. Soekarno, M.M.", "soekarno"),
        ("KH. Ma’ruf Amin", "ma'ruf amin"),
        ("Hj. Siti Aminah, S.Pd.", "siti aminah"),
        ("  siti   AMINAH ", "siti aminah"),
    ],
)
def test_real_world_names(written: str, clean: str) -> None:
    assert normalize_name(written)["name_clean"] == clean


@pytest.mark.parametrize("empty", [None, "", "-", " . "])
def test_empty_names_give_nulls(empty: str | None) -> None:
    assert set(normalize_name(empty).values()) == {None}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Fatimah", "Fatima"), ("Zainal", "Zaenal"), ("Fauzi", "Pauzi"), ("Khairul", "Hairul"),
     ("Yuliyanti", "Yulianti"), ("Dhani", "Dani"), ("Abdullah", "Abdulah")],
)  # fmt: skip
def test_phonetic_key_joins_spelling_variants(a: str, b: str) -> None:
    assert normalize_name(a)["name_phonetic"] == normalize_name(b)["name_phonetic"]


def test_first_and_last_tokens_come_from_the_key() -> None:
    out = normalize_name("Tjahjono Adi Widjaja")
    assert (out["name_first"], out["name_last"]) == ("cahyono", "wijaya")


def test_the_frame_version_keeps_row_order_and_repeats() -> None:
    df = pl.DataFrame({"owner_name": ["Budi", None, "H. Budi", "Siti", "Budi"], "i": range(5)})
    out = add_name_columns(df)
    assert out["i"].to_list() == [0, 1, 2, 3, 4]
    assert out["name_key"].to_list() == ["budi", None, "budi", "siti", "budi"]
