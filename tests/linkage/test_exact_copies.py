"""Exact copies are one business, whatever the model says about thin rows (issue 10, item 3).

Through the real `sinergi dedupe` and `sinergi screen` commands: rows identical on every
mapped field after case, spacing and punctuation are folded always share a cluster; rows
that differ in one mapped field are left to the model.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.cli import main
from sinergi.linkage.clusters import cluster
from sinergi.linkage.copies import COPY_KEY, add_copy_key

# A city list like the public ones: thin rows (a shop name, an activity, a district).
THIN = [
    ("Warung Mas Rendy", "Kuliner", "Sukajadi", "Kota Bandung"),
    ("Pabrik Tahu", "Industri", "Coblong", "Kota Bandung"),
    ("Kios Sembako", "Perdagangan", "Sukajadi", "Kota Bandung"),
    ("Kios Sembako", "Perdagangan", "Coblong", "Kota Bandung"),
    ("Toko Bangunan Jaya", "Perdagangan", "Cicendo", "Kota Bandung"),
]


def _write(path: Path, header: list[str], rows: list[tuple[str, ...]], sep: str = ";") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=sep)
        w.writerow(header)
        w.writerows(rows)
    return path


def _clusters(out: Path) -> pl.DataFrame:
    return pl.read_csv(out / "clusters.csv", infer_schema_length=0)


def test_byte_identical_thin_rows_share_a_cluster_through_the_dedupe_command(
    tmp_path: Path,
) -> None:
    # Every row three times, as when a file is appended to itself: 15 rows, 5 groups.
    rows = [r for r in THIN for _ in range(3)]
    src = _write(tmp_path / "umkm.csv", ["Nama Usaha", "Kegiatan", "Kecamatan", "Kota"], rows)
    out = tmp_path / "out"
    assert main(["dedupe", str(src), "--out", str(out), "--quiet"]) == 0
    got = _clusters(out).with_columns(pl.col("source_row").cast(pl.Int64)).sort("source_row")
    assert got.height == 15, "no row lost"
    per_group = [got["cluster_id"][i * 3 : i * 3 + 3].unique().len() for i in range(5)]
    assert per_group == [1] * 5, "every copy in its original's cluster"
    # Same shop name in two districts: not a copy, and the model keeps them apart.
    assert got["cluster_id"][6] != got["cluster_id"][9]


def test_copies_differing_only_in_case_spacing_and_punctuation_are_copies(tmp_path: Path) -> None:
    rows = [
        ("Warung Mas Rendy", "Kuliner", "Sukajadi"),
        ("WARUNG  MAS RENDY", "kuliner", "SUKAJADI."),
        ("Warung Mas Rendi", "Kuliner", "Sukajadi"),  # a typo: the model decides
    ]
    src = _write(tmp_path / "a.csv", ["Nama Usaha", "Kegiatan", "Kecamatan"], rows)
    out = tmp_path / "out"
    assert main(["dedupe", str(src), "--out", str(out), "--quiet"]) == 0
    ids = _clusters(out).sort("source_row")["cluster_id"].to_list()
    assert ids[0] == ids[1]


def test_copies_across_two_files_with_other_headers_share_a_cluster(tmp_path: Path) -> None:
    a = _write(
        tmp_path / "a.csv",
        ["Nama Pemilik", "Nama Usaha", "Alamat", "Kecamatan"],
        [("Siti", "Kios Sembako", "Jl. Mawar 3", "Sukajadi"), ("Dian", "Toko Jaya", "", "Coblong")],
    )
    b = _write(
        tmp_path / "b.csv",
        ["Nama Usaha", "Pemilik", "Kecamatan", "Alamat Usaha"],
        [("KIOS SEMBAKO", "SITI", "SUKAJADI", "JL MAWAR 3"), ("Toko Jaya", "Dian", "Cicendo", "")],
        sep=",",
    )
    out = tmp_path / "out"
    assert main(["dedupe", str(a), str(b), "--out", str(out), "--quiet"]) == 0
    got = _clusters(out)
    a1 = got.filter((pl.col("source_file") == "a.csv") & (pl.col("source_row") == "1"))
    b1 = got.filter((pl.col("source_file") == "b.csv") & (pl.col("source_row") == "1"))
    assert a1["cluster_id"].item() == b1["cluster_id"].item()


def test_a_single_word_row_is_not_a_copy_key() -> None:
    frame = pl.DataFrame({"owner_name": ["SITI", "Siti", "Siti"], "district": [None, "", "X"]})
    keys = add_copy_key(frame)[COPY_KEY].to_list()
    assert keys[0] is None and keys[1] is None and keys[2] is not None


def test_the_copy_key_is_stable_across_runs() -> None:
    # Stored with each record by the platform: it must not depend on a process seed.
    frame = pl.DataFrame({"business_name": ["Kios Sembako"], "district": ["Sukajadi"]})
    text = "kios sembako\x1fsukajadi"  # fields in schema order, folded, joined by US
    want = hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
    assert add_copy_key(frame)[COPY_KEY].item() == want


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    groups=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=30),
    scored=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=29),
            st.integers(min_value=0, max_value=29),
            st.floats(min_value=0, max_value=1),
            st.booleans(),
        ),
        max_size=40,
    ),
)
def test_rows_with_one_copy_key_always_share_a_cluster(groups, scored) -> None:
    n = len(groups)
    ids = list(range(n))
    rows = [(a, b, p, veto) for a, b, p, veto in scored if a < b < n]
    pairs = pl.DataFrame(
        {
            "unique_id_l": [r[0] for r in rows],
            "unique_id_r": [r[1] for r in rows],
            "match_probability": [r[2] for r in rows],
            "match_weight": [r[2] * 20 - 10 for r in rows],
            # cannot-link pairs between different groups only (a copy is never "clearly
            # different" from itself)
            "gamma_business_name": [
                0 if veto and groups[a] != groups[b] else 1 for a, b, _, veto in rows
            ],
        },
        schema={
            "unique_id_l": pl.Int64,
            "unique_id_r": pl.Int64,
            "match_probability": pl.Float64,
            "match_weight": pl.Float64,
            "gamma_business_name": pl.Int64,
        },
    )
    keys = pl.Series([f"k{g}" if g else None for g in groups], dtype=pl.Utf8)
    got = cluster(ids, pairs, 0.9, copies=keys).clusters
    assert got.height == n
    by_key = pl.DataFrame({"k": keys, "c": got["cluster_id"]}).drop_nulls("k")
    assert (by_key.group_by("k").agg(pl.col("c").n_unique())["c"] == 1).all()


def test_copies_under_two_record_ids_share_a_cluster(tmp_path: Path) -> None:
    # The same warung mapped twice (two OpenStreetMap nodes, identical tags): the record
    # ID names the row of the list, not the business, so it is left out of the copy key.
    rows = [
        ("node/1", "Warkop Stadion", "-7.3291909", "112.7228236"),
        ("node/2", "Warkop Stadion", "-7.3291909", "112.7228236"),
        ("node/3", "Warkop Stadion", "-7.2343530", "112.6109767"),
    ]
    src = _write(tmp_path / "osm.csv", ["@id", "name", "@lat", "@lon"], rows, ",")
    out = tmp_path / "out"
    assert main(["dedupe", str(src), "--out", str(out), "--quiet"]) == 0
    ids = _clusters(out).sort("source_row")["cluster_id"].to_list()
    assert ids[0] == ids[1]
    # 10 km away: not a copy, and the model keeps it apart.
    assert ids[2] != ids[0]


def test_the_record_id_is_not_part_of_the_copy_key() -> None:
    df = pl.DataFrame(
        {
            "external_id": ["node/6960986586", "node/6960995885", "node/7286990885"],
            "business_name": ["Warkop Stadion", "Warkop Stadion", "Warkop Cita Rasa"],
            "latitude": ["-7.3291909", "-7.3291909", "-7.2620044"],
            "longitude": ["112.7228236", "112.7228236", "112.6928389"],
        }
    )
    keys = add_copy_key(df)[COPY_KEY].to_list()
    assert keys[0] is not None and keys[0] == keys[1]
    assert keys[2] != keys[0]
