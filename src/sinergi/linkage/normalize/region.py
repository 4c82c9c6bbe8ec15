"""Region resolver: free-text province/regency/district/village names -> Kemendagri codes.

Officers write "Kab. Bangka", "KAB BANGKA", "Bangka", "Kota Adm. Jakarta Sel.", "Jaksel",
"Tj. Pinang", "Kec. Sungai Liat". Each resolver returns a `Resolution` with a code, a
confidence and a reason, or says why it cannot ("ambiguous", "unknown", "empty").

Invariants (tested):
- A text that says "Kota" never resolves to a kabupaten, and "Kab."/"Kabupaten" never to
  a kota. A bare name where both exist ("Semarang", "Bogor") is ambiguous (code None,
  both codes in `candidates`) unless a context (province, district, village) decides.
- The official name of any region resolves to that region with confidence 1.0.
- Typos are forgiven only when one name is clearly closest (see `allowed_edits`);
  otherwise the answer is "unknown", never a low-confidence wrong guess.
- A context (parent code) restricts the search. When the name exists only outside the
  given context, it is still returned, with its confidence multiplied by
  `OUTSIDE_CONTEXT_FACTOR`: an inconsistent parent lowers confidence instead of guessing.
- Pure functions; indexes and results are cached per process. No Django import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.regions import Region, load_tables

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Resolution",
    "resolve_province",
    "resolve_regency",
    "resolve_district",
    "resolve_village",
    "find_regions_in_text",
    "resolve_frame",
]

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
_CODE_LEN = {"province": 2, "regency": 4, "district": 6, "village": 10}
# Resolved names kept per process: a million-row frame has a few hundred thousand distinct
# (text, context) pairs, and a cache that overflows starts resolving them over and over.
_CACHE_SIZE = 1 << 20


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
class _Index:
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


def _regency_base(region: Region) -> str:
    _, tokens = rt.split_kind(rt.expand(rt.raw_tokens(region.name)))
    return "".join(tokens)


@cache
def _index(level: str) -> _Index:
    tables = load_tables()
    regions = tables.by_level(level)
    idx = _Index(level, regions)
    for code, region in regions.items():
        if level == "regency":
            base = _regency_base(region)
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


# ---------------------------------------------------------------------------------------
# Lookup core


def _unresolved(level: str, reason: str, candidates: Iterable[str] = ()) -> Resolution:
    cands = tuple(sorted(set(candidates)))[:MAX_CANDIDATES]
    return Resolution(None, None, level, 0.0, reason, cands)


def _answer(idx: _Index, codes: list[str], reason: str, confidence: float) -> Resolution:
    if len(codes) == 1:
        code = codes[0]
        return Resolution(code, idx.regions[code].name.strip(), idx.level, confidence, reason)
    return _unresolved(idx.level, "ambiguous", codes)


def _fuzzy(idx: _Index, key: str, prefix: str, keep: Callable[[str], bool]) -> Resolution | None:
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
        return _unresolved(idx.level, "ambiguous", codes)
    return _answer(idx, codes, "fuzzy", FUZZY_CONFIDENCE[d])


def _lookup_in(idx: _Index, keys: list[str], prefix: str, keep: Callable[[str], bool]):
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
                return _answer(idx, codes, reason, conf)
    for key in keys:
        codes = [c for c in idx.loose.get(rt.old_spelling_key(key), ()) if ok(c)]
        if codes:
            return _answer(idx, codes, "alias", OLD_SPELLING_CONFIDENCE)
    for key in keys:
        found = _fuzzy(idx, key, prefix, ok)
        if found is not None:
            return found
    return None


def _lookup(
    level: str,
    keys: list[str],
    prefixes: list[str],
    keep: Callable[[str], bool] = lambda _: True,
) -> Resolution:
    """Search each context prefix, narrowest first; wider contexts lower the confidence."""
    idx = _index(level)
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return _unresolved(level, "empty")
    for i, prefix in enumerate(prefixes):
        found = _lookup_in(idx, keys, prefix, keep)
        if found is not None:
            if i > 0 and found.code is not None:
                found = _scaled(found, OUTSIDE_CONTEXT_FACTOR)
            return found
    return _unresolved(level, "unknown")


def _scaled(res: Resolution, factor: float) -> Resolution:
    return Resolution(res.code, res.name, res.level, round(res.confidence * factor, 3), res.reason)


def _contexts(*codes: str | None) -> list[str]:
    """Context prefixes from narrowest to national, e.g. ("1901", "19") -> ["1901", "19", ""]."""
    out = [c for c in codes if c]
    return [*dict.fromkeys(out), ""]


def _as_code(text: str, level: str) -> Resolution | None:
    """Officers sometimes paste the code itself ("19.01", "1901")."""
    digits = text.strip().replace(".", "")
    if digits.isdigit() and len(digits) == _CODE_LEN[level]:
        region = load_tables().by_level(level).get(digits)
        if region is not None:
            return Resolution(digits, region.name.strip(), level, 1.0, "exact")
    return None


# ---------------------------------------------------------------------------------------
# Public resolvers


@lru_cache(maxsize=_CACHE_SIZE)
def resolve_province(text: str | None) -> Resolution:
    """Resolve a province name, abbreviation ("Babel", "Jatim", "DIY") or code."""
    if text is None or not text.strip():
        return _unresolved("province", "empty")
    coded = _as_code(text, "province")
    if coded:
        return coded
    for segment in rt.segments(text) or [text]:
        tokens = rt.expand(rt.raw_tokens(segment))
        stripped = rt.strip_prefix(tokens, rt.PROVINCE_PREFIXES)
        keys = ["".join(tokens)] + (["".join(stripped)] if stripped else [])
        found = _lookup("province", keys, [""])
        if found.reason != "unknown":
            return found
    return _unresolved("province", "unknown")


def _province_hint(segments: list[str]) -> str | None:
    """A province named in another segment of the same cell ("Kab. Bangka, Prov. Babel")."""
    for segment in segments:
        res = resolve_province(segment)
        if res.code and res.reason in ("exact", "alias"):
            return res.code
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def resolve_regency(text: str | None, province_code: str | None = None) -> Resolution:
    """Resolve a kabupaten/kota name. "Kota X" only ever yields a kota, "Kab. X" a kabupaten."""
    if text is None or not text.strip():
        return _unresolved("regency", "empty")
    coded = _as_code(text, "regency")
    if coded:
        return coded
    either = rt.strip_prefix(_tokens(text), rt.EITHER_PREFIXES)
    if either is not None:  # "Kab/Kota Bogor" names no kind: read it as "Bogor"
        text = " ".join(either)
    segments = [p for s in rt.segments(text) for p in rt.split_province_words(s) if p.strip()]
    names = [s for s in segments if rt.strip_prefix(_tokens(s), rt.PROVINCE_PREFIXES) is None]
    hint = province_code or _province_hint([s for s in segments if s not in names[:1]])
    text_kind = _stated_kind(text)
    for segment in names or segments:
        tokens = _tokens(segment)
        if rt.lone_kind(tokens):
            continue
        kind, tokens = rt.split_kind(tokens)
        kind = kind or text_kind

        def keep(code: str, kind: str | None = kind) -> bool:
            return kind is None or load_tables().regencies[code].kind == kind

        key = "".join(tokens)
        found = _lookup("regency", [key], _contexts(hint), keep)
        if found.reason == "fuzzy" and kind:
            # "Kota Badung": one letter from Kota Bandung, but Kabupaten Badung exists by that
            # exact name. The officer may have written the wrong kind or a typo: do not pick.
            other = _exact_codes("regency", key, lambda c: not keep(c))
            if other:
                return _unresolved("regency", "ambiguous", (found.code or "", *other))
        if found.reason == "unknown":
            found = _with_trailing_province(tokens, province_code, keep) or found
        if found.reason != "unknown":
            return found
    return _unresolved("regency", "unknown")


def _with_trailing_province(
    tokens: list[str], province_code: str | None, keep: Callable[[str], bool]
) -> Resolution | None:
    """Read "Kota Surabaya Jawa Timur" / "Kab. Bogor Jabar" as a regency within its province.

    Tried only when the whole text named nothing; the regency must lie in that province.
    """
    for k in range(len(tokens) - 1, 0, -1):
        province = resolve_province(" ".join(tokens[k:]))
        if province.code is None or province.reason not in ("exact", "alias"):
            continue
        if province_code and province.code != province_code:
            continue
        found = _lookup("regency", ["".join(tokens[:k])], [province.code], keep)
        if found.reason != "unknown":
            return found
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def _stated_kind(text: str) -> str | None:
    """The kind a regency text states in any of its parts ("Kota; Lingga" -> kota)."""
    for segment in rt.segments(text) or [text]:
        tokens = _tokens(segment)
        kind = rt.split_kind(tokens)[0] or rt.lone_kind(tokens)
        if kind:
            return kind
    return None


def _tokens(text: str) -> list[str]:
    return rt.expand(rt.raw_tokens(text))


def _named_keys(text: str, prefixes: tuple[tuple[str, ...], ...]) -> list[str]:
    """The key of the whole text, then of the text without its level word ("Kec.", "Desa")."""
    tokens = _tokens(text)
    stripped = rt.strip_prefix(tokens, prefixes)
    return ["".join(tokens)] + (["".join(stripped)] if stripped else [])


_LEVEL_PREFIXES = {"district": rt.DISTRICT_PREFIXES, "village": rt.VILLAGE_PREFIXES}


@lru_cache(maxsize=_CACHE_SIZE)
def _first_segment_keys(text: str, level: str) -> tuple[str, ...]:
    """Match keys of a district or village text's first segment, with and without "Kec."/"Desa".

    Cached per text: a frame asks for one name in many contexts.
    """
    prefixes = _LEVEL_PREFIXES[level]
    return tuple(k for s in (rt.segments(text)[:1] or [text]) for k in _named_keys(s, prefixes))


@lru_cache(maxsize=_CACHE_SIZE)
def resolve_district(
    text: str | None, regency_code: str | None = None, province_code: str | None = None
) -> Resolution:
    """Resolve a kecamatan (distrik in Papua) name within the given context.

    Without context a name resolves only when it is unique nationally (or one typo away
    from exactly one name); otherwise it is ambiguous with the matching codes as candidates.
    """
    if text is None or not text.strip():
        return _unresolved("district", "empty")
    coded = _as_code(text, "district")
    if coded:
        return coded
    keys = list(_first_segment_keys(text, "district"))
    return _lookup("district", keys, _contexts(regency_code, province_code))


@lru_cache(maxsize=_CACHE_SIZE)
def resolve_village(
    text: str | None, district_code: str | None = None, regency_code: str | None = None
) -> Resolution:
    """Resolve a desa/kelurahan name within the given context.

    Village names repeat thousands of times across the country, so outside the given
    context only an exact, nationally unique name is accepted (no typo forgiveness).
    """
    if text is None or not text.strip():
        return _unresolved("village", "empty")
    coded = _as_code(text, "village")
    if coded:
        return coded
    keys = list(_first_segment_keys(text, "village"))
    contexts = _contexts(district_code, regency_code)
    if len(contexts) == 1:
        return _lookup_exact_only("village", keys)
    found = _lookup("village", keys, contexts[:-1])
    if found.reason == "unknown":
        national = _lookup_exact_only("village", keys)
        if national.code:
            return _scaled(national, OUTSIDE_CONTEXT_FACTOR)
    return found


def exact_in_context(level: str, text: str, prefix: str) -> tuple[str | None, float] | None:
    """The common case of `resolve_district(text, prefix, ...)` / `resolve_village(text, prefix,
    ...)`, without building a Resolution: the text names a region exactly inside `prefix`, the
    narrowest context the resolver searches first.

    Returns (code, 1.0), or (None, 0.0) when the name is exact for several regions there
    (ambiguous); None when the resolver has to look further (a pasted code, an empty text,
    no exact name inside `prefix`). `prefix` must be the resolver's first context.
    """
    if not prefix or not text.strip() or _as_code(text, level) is not None:
        return None
    exact = _index(level).exact
    for key in _first_segment_keys(text, level):
        if not key:
            continue
        codes = [c for c in exact.get(key, ()) if c.startswith(prefix)]
        if codes:
            return (codes[0], 1.0) if len(codes) == 1 else (None, 0.0)
    return None


def _exact_codes(level: str, key: str, keep: Callable[[str], bool]) -> list[str]:
    idx = _index(level)
    return [c for c in (*idx.exact.get(key, ()), *idx.alias.get(key, ())) if keep(c)]


def _lookup_exact_only(level: str, keys: list[str]) -> Resolution:
    idx = _index(level)
    for key in keys:
        codes = idx.exact.get(key)
        if codes:
            return _answer(idx, list(codes), "exact", 1.0)
    return _unresolved(level, "unknown")


# ---------------------------------------------------------------------------------------
# Combining levels: columns, address, hierarchy


@dataclass(frozen=True, slots=True)
class _Chain:
    codes: tuple[str | None, str | None, str | None, str | None]  # province..village
    confidence: float | None  # None when no code at all


def _pick_by_child(
    candidates: tuple[str, ...], resolve_child: Callable[[str], Resolution]
) -> Resolution | None:
    """Among ambiguous parents, the only one in which the child name resolves exactly."""
    hits = [r for r in (resolve_child(c) for c in candidates) if r.code and r.confidence >= 0.8]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=_CACHE_SIZE)
def _resolve_chain(
    province: str | None, regency: str | None, district: str | None, village: str | None
) -> _Chain:
    """Resolve four level texts together; the deepest resolved code decides its parents.

    Confidence is the lowest confidence of the levels that were named and resolved; a level
    resolved only by its child's context gets at most the child's confidence.
    """
    confs: list[float] = []
    p = resolve_province(province) if province else None
    pc = p.code if p and p.code else None
    if pc:
        confs.append(p.confidence)
    r = resolve_regency(regency, pc) if regency else None
    rc = r.code if r and r.code else None
    if rc:
        confs.append(r.confidence)
    r_cands = r.candidates if r and r.reason == "ambiguous" else ()

    d = None
    if district:
        if not rc and r_cands:
            d = _pick_by_child(r_cands, lambda c: resolve_district(district, c))
        if d is None:
            d = resolve_district(district, rc, pc)
    dc = d.code if d and d.code else None
    if dc:
        confs.append(d.confidence)

    v = None
    if village:
        if not dc and not rc and r_cands:
            v = _pick_by_child(r_cands, lambda c: resolve_village(village, None, c))
        if v is None:
            v = resolve_village(village, dc, rc)
    vc = v.code if v and v.code else None
    if vc:
        confs.append(v.confidence)

    # The deepest code decides its parents, except that a child never turns a stated
    # "Kota X" into a kabupaten (or the reverse): such a child is dropped instead.
    kind = _stated_kind(regency) if regency else None
    regencies = load_tables().regencies
    usable = [c for c in (vc, dc, rc, pc) if c]
    if kind:
        usable = [c for c in usable if len(c) < 4 or regencies[c[:4]].kind == kind]
    if not usable:
        return _Chain((None, None, None, None), None)
    deepest = usable[0]
    codes = tuple(deepest[:n] if len(deepest) >= n else None for n in (2, 4, 6, 10))
    named = (pc, rc, dc, vc)
    if any(c is not None and codes[i] != c for i, c in enumerate(named)):
        # A named level disagrees with the chosen chain: keep the chain, say we are unsure.
        confs.append(OUTSIDE_CONTEXT_FACTOR)
    return _Chain(codes, round(min(confs), 3))  # type: ignore[arg-type]


@lru_cache(maxsize=_CACHE_SIZE)
def find_regions_in_text(text: str | None) -> dict[str, str]:
    """Regions named inside an address, as level -> code, consistent with each other.

    Only marked names count ("Prov. ...", "Kab./Kota ...", "Kec. ...", "Desa/Kel. ..."):
    an unmarked word in an address is too often a street or a hamlet. Parents implied by
    a resolved child are included (a unique "Kec. Sungailiat" gives its regency and
    province). Ambiguous or unknown names are left out.
    """
    if not text or not text.strip():
        return {}
    marked = rt.marked_texts(text)
    if not marked:
        return {}
    chain = _resolve_chain(
        marked.get("province"), marked.get("regency"), marked.get("district"), marked.get("village")
    )
    levels = ("province", "regency", "district", "village")
    return {lvl: code for lvl, code in zip(levels, chain.codes, strict=True) if code}


@lru_cache(maxsize=_CACHE_SIZE)
def _resolve_row(
    province: str | None,
    regency: str | None,
    district: str | None,
    village: str | None,
    address: str | None,
) -> _Chain:
    """Columns first; names marked in the address fill the levels the columns leave open."""
    texts = [province, regency, district, village]
    if address and address.strip():
        marked = rt.marked_texts(address)
        first = _resolve_chain(*texts)
        for i, level in enumerate(("province", "regency", "district", "village")):
            # Empty, unknown or ambiguous column text: let the address speak for this level.
            if first.codes[i] is None and level in marked:
                texts[i] = marked[level]
    return _resolve_chain(*texts)


def resolve_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Add the four region codes and `region_confidence` to a frame (see `region_frame`).

    Every row gets exactly `_resolve_row` of its province, regency, district, village and
    address texts; the work is done once per distinct meaning, not once per row.
    """
    from sinergi.linkage.normalize.region_frame import resolve_frame as resolve

    return resolve(df)
