"""The dialect rewriter (bench/dialects.py): many wordings, a locked half never seen while
tuning, and a ground truth that still holds after columns move and rows are copied."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bench.dialects import HEADERS, LOCKED_SEEDS, TUNING_SEEDS, check_seed, make, rewrite

ROWS = 1200


def _rows(data: Path) -> tuple[dict, dict[tuple[str, int], list[str]], list[str]]:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[tuple[str, int], list[str]] = {}
    headers: list[str] = []
    for f in manifest["files"]:
        with (data / "sources" / f["file"]).open(encoding=f["encoding"], newline="") as fh:
            lines = list(csv.reader(fh, delimiter=f["delimiter"]))
        header, body = lines[f["title_rows"]], lines[f["title_rows"] + 1 :]
        headers += header
        for i, cells in enumerate(body, start=1):
            assert len(cells) == len(header)
            rows[(f["file"], i)] = cells
    return manifest, rows, headers


def _truth(data: Path) -> dict[tuple[str, int], dict[str, str]]:
    with (data / "truth_detail.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["source_file"], int(r["source_row"])): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def tuning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("d") / "tuning"
    make(out, ROWS, 101, "tuning")
    return out


def test_every_field_has_at_least_eight_wordings_in_each_half_and_the_halves_are_disjoint():
    for field, (tuning, locked) in HEADERS.items():
        assert len(set(tuning)) >= 8 and len(set(locked)) >= 8, field
        folded = {p.lower() for w in tuning for p in w.split("|")}
        assert not folded & {p.lower() for w in locked for p in w.split("|")}, field
    assert not set(TUNING_SEEDS) & set(LOCKED_SEEDS)


def test_a_tuning_run_refuses_a_locked_seed():
    with pytest.raises(SystemExit):
        check_seed(901, "tuning")
    check_seed(101, "tuning")


def test_every_row_has_one_truth_row_and_copies_are_byte_identical(tuning: Path):
    manifest, rows, _ = _rows(tuning)
    truth = _truth(tuning)
    assert set(rows) == set(truth)
    assert manifest["rows"] == len(rows) > ROWS  # exact copies were added
    copies = [k for k, t in truth.items() if "d_copy" in t["tags"].split(";")]
    assert copies
    for file, row in copies:
        assert rows[(file, row)] == rows[(file, row - 1)]
        assert truth[(file, row)]["entity_id"] == truth[(file, row - 1)]["entity_id"]


def test_the_manifest_names_a_header_that_exists_for_every_mapped_field(tuning: Path):
    manifest, _, _ = _rows(tuning)
    for f in manifest["files"]:
        with (tuning / "sources" / f["file"]).open(encoding=f["encoding"], newline="") as fh:
            header = list(csv.reader(fh, delimiter=f["delimiter"]))[f["title_rows"]]
        assert set(f["columns"].values()) <= set(header), f["file"]


def test_only_tuning_wordings_appear_in_a_tuning_set(tuning: Path):
    _, _, headers = _rows(tuning)
    locked = {w.lower() for _, (_, words) in HEADERS.items() for w in words}
    locked |= {p.lower() for w in HEADERS["latlng"][1] for p in w.split("|")}
    tuning_words = {w.lower() for _, (words, _) in HEADERS.items() for w in words}
    tuning_words |= {p.lower() for w in HEADERS["latlng"][0] for p in w.split("|")}
    for h in headers:
        parts = {h.lower().removesuffix("_2").strip()}
        parts |= {p.strip() for p in h.lower().replace("(", "/").replace(")", "").split(" / ")}
        assert not (parts & locked) or (parts & tuning_words), h


def test_the_same_base_seed_and_split_give_the_same_bytes(tuning: Path, tmp_path: Path):
    again = tmp_path / "again"
    rewrite(tuning.parent / f"{tuning.name}.base", again, 101, "tuning")
    for p in (tuning / "sources").iterdir():
        assert (again / "sources" / p.name).read_bytes() == p.read_bytes()
    assert (again / "truth.csv").read_bytes() == (tuning / "truth.csv").read_bytes()


def test_the_fresh_draw_has_eight_wordings_per_field_none_seen_before_and_its_own_seeds():
    import re

    from bench.dialects import FRESH_HEADERS, FRESH_SEEDS

    def key(w: str) -> str:
        return "".join(re.findall(r"[a-z0-9]+", w.lower()))

    assert set(FRESH_HEADERS) == set(HEADERS)
    for field, (tuning, locked) in HEADERS.items():
        fresh = FRESH_HEADERS[field]
        assert len(set(fresh)) >= 8, field
        seen = {key(p) for w in tuning + locked for p in w.split("|")}
        assert not seen & {key(p) for w in fresh for p in w.split("|")}, field
    assert not set(FRESH_SEEDS) & (set(TUNING_SEEDS) | set(LOCKED_SEEDS))
    with pytest.raises(SystemExit):
        check_seed(901, "fresh")


def test_the_second_fresh_draw_is_new_to_every_pool_and_to_the_engines_dictionary():
    import re

    from bench.dialects import FRESH2_HEADERS, FRESH2_SEEDS, FRESH_HEADERS, FRESH_SEEDS
    from sinergi.linkage.io.aliases import ALIASES

    def key(w: str) -> str:
        return "".join(re.findall(r"[a-z0-9]+", w.lower()))

    known = {key(a) for names in ALIASES.values() for a in names}
    assert set(FRESH2_HEADERS) == set(HEADERS)
    for field, (tuning, locked) in HEADERS.items():
        fresh2 = FRESH2_HEADERS[field]
        assert len(set(fresh2)) >= 8, field
        seen = {key(p) for w in tuning + locked + FRESH_HEADERS[field] for p in w.split("|")}
        parts = {key(p) for w in fresh2 for p in w.split("|")}
        assert not seen & parts, field
        assert not known & parts, field
    earlier = set(TUNING_SEEDS) | set(LOCKED_SEEDS) | set(FRESH_SEEDS)
    assert not set(FRESH2_SEEDS) & earlier
    with pytest.raises(SystemExit):
        check_seed(2001, "fresh2")


def test_the_third_fresh_draw_is_new_to_every_pool_and_to_the_engines_dictionary():
    import re

    from bench.dialects import (
        FRESH2_HEADERS,
        FRESH2_SEEDS,
        FRESH3_HEADERS,
        FRESH3_SEEDS,
        FRESH_HEADERS,
        FRESH_SEEDS,
    )
    from sinergi.linkage.io.aliases import ALIASES

    def key(w: str) -> str:
        return "".join(re.findall(r"[a-z0-9]+", w.lower()))

    known = {key(a) for names in ALIASES.values() for a in names}
    earlier_pools = [
        w
        for field, (tuning, locked) in HEADERS.items()
        for w in tuning + locked + FRESH_HEADERS[field] + FRESH2_HEADERS[field]
    ]
    seen = {key(p) for w in earlier_pools for p in w.split("|")}
    assert set(FRESH3_HEADERS) == set(HEADERS)
    mine: dict[str, str] = {}
    for field, fresh3 in FRESH3_HEADERS.items():
        assert len(set(fresh3)) >= 8, field
        parts = {key(p) for w in fresh3 for p in w.split("|")}
        # Not a wording of any earlier pool (any field), nor of the engine's dictionary.
        assert not seen & parts, (field, seen & parts)
        assert not known & parts, (field, known & parts)
        for p in parts:
            assert mine.setdefault(p, field) == field, p
    earlier = set(TUNING_SEEDS) | set(LOCKED_SEEDS) | set(FRESH_SEEDS) | set(FRESH2_SEEDS)
    assert not set(FRESH3_SEEDS) & earlier
    with pytest.raises(SystemExit):
        check_seed(3001, "fresh3")


def test_the_fourth_fresh_draw_is_new_to_every_pool_and_to_the_engines_dictionary():
    import re

    from bench import dialect_pools as pools
    from bench.locked_eval import DENSE_SEED, NATIONAL_SEED, SCREEN_SEED, SPLIT
    from sinergi.linkage.io.aliases import ALIASES

    def key(w: str) -> str:
        return "".join(re.findall(r"[a-z0-9]+", w.lower()))

    known = {key(a) for names in ALIASES.values() for a in names}
    earlier_pools = [
        w
        for field, (tuning, locked) in pools.HEADERS.items()
        for w in tuning
        + locked
        + pools.FRESH_HEADERS[field]
        + pools.FRESH2_HEADERS[field]
        + pools.FRESH3_HEADERS[field]
    ]
    seen = {key(p) for w in earlier_pools for p in w.split("|")}
    assert set(pools.FRESH4_HEADERS) == set(HEADERS)
    mine: dict[str, str] = {}
    for field, fresh4 in pools.FRESH4_HEADERS.items():
        assert len(set(fresh4)) >= 8, field
        parts = {key(p) for w in fresh4 for p in w.split("|")}
        assert len(parts) == len(fresh4) * (2 if field == "latlng" else 1), field
        # Not a wording of any earlier pool (any field), nor of the engine's dictionary.
        assert not seen & parts, (field, seen & parts)
        assert not known & parts, (field, known & parts)
        for p in parts:
            assert mine.setdefault(p, field) == field, p
    earlier = (
        set(TUNING_SEEDS)
        | set(LOCKED_SEEDS)
        | set(pools.FRESH_SEEDS)
        | set(pools.FRESH2_SEEDS)
        | set(pools.FRESH3_SEEDS)
    )
    assert not set(pools.FRESH4_SEEDS) & earlier
    with pytest.raises(SystemExit):
        check_seed(4001, "fresh4")
    # The locked evaluation reads this draw, and only its seeds.
    assert SPLIT == "fresh4"
    assert {NATIONAL_SEED, DENSE_SEED, SCREEN_SEED} <= set(pools.FRESH4_SEEDS)
