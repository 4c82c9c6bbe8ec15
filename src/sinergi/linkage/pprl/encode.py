"""Encoding one agency's lists: read, normalise, keep only keyed encodings.

`encode_lists(paths, key, block_level)` reads files with the engine's readers and column
recognition (or in-memory `ListFrame`s from the platform), normalises them with the same
Indonesian normalisers as `sinergi dedupe`/`screen` (`prepare.normalise_frame`) and
returns an `Encoded` list; `write_encoded` writes it as `encoded.parquet` +
`manifest.json`, the only two files the other side receives.

Columns of `encoded.parquet`:
- `rec`: record number (0-based over the inputs, in order); `file_no`, `source_row`:
  where the record came from (the file's position in the command line, 1-based data row)
  so the owner can map a pair back to its rows; no file name, no cell text;
- `block`: the region code at the agreed level (`BLOCK_LEVELS`), or null;
- `h_nik`, `h_nik15`, `h_phone`, `h_birth_date`: hex HMAC-SHA256 under per-identifier keys of
  the normalised NIK (valid only), its first 15 digits (valid or damaged by Excel), the
  first valid phone (E.164) and the birth date (ISO; from the column, else the NIK);
- `clk`: 128 bytes, the record's Bloom filter (`CLK_BITS` bits) of the 2-grams of the
  agreed fields among `name_key`, birth date, `business_key` and `address_clean`, each
  field hashed with its own key into `CLK_FIELDS[field]` positions per 2-gram (double
  hashing on the HMAC digest). Both sides encode the same fields: a field one list lacks
  would only lower the Dice of true pairs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from sinergi.linkage.io import columns
from sinergi.linkage.io.frames import ListFrame, frame_table
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import input_error
from sinergi.linkage.pprl.keys import derive, key_id
from sinergi.linkage.prepare import normalise_frame
from sinergi.linkage.schema import ROW_ID, SOURCE_ROW

FORMAT = "sinergi-pprl/1"
ENCODED_FILE = "encoded.parquet"
MANIFEST_FILE = "manifest.json"
CLK_BITS = 1024
# Filter field -> (normalised column, bit positions per 2-gram). The weights follow what a
# field tells about identity: owner names most, addresses least (they are often blank or
# written differently); all three share one filter (no field alone in a filter).
CLK_FIELDS: dict[str, tuple[str, int]] = {
    "owner_name": ("name_key", 15),
    "birth_date": ("birth_date_clean", 15),
    "business_name": ("business_key", 10),
    "address": ("address_clean", 6),
}
DEFAULT_CLK_FIELDS: tuple[str, ...] = tuple(CLK_FIELDS)
# A filter of one field alone is open to frequency attacks (the most frequent bit pattern
# is the most frequent name); an encoding always mixes at least two fields.
MIN_CLK_FIELDS = 2
# Exact identifier -> normalised column.
HASHED: dict[str, str] = {
    "nik": "nik_full",
    "nik15": "nik15",
    "phone": "phone_e164",
    "birth_date": "birth_date_clean",
}
HASH_COLUMNS = {name: f"h_{name}" for name in HASHED}
BLOCK_LEVELS: dict[str, str | None] = {
    "province": "province_code",
    "regency": "regency_code",
    "district": "district_code",
    "none": None,
}
DEFAULT_BLOCK_LEVEL = "regency"


@dataclass
class Encoded:
    """One agency's encoded list: the frame and what the other side needs to know of it."""

    frame: pl.DataFrame
    manifest: dict[str, object] = field(default_factory=dict)


def params(block_level: str, fields: Sequence[str] = DEFAULT_CLK_FIELDS) -> dict[str, object]:
    """The parameters both sides must share (compared by `match` before matching)."""
    return {
        "format": FORMAT,
        "clk_bits": CLK_BITS,
        "ngram": 2,
        "clk_fields": {f: CLK_FIELDS[f][1] for f in fields},
        "hashed": list(HASHED),
        "block_level": block_level,
    }


def read_lists(paths: Sequence[str | Path | ListFrame], sheet: str | None = None) -> pl.DataFrame:
    """Files (or in-memory lists) -> one normalised frame; `file_no` numbers the inputs."""
    frames = []
    for no, path in enumerate(paths, start=1):
        if isinstance(path, ListFrame):
            table, mapping = frame_table(path)
        else:
            table = read_table(path, sheet=sheet)
            mapping = columns.recognise_table(table, None)
        columns.require_identifying(mapping, table.file)
        frame = columns.to_canonical(table, mapping)
        if frame.height == 0:
            raise input_error(table.file, "tidak ada baris data", "no data rows")
        frames.append(frame.with_columns(pl.lit(no, pl.Int32).alias("file_no")))
    if not frames:
        raise input_error("-", "tidak ada berkas", "no input file")
    combined = pl.concat(frames, how="diagonal_relaxed").with_row_index(ROW_ID)
    combined = combined.with_columns(pl.col(ROW_ID).cast(pl.Int64))
    # The source files' names tell the normaliser which NIK columns Excel read as numbers.
    return normalise_frame(combined)


def encode_lists(
    paths: Sequence[str | Path | ListFrame],
    key: bytes,
    block_level: str = DEFAULT_BLOCK_LEVEL,
    sheet: str | None = None,
    fields: Sequence[str] = DEFAULT_CLK_FIELDS,
) -> Encoded:
    """Read, normalise and encode lists; raises InputError for an unusable file.

    `fields`: the filter fields both agencies agreed on (those both lists carry), at
    least MIN_CLK_FIELDS of CLK_FIELDS; ValueError otherwise.
    """
    check_options(block_level, fields)
    return encode_frame(read_lists(paths, sheet), key, block_level, fields)


