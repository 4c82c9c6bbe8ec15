"""Region name indexes and the lookup core of the resolver (`normalize.region`).

One `Index` per level holds the match keys of every official name, alias and old spelling,
keyed per parent-code prefix for searches in a context, plus a deletion neighbourhood for
typo search without one. `lookup` searches context prefixes narrowest first: exact, alias,
old spelling, then a fuzzy match that must be unique and strictly closest.

Pure functions; the indexes are built once per machine and kept in the disk cache
(`disk_cache`, keyed by the tables' bytes and this code), read once per process. No Django.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from sinergi.linkage.disk_cache import cached_bytes, digest
from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region_tables import TABLE_FILES, Region, load_tables

OUTSIDE_CONTEXT_FACTOR = 0.5
OLD_SPELLING_CONFIDENCE = 0.9
FUZZY_CONFIDENCE = {1: 0.9, 2: 0.8}
MAX_CANDIDATES = 25
# Above this many names in a context, fuzzy search goes through the deletion index.
_LINEAR_FUZZY_LIMIT = 64
# Typos the deletion index can find per level: two for the few hundred regencies, one for
# the seven thousand districts (memory), none for villages (searched in context only).
_DELETION_DEPTH = {"province": 2, "regency": 2, "district": 1, "village": 0}
# Parent-code lengths a level is searched within (0 = nationwide). Villages are only
# fuzzy-searched inside a district or regency: nationwide, their names repeat too often.
_SEARCH_CONTEXTS = {"province": (0,), "regency": (0, 2), "district": (0, 2, 4), "village": (4, 6)}


@dataclass(frozen=True, slots=True)
class Resolution:
    code: str | None  # digits, None when it cannot resolve
    name: str | None  # official name
    level: str  # province | regency | district | village
    confidence: float  # 0..1 ; 1.0 exact official/alias match
    reason: str  # exact | alias | fuzzy | ambiguous | unknown | empty
    candidates: tuple[str, ...] = ()  # codes considered when ambiguous


# ---------------------------------------------------------------------------------------
# Indexes


@dataclass
class Index:
    """Match keys of one level. Values are code tuples: one key can name several regions."""

    level: str
    regions: dict[str, Region]
    exact: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    loose: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # (key, code) pairs per parent code prefix, for fuzzy search in a context.
    by_prefix: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    # Deletion neighbourhood (one deleted letter) -> keys, for fuzzy search without context.
    deletions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # by_prefix grouped by key length, each key with its set of letters (built on demand).
    by_length: dict[str, dict[int, list[tuple[str, str, frozenset[str]]]]] = field(
        default_factory=dict
    )

    def near_length(self, prefix: str, length: int, limit: int):
        """The (key, code, letters) of `prefix` whose key length is within `limit` of `length`.

        Keys further apart in length are more than `limit` edits away, so leaving them out
        changes no fuzzy answer.
        """
        buckets = self.by_length.get(prefix)
        if buckets is None:
            buckets = defaultdict(list)
            for key, code in self.by_prefix.get(prefix, ()):
                buckets[len(key)].append((key, code, frozenset(key)))
            self.by_length[prefix] = buckets
        for n in range(length - limit, length + limit + 1):
            yield from buckets.get(n, ())

    def add(self, key: str, code: str, table: str = "exact") -> None:
        if not key:
            return
        bucket = getattr(self, table)[key]
        if code not in bucket:
            bucket.append(code)
        if table == "exact":
            loose = self.loose[rt.old_spelling_key(key)]
            if code not in loose:
                loose.append(code)
            for n in _SEARCH_CONTEXTS[self.level]:
                self.by_prefix[code[:n]].append((key, code))


def regency_base(region: Region) -> str:
    _, tokens = rt.split_kind(rt.expand(rt.raw_tokens(region.name)))
    return "".join(tokens)


@cache
def index_of(level: str) -> Index:
    """The index of one level, from the per-machine disk cache when it holds one for these
    tables and this code (building the village index takes seconds; reading it, little)."""
    regions = load_tables().by_level(level)
    blob = cached_bytes(f"region-index-{level}", _index_key(level), lambda: _index_bytes(level))
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects: the collector would walk them many times
    try:
        idx = pickle.loads(blob)
    finally:
        if enabled:
            gc.enable()
    # Kept for the life of the process: out of the collector's way (a full collection
    # would otherwise walk the million keys of the village index every time).
    gc.freeze()
    idx.regions = regions
    return idx


def _index_key(level: str) -> str:
    here = Path(__file__).resolve().parent
    sources = [(here / n).read_bytes() for n in ("region_index.py", "region_text.py")]
    tables = resources.files("sinergi.data.wilayah")
    data = [tables.joinpath(n).read_bytes() for n in sorted(TABLE_FILES.values())]
    return digest(level, *sources, *data, sys.version, "v1")


def _index_bytes(level: str) -> bytes:
    idx = build_index(level)
    # The regions are the tables' own objects: re-attached on load, not stored twice.
    return pickle.dumps(dataclasses.replace(idx, regions={}), protocol=5)


def build_index(level: str) -> Index:
    """Build one level's index from the region tables (`index_of` caches it)."""
    tables = load_tables()
    regions = tables.by_level(level)
    idx = Index(level, regions)
    for code, region in regions.items():
        if level == "regency":
            base = regency_base(region)
            idx.add(base, code)
            # "Kepulauan Sangihe" is written "Sangihe" as often as not.
            if base.startswith("kepulauan") and len(base) > len("kepulauan") + 3:
                idx.add(base.removeprefix("kepulauan"), code, "alias")
        else:
            for variant in rt.name_variants(region.name):
                idx.add(rt.match_key(variant), code)
    if level == "regency":
        by_name = {rt.fold(r.name): c for c, r in regions.items()}
        for alias, names in rt.REGENCY_ALIASES.items():
            for name in names:
                idx.add(rt.match_key(alias), by_name[rt.fold(name)], "alias")
    elif level == "province":
        for alias, code in rt.PROVINCE_ALIASES.items():
            idx.add(rt.match_key(alias), code, "alias")
    depth = _DELETION_DEPTH[level]
    if depth:
        for key in idx.exact:
            for variant in rt.deletes(key, depth):
                idx.deletions[variant].add(key)
    return idx


