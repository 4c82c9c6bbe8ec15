"""Addresses: RT/RW spellings, street, house number, admin parts cut."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize.address import normalize_address

QUICK = examples(60)


@QUICK
@given(
    st.integers(1, 99),
    st.integers(1, 30),
    st.sampled_from(
        [
            "RT {rt:03d}/RW {rw:03d}",
            "RT.{rt} RW.{rw}",
            "Rt {rt:02d} Rw {rw:02d}",
            "RT {rt:02d} RW {rw:02d}",
            "RT/RW {rt:03d}/{rw:03d}",
            "RT{rt:02d}/RW{rw:02d}",
            "{rt:03d}/{rw:03d}",
            "RT. {rt:02d} / RW. {rw:02d}",
            "rt {rt} rw {rw}",
        ]
    ),
    st.sampled_from(["Jl. Merdeka No. 5", "Gg. Mawar", "Dsn. Krajan", "Perum. Griya Asri"]),
)
def test_rt_rw_in_any_spelling_is_found(rt: int, rw: int, spelling: str, street: str) -> None:
    out = normalize_address(f"{street} {spelling.format(rt=rt, rw=rw)}")
    assert (out["rt"], out["rw"]) == (str(rt), str(rw))
    assert "rt" not in (out["address_clean"] or "").split()


@pytest.mark.parametrize(
    ("written", "clean", "street", "number"),
    [
        (
            "Jl. Merdeka No. 12 RT 002/RW 005 Kel. Sukamaju, Kec. Cibinong",
            "jalan merdeka no 12",
            "merdeka",
            "12",
        ),
        ("Jln Sudirman 45 RT.2 RW.5", "jalan sudirman 45", "sudirman", "45"),
        ("JL.Ahmad Yani no.7, Rt 02 Rw 05", "jalan ahmad yani no 7", "ahmad yani", "7"),
        ("Jalan Kartini Nomor 3A", "jalan kartini no 3a", "kartini", "3a"),
        ("Dsn. Krajan RT02/RW05 Desa Sukamaju", "dusun krajan", "krajan", None),
        ("Kp. Sawah RT. 02 / RW. 05, Kab. Bogor 16911", "kampung sawah", "sawah", None),
        (
            "Perum. Griya Asri Blok C2 No. 5",
            "perumahan griya asri blok c2 no 5",
            "griya asri",
            "5",
        ),
        ("Komp. Bumi Indah Blok A No 1", "perumahan bumi indah blok a no 1", "bumi indah", "1"),
        ("Desa Sukamaju", None, None, None),
    ],
)
def test_real_world_addresses(written, clean, street, number) -> None:
    out = normalize_address(written)
    assert (out["address_clean"], out["street"], out["house_number"]) == (clean, street, number)


def test_the_rt_rw_column_wins_over_the_address() -> None:
    out = normalize_address("Jl. Merdeka RT 1 RW 1", "002/005")
    assert (out["rt"], out["rw"]) == ("2", "5")


def test_rt_zero_means_none() -> None:
    out = normalize_address("Jl. Merdeka RT 000 RW 000")
    assert (out["rt"], out["rw"]) == (None, None)


@pytest.mark.parametrize("empty", [None, "", "-"])
def test_empty_addresses_give_nulls(empty: str | None) -> None:
    assert set(normalize_address(empty).values()) == {None}