def check_options(block_level: str, fields: Sequence[str]) -> None:
    if block_level not in BLOCK_LEVELS:
        raise ValueError(f"block level {block_level!r} not in {', '.join(BLOCK_LEVELS)}")
    unknown = [f for f in fields if f not in CLK_FIELDS]
    if unknown:
        raise ValueError(f"unknown filter fields {unknown}; known: {', '.join(CLK_FIELDS)}")
    if len(set(fields)) < MIN_CLK_FIELDS:
        raise ValueError(
            f"satu filter perlu paling sedikit {MIN_CLK_FIELDS} kolom / a filter needs at "
            f"least {MIN_CLK_FIELDS} fields (one field alone is open to frequency attacks)"
        )


def encode_frame(
    df: pl.DataFrame, key: bytes, block_level: str, fields: Sequence[str] = DEFAULT_CLK_FIELDS
) -> Encoded:
    """A normalised frame (schema.NORMALISED columns) -> its encodings only."""
    check_options(block_level, fields)
    fields = [f for f in CLK_FIELDS if f in fields]
    block_col = BLOCK_LEVELS[block_level]
    hashes = {
        HASH_COLUMNS[name]: _keyed_hashes(_as_text(df[col]), derive(key, f"hash/{name}"))
        for name, col in HASHED.items()
    }
    clk = clk_matrix(df, key, fields)
    out = pl.DataFrame(
        {
            "rec": df[ROW_ID].cast(pl.Int64),
            "file_no": df["file_no"].cast(pl.Int32),
            "source_row": df[SOURCE_ROW].cast(pl.Int64),
            **hashes,
        }
    ).with_columns(
        pl.Series("block", df[block_col] if block_col else [None] * df.height, pl.Utf8),
        pl.Series("clk", [bytes(r) for r in clk.view(np.uint8)], pl.Binary),
    )
    counts = out.group_by("file_no").len().sort("file_no")
    manifest = {
        **params(block_level, fields),
        "key_id": key_id(key),
        "records": out.height,
        "files": [{"file_no": n, "rows": c} for n, c in counts.iter_rows()],
        "with": {name: int(out[col].is_not_null().sum()) for name, col in HASH_COLUMNS.items()},
    }
    return Encoded(out, manifest)


def write_encoded(encoded: Encoded, out: Path) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"encoded": out / ENCODED_FILE, "manifest": out / MANIFEST_FILE}
    encoded.frame.write_parquet(paths["encoded"], statistics=False)
    paths["manifest"].write_text(json.dumps(encoded.manifest, indent=1), encoding="utf-8")
    return paths


# ------------------------------------------------------------------------------ encodings


def _as_text(s: pl.Series) -> list[str | None]:
    if s.dtype == pl.Date:
        s = s.dt.strftime("%Y-%m-%d")
    return s.cast(pl.Utf8).to_list()


def _keyed_hashes(values: list[str | None], key: bytes) -> pl.Series:
    """Hex HMAC-SHA256 of each non-empty value under `key`; null stays null."""
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for v in values:
        if not v:
            out.append(None)
            continue
        h = cache.get(v)
        if h is None:
            h = cache[v] = hmac.digest(key, v.encode(), hashlib.sha256).hex()
        out.append(h)
    return pl.Series(out, dtype=pl.Utf8)


def bigrams(text: str | None) -> list[str]:
    """2-grams of the text padded with a space each side; [] for empty text."""
    if not text:
        return []
    t = f" {text.strip()} "
    return sorted({t[i : i + 2] for i in range(len(t) - 1)})


def _positions(digest: bytes, k: int) -> np.ndarray:
    """k bit positions from one HMAC digest by double hashing (Kirsch-Mitzenmacher)."""
    h1 = int.from_bytes(digest[:8], "little")
    h2 = int.from_bytes(digest[8:16], "little") | 1
    return np.array([(h1 + i * h2) % CLK_BITS for i in range(k)], dtype=np.int64)


def clk_matrix(df: pl.DataFrame, key: bytes, fields: Sequence[str]) -> np.ndarray:
    """(rows, CLK_BITS/64) uint64: every record's one filter of all `fields` together."""
    words = CLK_BITS // 64
    out = np.zeros((df.height, words), dtype=np.uint64)
    for name in fields:
        col, k = CLK_FIELDS[name]
        fkey = derive(key, f"clk/{name}")
        vocab: dict[str, int] = {}
        ids: list[int] = []
        owners: list[int] = []
        for r, text in enumerate(_as_text(df[col])):
            for g in bigrams(text):
                i = vocab.get(g)
                if i is None:
                    i = vocab[g] = len(vocab)
                ids.append(i)
                owners.append(r)
        if not ids:
            continue
        masks = np.zeros((len(vocab), CLK_BITS), dtype=bool)
        for g, i in vocab.items():
            masks[i, _positions(hmac.digest(fkey, g.encode(), hashlib.sha256), k)] = True
        packed = _pack(masks)
        # OR each record's 2-gram masks into its row; `owners` is sorted (rows in order)
        rows = np.asarray(owners)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        out[rows[starts]] |= np.bitwise_or.reduceat(packed[np.asarray(ids)], starts, axis=0)
    return out


def _pack(bits: np.ndarray) -> np.ndarray:
    """(n, CLK_BITS) bool -> (n, CLK_BITS/64) uint64, bit i of the filter at byte i//8."""
    return np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
