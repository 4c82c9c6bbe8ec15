"""`sinergi pprl keygen | encode | match` through the command line, and its threats.

Two agencies' small lists (Indonesian-style headers, a NIK damaged by Excel, titles,
old spelling) are encoded with one shared key and matched; the encodings hold no raw
value and no unkeyed hash; a dictionary of NIKs does not reverse the keyed hashes
without the key, and does with it (so the test can fail).
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from sinergi.cli import main

# Agency A (a cooperative office): business list with owners, NIK, phone, address.
A_HEADER = ["No", "Nama Pemilik", "NIK", "Nama Usaha", "Alamat", "No HP", "Kab/Kota"]
A_ROWS = [
    ["1", "H. Moehammad Djoko Santoso", "3201010101800001", "Toko Sembako Lestari",
     "Jl. Merdeka No. 5", "0812-3456-7890", "Kabupaten Bogor"],
    ["2", "Siti Rahmah", "3201014501850002", "Warung Bu Siti", "Jl. Melati 3",
     "", "Kab. Bogor"],
    ["3", "Ni Putu Sriani", "5104054207687073", "UD Sriani Jaya", "Jl. Raya Ubud 7",
     "", "Kab. Gianyar"],
    ["4", "Budi Hartono", "3.20101121275000E+15", "CV Hartono", "Jl. Pahlawan 9",
     "", "Kabupaten Bogor"],
]  # fmt: skip
# Agency B (a social ministry): recipients; row 1 and 4 are A's rows 1 and 4 (4's NIK
# damaged on A's side), row 2 is a namesake of A's row 2 with another NIK, row 3 is new.
B_HEADER = ["NAMA", "NIK", "NAMA USAHA", "ALAMAT", "KAB/KOTA"]
B_ROWS = [
    ["MUHAMMAD JOKO SANTOSO", "3201010101800001", "SEMBAKO LESTARI", "JL MERDEKA 5",
     "KABUPATEN BOGOR"],
    ["SITI RAHMAH", "3201016001900005", "WARUNG SITI", "JL MAWAR 1", "KABUPATEN BOGOR"],
    ["AGUS SALIM", "3201020202790003", "BENGKEL AGUS", "JL KENANGA 2", "KABUPATEN BOGOR"],
    ["BUDI HARTONO", "3201011212750004", "CV HARTONO", "JL PAHLAWAN 9", "KABUPATEN BOGOR"],
]  # fmt: skip
VALUES = [v for row in A_ROWS + B_ROWS for v in row[1:] if len(v) > 4]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _ok(*args: str) -> None:
    assert main(["pprl", *args, *(["--quiet"] if args[0] != "keygen" else [])]) == 0


@pytest.fixture(scope="module")
def exchange(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pprl")
    a = _write(d / "koperasi.csv", A_HEADER, A_ROWS)
    b = _write(d / "dinsos.csv", B_HEADER, B_ROWS)
    _ok("keygen", str(d / "shared.key"))
    _ok("encode", str(a), "--key-file", str(d / "shared.key"), "--out", str(d / "enc_a"))
    _ok("encode", str(b), "--key-file", str(d / "shared.key"), "--out", str(d / "enc_b"))
    _ok("match", str(d / "enc_a"), str(d / "enc_b"), "--out", str(d / "pairs"))
    return {"dir": d, "a": a, "b": b, "key": d / "shared.key"}


def test_the_overlap_is_found_from_encodings_alone(exchange):
    pairs = pl.read_csv(exchange["dir"] / "pairs" / "pairs.csv")
    found = {(r["a_row"], r["b_row"]): r for r in pairs.iter_rows(named=True)}
    # Old spelling and a title (Moehammad Djoko, H.), a NIK damaged by Excel on A's side
    # (agrees on its first 15 digits only); the namesake with another NIK is no match.
    assert set(found) == {(1, 1), (4, 4)}
    assert {"nik", "nik15", "clk"} <= set(found[(1, 1)]["agreed"].split(";"))
    assert "nik15" in found[(4, 4)]["agreed"].split(";")
    assert "nik" not in found[(4, 4)]["agreed"].split(";")


def test_encoded_folders_hold_no_raw_value_and_no_unkeyed_hash(exchange):
    d = exchange["dir"]
    blobs = b"".join(p.read_bytes() for p in (d / "enc_a").iterdir())
    blobs += b"".join(p.read_bytes() for p in (d / "enc_b").iterdir())
    for value in VALUES:
        for form in (value, value.upper(), value.lower()):
            assert form.encode() not in blobs, form
    for nik in ("3201010101800001", "320101010180000", "5104054207687073"):
        for algo in ("md5", "sha1", "sha256", "sha512"):
            assert hashlib.new(algo, nik.encode()).hexdigest().encode() not in blobs
    frame = pl.read_parquet(d / "enc_a" / "encoded.parquet")
    # Regions in clear only at the agreed (regency) level; one filter per record.
    assert set(frame["block"].drop_nulls()) <= {"3201", "5104"}
    assert [c for c in frame.columns if frame[c].dtype == pl.Binary] == ["clk"]


def test_no_field_is_encoded_alone_in_a_filter(exchange, capsys):
    d = exchange["dir"]
    out = d / "alone"
    code = main(["pprl", "encode", str(exchange["a"]), "--key-file", str(exchange["key"]),
                 "--out", str(out), "--fields", "owner_name"])  # fmt: skip
    assert code == 2
    assert "at least 2 fields" in capsys.readouterr().err
    assert not out.exists()


def test_lists_encoded_with_different_keys_are_refused(exchange, capsys):
    d = exchange["dir"]
    _ok("keygen", str(d / "other.key"))
    _ok("encode", str(exchange["b"]), "--key-file", str(d / "other.key"), "--out", str(d / "x"))
    code = main(["pprl", "match", str(d / "enc_a"), str(d / "x"), "--out", str(d / "y")])
    assert code == 2
    assert "different keys" in capsys.readouterr().err
    assert main(["pprl", "keygen", str(d / "other.key")]) == 2  # never overwritten


def test_a_dictionary_of_niks_does_not_reverse_the_hashes_without_the_key(exchange, tmp_path):
    """The attacker holds B's encoded file and a dictionary that contains B's NIKs: every
    serial number (0001-2999) of the district and birth-date part of each NIK of B (a
    slice of the ~2.9e10 valid NIKs of regency 3201 that holds the true values, so the
    full dictionary could do no better). Unkeyed hashes (as Piipan's SHA-512) and an
    encoding under the attacker's own key find nothing; the real key finds every NIK."""
    enc = pl.read_parquet(exchange["dir"] / "enc_b" / "encoded.parquet")
    targets = set(enc["h_nik"].drop_nulls())
    niks = [row[1] for row in B_ROWS]
    prefixes = sorted({n[:12] for n in niks})
    dictionary = [f"{p}{s:04d}" for p in prefixes for s in range(1, 3000)]
    assert set(niks) <= set(dictionary)
    for algo in ("md5", "sha1", "sha256", "sha512", "sha3_256", "blake2b"):
        assert not {hashlib.new(algo, n.encode()).hexdigest() for n in dictionary} & targets
    rows = [[f"Calon {i}", n] for i, n in enumerate(dictionary)]
    guess = _write(tmp_path / "kamus.csv", ["Nama", "NIK"], rows)
    _ok("keygen", str(tmp_path / "guess.key"))
    hits = {}
    for key in ("guess", "real"):
        key_file = tmp_path / "guess.key" if key == "guess" else exchange["key"]
        _ok("encode", str(guess), "--key-file", str(key_file), "--out", str(tmp_path / key),
            "--block-level", "none")  # fmt: skip
        mine = pl.read_parquet(tmp_path / key / "encoded.parquet")
        hits[key] = set(mine["h_nik"].drop_nulls()) & targets
    assert hits["guess"] == set()
    assert hits["real"] == targets and len(targets) == len(niks)


def test_a_folder_that_is_not_an_encoding_is_named(exchange, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code = main(["pprl", "match", str(exchange["dir"] / "enc_a"), str(tmp_path / "empty"),
                 "--out", str(tmp_path / "o")])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "empty" in err and "not a `sinergi pprl encode` folder" in err
    manifest = json.loads((exchange["dir"] / "enc_a" / "manifest.json").read_text())
    assert manifest["records"] == len(A_ROWS) and "key" not in manifest
