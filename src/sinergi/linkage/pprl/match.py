"""Matching two encoded lists without the key (`sinergi pprl match`).

Candidates are the pairs that share the clear region code (`block`), plus every pair that
agrees on a keyed NIK, NIK-15 or phone hash whatever its block (a region written
differently must not hide a person whose NIK agrees). For each candidate the Dice
similarity of the two filters is computed with numpy (`np.bitwise_count` on 64-bit words)
and a pair is kept when:

- NIK or NIK-15 hashes agree and Dice >= `id_threshold` (the same NIK with a clearly
  different name is a shared or mistyped NIK, not the same person), or
- there is no conflict, and Dice >= `threshold` (default 0.85; anonlink's FEBRL4 runs use
  0.80), or the phone hash agrees and Dice >= (threshold + id_threshold) / 2.
  A conflict is two different keyed birth dates, or two different NIK-15 hashes without
  an agreeing birth date: namesakes are common (Siti Rahmah, Ni Putu Sriani), so a name
  alone never outweighs two identifiers that differ.

`score` is the Dice similarity; `agreed` lists the encoded fields that agreed
(`clk` when Dice >= threshold). Pairs are one-to-many: a record may match several.

Invariants: both folders must carry the same key fingerprint and parameters, else
InputError; the result depends only on the two folders and the thresholds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sinergi.linkage.io.tables import input_error
from sinergi.linkage.pprl.encode import (
    CLK_BITS,
    ENCODED_FILE,
    HASH_COLUMNS,
    MANIFEST_FILE,
    Encoded,
)

DEFAULT_THRESHOLD = 0.85
DEFAULT_ID_THRESHOLD = 0.50
PAIRS_FILE = "pairs.csv"
# Pairs per numpy step inside a block, bounding memory to ~ this x 128 bytes.
_CHUNK_PAIRS = 400_000
_ID_JOINS = ("nik", "nik15", "phone")


@dataclass
class MatchResult:
    pairs: pl.DataFrame  # a_rec, a_file_no, a_row, b_rec, b_file_no, b_row, score, agreed
    summary: dict[str, object]


def read_encoded(folder: Path) -> Encoded:
    """An encoded folder; InputError naming it when it is not one."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
        frame = pl.read_parquet(folder / ENCODED_FILE)
    except (OSError, ValueError, pl.exceptions.PolarsError):
        raise input_error(
            str(folder),
            f"bukan folder hasil `sinergi pprl encode` ({MANIFEST_FILE}, {ENCODED_FILE})",
            f"not a `sinergi pprl encode` folder ({MANIFEST_FILE}, {ENCODED_FILE})",
        ) from None
    need = {"rec", "file_no", "source_row", "block", "clk", *HASH_COLUMNS.values()}
    if not isinstance(manifest, dict) or need - set(frame.columns):
        raise input_error(str(folder), "isi tidak lengkap", "incomplete encoding")
    return Encoded(frame, manifest)


def _compatible(a: Encoded, b: Encoded, a_name: str, b_name: str) -> None:
    if a.manifest.get("key_id") != b.manifest.get("key_id"):
        raise input_error(
            f"{a_name}, {b_name}",
            "disandikan dengan kunci berbeda",
            "encoded with different keys",
        )
    skip = {"key_id", "records", "files", "with"}
    pa = {k: v for k, v in a.manifest.items() if k not in skip}
    pb = {k: v for k, v in b.manifest.items() if k not in skip}
    if pa != pb:
        diff = sorted(k for k in pa.keys() | pb.keys() if pa.get(k) != pb.get(k))
        raise input_error(
            f"{a_name}, {b_name}",
            f"parameter penyandian berbeda: {', '.join(diff)}",
            f"different encoding parameters: {', '.join(diff)}",
        )