def unresolved(level: str, reason: str, candidates: Iterable[str] = ()) -> Resolution:
    cands = tuple(sorted(set(candidates)))[:MAX_CANDIDATES]
    return Resolution(None, None, level, 0.0, reason, cands)


def answer(idx: Index, codes: list[str], reason: str, confidence: float) -> Resolution:
    if len(codes) == 1:
        code = codes[0]
        return Resolution(code, idx.regions[code].name.strip(), idx.level, confidence, reason)
    return unresolved(idx.level, "ambiguous", codes)


def fuzzy(idx: Index, key: str, prefix: str, keep: Callable[[str], bool]) -> Resolution | None:
    """Closest key within `allowed_edits`, when it is unique and strictly closest."""
    limit = rt.allowed_edits(key)
    if limit == 0:
        return None
    pairs = idx.by_prefix.get(prefix, [])
    best: dict[int, set[str]] = defaultdict(set)
    if len(pairs) > _LINEAR_FUZZY_LIMIT and _DELETION_DEPTH[idx.level]:
        # Symmetric-delete search: a key within `depth` edits shares a deletion variant.
        limit = min(limit, _DELETION_DEPTH[idx.level])
        near: set[str] = set()
        deletions = idx.deletions
        for variant in rt.deletes(key, limit):
            hit = deletions.get(variant)
            if hit:
                near |= hit
        pairs = [(k, c) for k in near for c in idx.exact[k]]
        for cand_key, code in pairs:
            if not keep(code):
                continue
            d = rt.osa_distance(key, cand_key, limit)
            if d <= limit:
                best[d].add(cand_key)
    else:
        letters = set(key)
        for cand_key, code, cand_letters in idx.near_length(prefix, len(key), limit):
            # An edit adds or removes at most two letters from the set of letters used (a
            # swap none), so keys whose letter sets differ by more are too far: skip the table.
            if len(letters ^ cand_letters) > 2 * limit or not keep(code):
                continue
            d = rt.osa_distance(key, cand_key, limit)
            if d <= limit:
                best[d].add(cand_key)
    if not best:
        return None
    d = min(best)
    keys = best[d]
    codes = sorted({c for k in keys for c in idx.exact[k] if keep(c) and c.startswith(prefix)})
    if len(keys) > 1:
        return unresolved(idx.level, "ambiguous", codes)
    return answer(idx, codes, "fuzzy", FUZZY_CONFIDENCE[d])


def lookup_in(idx: Index, keys: list[str], prefix: str, keep: Callable[[str], bool]):
    """Exact, alias, old spelling, then fuzzy lookup of the first key that hits."""

    def ok(code: str) -> bool:
        return code.startswith(prefix) and keep(code)

    for table, reason, conf in (
        ("exact", "exact", 1.0),
        ("alias", "alias", 1.0),
    ):
        for key in keys:
            codes = [c for c in getattr(idx, table).get(key, ()) if ok(c)]
            if codes:
                return answer(idx, codes, reason, conf)
    for key in keys:
        codes = [c for c in idx.loose.get(rt.old_spelling_key(key), ()) if ok(c)]
        if codes:
            return answer(idx, codes, "alias", OLD_SPELLING_CONFIDENCE)
    for key in keys:
        found = fuzzy(idx, key, prefix, ok)
        if found is not None:
            return found
    return None


def lookup(
    level: str,
    keys: list[str],
    prefixes: list[str],
    keep: Callable[[str], bool] = lambda _: True,
) -> Resolution:
    """Search each context prefix, narrowest first; wider contexts lower the confidence."""
    idx = index_of(level)
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return unresolved(level, "empty")
    for i, prefix in enumerate(prefixes):
        found = lookup_in(idx, keys, prefix, keep)
        if found is not None:
            if i > 0 and found.code is not None:
                found = scaled(found, OUTSIDE_CONTEXT_FACTOR)
            return found
    return unresolved(level, "unknown")


def scaled(res: Resolution, factor: float) -> Resolution:
    return Resolution(res.code, res.name, res.level, round(res.confidence * factor, 3), res.reason)
