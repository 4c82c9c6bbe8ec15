"""The frame resolver gives every row exactly what the scalar resolver gives its texts."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region import _resolve_row
from sinergi.linkage.normalize.region_frame import (
    CODE_COLUMNS,
    CONFIDENCE_COLUMN,
    address_key_expr,
    resolve_frame,
)
from sinergi.linkage.normalize.region_tables import load_tables

TABLES = load_tables()
_RNG = random.Random(11)
# Real names from a few regencies, so that many rows resolve and some levels disagree.
_VILLAGES = [v for v in TABLES.villages.values() if v.code[:4] in ("1901", "3322", "3374", "5103")]
_SAMPLE = _RNG.sample(_VILLAGES, 60)

MARKERS = [
    "Desa", "DESA", "Ds.", "ds", "Kel.", "Kelurahan", "kel", "Nagari", "Gampong",
    "Kec.", "KEC", "Kecamatan", "Distrik", "Kab.", "KAB", "Kabupaten", "Kota", "KOTA",
    "Kota Adm.", "Kota Administrasi", "Kotamadya", "Kodya", "Prov.", "Provinsi", "Propinsi",
]  # fmt: skip
WORDS = [
    "Jl.", "Jln", "JALAN", "Gg.", "gang", "Lr.", "Komp.", "No.", "No", "RT", "RW", "Rt.",
    "002/005", "12", "33215", "Kode Pos", "kodepos", "Blok", "Dusun", "Dsn", "Cbioads",
    "Kabel", "Desaku", "Kecil", "Kota Baru", "Bangka", "Semarang", "Sungai Liat",
    "Sungailiat", "Ungaran", "Kuta", "Ma'rang", "Bandung", "Cimahi", "Jakarta Selatan",
    "Babel", "Jawa Tengah", "Tegalsari", "Désa", "\u00a0", "\t", "-", ":", ".", "'",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", ", ", ",", "; ", " (", ") ", "\n", " - ", "/", "  "]


def _region_phrases() -> list[str]:
    out = []
    for village in _SAMPLE:
        district = TABLES.districts[village.parent_code]
        regency = TABLES.regencies[district.parent_code]
        out += [
            f"Desa {village.name}",
            f"Kel. {village.name.upper()}",
            f"Kec. {district.name}",
            f"KEC.{district.name}",
            regency.name,
            regency.name.replace("Kabupaten", "Kab."),
        ]
    return out


PHRASES = _region_phrases()


def _address(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 7)):
        x = rng.random()
        if x < 0.35:
            parts.append(rng.choice(PHRASES))
        elif x < 0.55:
            parts.append(f"{rng.choice(MARKERS)} {rng.choice(WORDS)}")
        elif x < 0.65:
            parts.append(rng.choice(MARKERS))
        else:
            parts.append(rng.choice(WORDS))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts[:-1])


def _columns(rng: random.Random) -> dict[str, str | None]:
    village = rng.choice(_SAMPLE)
    district = TABLES.districts[village.parent_code]
    regency = TABLES.regencies[district.parent_code]
    pick = rng.random
    return {
        "province": rng.choice([None, None, "Babel", "Jawa Tengah", "Bali", "Jatim"]),
        "regency": rng.choice([None, regency.name, "Semarang", "Kota Semarang", "Kab Bangka"]),
        "district": district.name if pick() < 0.3 else rng.choice([None, "Kuta", "Ungaran"]),
        "village": village.name if pick() < 0.3 else rng.choice([None, "Tegalsari", "Kota Baru"]),
    }


def _expected(frame: pl.DataFrame) -> list[tuple]:
    out = []
    for row in frame.iter_rows(named=True):
        chain = _resolve_row(
            row.get("province"),
            row.get("regency"),
            row.get("district"),
            row.get("village"),
            row.get("address"),
        )
        out.append((*chain.codes, chain.confidence))
    return out


def _got(frame: pl.DataFrame) -> list[tuple]:
    return resolve_frame(frame).select(*CODE_COLUMNS, CONFIDENCE_COLUMN).rows()


def test_it_agrees_with_the_scalar_resolver_on_hundreds_of_varied_rows() -> None:
    rng = random.Random(7)
    rows = [{**_columns(rng), "address": _address(rng)} for _ in range(600)]
    rows += [{**_columns(rng), "address": None} for _ in range(20)]
    frame = pl.DataFrame(rows, schema={c: pl.Utf8 for c in rows[0]})
    assert _got(frame) == _expected(frame)


def test_the_address_fills_levels_the_columns_leave_open() -> None:
    frame = pl.DataFrame(
        {
            "regency": ["Kab. Bangka", "Kab. Bangka", "Kota Semarang"],
            "address": [
                "Jl. Merdeka No. 5 RT 002/RW 005 KEL. SUNGAILIAT KEC. SUNGAILIAT",
                "Jl. Kota Baru, Desa Sungailiat",
                "Jl. Pemuda 12",
            ],
        }
    )
    got = _got(frame)
    assert got == _expected(frame)
    assert got[0][3] == "1901011001"
    assert got[2][1] == "3374"


@examples(300)
@given(
    st.lists(
        st.one_of(st.sampled_from(MARKERS + WORDS + SEPARATORS), st.text(max_size=6)),
        max_size=12,
    )
)
def test_an_address_key_keeps_exactly_the_marked_names(tokens: list[str]) -> None:
    address = "".join(tokens)
    key = pl.select(address_key_expr(pl.lit(address, pl.Utf8))).item()
    expected = {k: v.lower() for k, v in rt.marked_texts(address).items()}
    if key is None:
        assert expected == {}
    else:
        assert {k: v.lower() for k, v in rt.marked_texts(key).items()} == expected


@examples(100)
@given(st.lists(st.sampled_from(MARKERS + WORDS + SEPARATORS + PHRASES), max_size=10))
def test_a_generated_address_resolves_as_the_scalar_resolver_says(tokens: list[str]) -> None:
    frame = pl.DataFrame({"regency": [None, "Kab. Bangka"], "address": ["".join(tokens)] * 2})
    assert _got(frame) == _expected(frame)


def test_rows_without_any_marker_have_no_address_key() -> None:
    keys = pl.DataFrame(
        {"a": ["Jl. Pemuda 12", "Dsn Cbioads 007/003", None, "", "Jl. Kota Baru No. 3"]}
    ).select(address_key_expr(pl.col("a")))
    assert keys.to_series().to_list()[:4] == [None, None, None, None]