def clk_words(frame: pl.DataFrame) -> np.ndarray:
    """The `clk` column as an (n, CLK_BITS/64) uint64 array."""
    raw = b"".join(frame["clk"].to_list())
    return np.frombuffer(raw, dtype=np.uint64).reshape(frame.height, CLK_BITS // 64)


def dice_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dice of a[i] and b[i] for each i (equal-length word arrays)."""
    inter = np.bitwise_count(a & b).sum(axis=1, dtype=np.int64)
    total = np.bitwise_count(a).sum(axis=1, dtype=np.int64)
    total += np.bitwise_count(b).sum(axis=1, dtype=np.int64)
    return np.where(total > 0, 2.0 * inter / np.maximum(total, 1), 0.0)


def _block_pairs(
    a: pl.DataFrame, wa: np.ndarray, b: pl.DataFrame, wb: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a index, b index, Dice) of same-block pairs with Dice >= threshold."""
    pa = np.bitwise_count(wa).sum(axis=1, dtype=np.int32)
    pb = np.bitwise_count(wb).sum(axis=1, dtype=np.int32)
    ga = a.select("block").with_row_index("i").filter(pl.col("block").is_not_null())
    gb = b.select("block").with_row_index("j").filter(pl.col("block").is_not_null())
    ga = ga.group_by("block").agg("i")
    gb = gb.group_by("block").agg("j")
    blocks = ga.join(gb, on="block").sort("block")
    # Word-major copies: one 64-bit word of every filter at a time keeps the temporaries
    # (m x n) small and the reduction elementwise (5x faster than a (m, n, 16) array).
    ta, tb = np.ascontiguousarray(wa.T), np.ascontiguousarray(wb.T)
    out_i, out_j, out_d = [], [], []
    for _, ia, jb in blocks.iter_rows():
        ia = np.asarray(ia, dtype=np.int64)
        jb = np.asarray(jb, dtype=np.int64)
        B, popb = tb[:, jb], pb[jb]
        step = max(1, _CHUNK_PAIRS // len(jb))
        for s in range(0, len(ia), step):
            ii = ia[s : s + step]
            A = ta[:, ii]
            inter = np.zeros((len(ii), len(jb)), dtype=np.uint16)
            word = np.empty((len(ii), len(jb)), dtype=np.uint64)
            count = np.empty((len(ii), len(jb)), dtype=np.uint8)
            for w in range(A.shape[0]):
                np.bitwise_and(A[w][:, None], B[w][None, :], out=word)
                inter += np.bitwise_count(word, out=count)
            dice = 2.0 * inter / np.maximum(pa[ii][:, None] + popb[None, :], 1)
            x, y = np.nonzero(dice >= threshold)
            out_i.append(ii[x])
            out_j.append(jb[y])
            out_d.append(dice[x, y])
    if not out_i:
        return np.array([], np.int64), np.array([], np.int64), np.array([], np.float64)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_d)


def match_encoded(
    a: Encoded,
    b: Encoded,
    threshold: float = DEFAULT_THRESHOLD,
    id_threshold: float = DEFAULT_ID_THRESHOLD,
    names: tuple[str, str] = ("A", "B"),
) -> MatchResult:
    """Matched pairs of two encoded lists (see the module docstring for the rule)."""
    _compatible(a, b, *names)
    fa, fb = a.frame, b.frame
    wa, wb = clk_words(fa), clk_words(fb)
    bi, bj, _ = _block_pairs(fa, wa, fb, wb, threshold)
    cand = [pl.DataFrame({"i": bi, "j": bj}, schema={"i": pl.UInt32, "j": pl.UInt32})]
    ha = fa.select(*HASH_COLUMNS.values()).with_row_index("i")
    hb = fb.select(*HASH_COLUMNS.values()).with_row_index("j")
    for name in _ID_JOINS:
        col = HASH_COLUMNS[name]
        joined = ha.select("i", col).drop_nulls().join(hb.select("j", col).drop_nulls(), on=col)
        cand.append(joined.select("i", "j"))
    pairs = pl.concat(cand).unique().sort("i", "j")
    pairs = pairs.join(ha, on="i", how="left").join(hb, on="j", how="left", suffix="_b")
    ii = pairs["i"].to_numpy().astype(np.int64)
    jj = pairs["j"].to_numpy().astype(np.int64)
    dice = dice_rows(wa[ii], wb[jj]) if len(ii) else np.array([], np.float64)
    pairs = pairs.with_columns(pl.Series("score", dice, pl.Float64))
    agree = {
        name: pl.col(col).is_not_null() & (pl.col(col) == pl.col(f"{col}_b"))
        for name, col in HASH_COLUMNS.items()
    }
    differ = {
        name: pl.col(col).is_not_null()
        & pl.col(f"{col}_b").is_not_null()
        & (pl.col(col) != pl.col(f"{col}_b"))
        for name, col in HASH_COLUMNS.items()
    }
    # Two different keyed birth dates, or two different NIKs (first 15 digits) without an
    # agreeing birth date, mean two people, however alike their names.
    conflict = differ["birth_date"] | (differ["nik15"] & ~agree["birth_date"])
    mid = (threshold + id_threshold) / 2
    keep = (
        ((agree["nik"] | agree["nik15"]) & (pl.col("score") >= id_threshold))
        | (agree["phone"] & (pl.col("score") >= mid) & ~conflict)
        | ((pl.col("score") >= threshold) & ~conflict)
    )
    agreed = pl.concat_list(
        *(pl.when(e).then(pl.lit(n)).otherwise(None) for n, e in agree.items()),
        pl.when(pl.col("score") >= threshold).then(pl.lit("clk")).otherwise(None),
    ).list.drop_nulls()
    pairs = pairs.filter(keep.fill_null(False)).with_columns(agreed.list.join(";").alias("agreed"))
    ida = fa.select(
        pl.col("rec").alias("a_rec"), pl.col("file_no").alias("a_file_no"),
        pl.col("source_row").alias("a_row"),
    ).with_row_index("i")  # fmt: skip
    idb = fb.select(
        pl.col("rec").alias("b_rec"), pl.col("file_no").alias("b_file_no"),
        pl.col("source_row").alias("b_row"),
    ).with_row_index("j")  # fmt: skip
    out = (
        pairs.select("i", "j", pl.col("score").round(4), "agreed")
        .join(ida, on="i")
        .join(idb, on="j")
        .select("a_rec", "a_file_no", "a_row", "b_rec", "b_file_no", "b_row", "score", "agreed")
        .sort("a_rec", "b_rec")
    )
    summary = {
        "a_records": fa.height,
        "b_records": fb.height,
        "candidates": int(len(ii)),
        "pairs": out.height,
        "a_matched": out["a_rec"].n_unique(),
        "b_matched": out["b_rec"].n_unique(),
        "threshold": threshold,
        "id_threshold": id_threshold,
    }
    return MatchResult(out, summary)


def match_folders(
    a_dir: Path,
    b_dir: Path,
    threshold: float = DEFAULT_THRESHOLD,
    id_threshold: float = DEFAULT_ID_THRESHOLD,
) -> MatchResult:
    a, b = read_encoded(a_dir), read_encoded(b_dir)
    return match_encoded(a, b, threshold, id_threshold, (str(a_dir), str(b_dir)))


def write_pairs(result: MatchResult, out: Path) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"pairs": out / PAIRS_FILE, "summary": out / "summary.json"}
    result.pairs.write_csv(paths["pairs"])
    paths["summary"].write_text(json.dumps(result.summary, indent=1), encoding="utf-8")
    return paths
