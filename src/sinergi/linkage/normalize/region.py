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

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sinergi.linkage.normalize import region_text as rt
from sinergi.linkage.normalize.region_index import (
    OUTSIDE_CONTEXT_FACTOR,
    Resolution,
    answer,
    index_of,
    lookup,
    scaled,
    unresolved,
)
from sinergi.linkage.normalize.region_tables import load_tables

if TYPE_CHECKING:
    pass

__all__ = [
    "Resolution",
    "resolve_province",
    "resolve_regency",
    "resolve_district",
    "resolve_village",
    "find_regions_in_text",
]

_CODE_LEN = {"province": 2, "regency": 4, "district": 6, "village": 10}
# Resolved names kept per process: a million-row frame has a few hundred thousand distinct
# (text, context) pairs, and a cache that overflows starts resolving them over and over.
_CACHE_SIZE = 1 << 20


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
        return unresolved("province", "empty")
    coded = _as_code(text, "province")
    if coded:
        return coded
    for segment in rt.segments(text) or [text]:
        tokens = rt.expand(rt.raw_tokens(segment))
        stripped = rt.strip_prefix(tokens, rt.PROVINCE_PREFIXES)
        keys = ["".join(tokens)] + (["".join(stripped)] if stripped else [])
        found = lookup("province", keys, [""])
        if found.reason != "unknown":
            return found
    return unresolved("province", "unknown")


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
        return unresolved("regency", "empty")
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
    # "Genteng, Ketabang, Surabaya": a part read only by spelling ("Ketabang" ~ Ketapang)
    # waits for the others; a part that names a regency as written wins over it.
    close: Resolution | None = None
    for segment in names or segments:
        tokens = _tokens(segment)
        if rt.lone_kind(tokens):
            continue
        kind, tokens = rt.split_kind(tokens)
        kind = kind or text_kind

        def keep(code: str, kind: str | None = kind) -> bool:
            return kind is None or load_tables().regencies[code].kind == kind

        key = "".join(tokens)
        found = lookup("regency", [key], _contexts(hint), keep)
        if found.reason == "fuzzy" and kind:
            # "Kota Badung": one letter from Kota Bandung, but Kabupaten Badung exists by that
            # exact name. The officer may have written the wrong kind or a typo: do not pick.
            other = _exact_codes("regency", key, lambda c: not keep(c))
            if other:
                return unresolved("regency", "ambiguous", (found.code or "", *other))
        if found.reason == "unknown":
            found = _with_trailing_province(tokens, province_code, keep) or found
        if found.reason == "fuzzy":
            close = close or found
        elif found.reason != "unknown":
            return found
    return close or unresolved("regency", "unknown")


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
        found = lookup("regency", ["".join(tokens[:k])], [province.code], keep)
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
        return unresolved("district", "empty")
    coded = _as_code(text, "district")
    if coded:
        return coded
    keys = list(_first_segment_keys(text, "district"))
    return lookup("district", keys, _contexts(regency_code, province_code))


@lru_cache(maxsize=_CACHE_SIZE)
def resolve_village(
    text: str | None, district_code: str | None = None, regency_code: str | None = None
) -> Resolution:
    """Resolve a desa/kelurahan name within the given context.

    Village names repeat thousands of times across the country, so outside the given
    context only an exact, nationally unique name is accepted (no typo forgiveness).
    """
    if text is None or not text.strip():
        return unresolved("village", "empty")
    coded = _as_code(text, "village")
    if coded:
        return coded
    keys = list(_first_segment_keys(text, "village"))
    contexts = _contexts(district_code, regency_code)
    if len(contexts) == 1:
        return _lookup_exact_only("village", keys)
    found = lookup("village", keys, contexts[:-1])
    if found.reason == "unknown":
        national = _lookup_exact_only("village", keys)
        if national.code:
            return scaled(national, OUTSIDE_CONTEXT_FACTOR)
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
    exact = index_of(level).exact
    for key in _first_segment_keys(text, level):
        if not key:
            continue
        codes = [c for c in exact.get(key, ()) if c.startswith(prefix)]
        if codes:
            return (codes[0], 1.0) if len(codes) == 1 else (None, 0.0)
    return None


def _exact_codes(level: str, key: str, keep: Callable[[str], bool]) -> list[str]:
    idx = index_of(level)
    return [c for c in (*idx.exact.get(key, ()), *idx.alias.get(key, ())) if keep(c)]


def _lookup_exact_only(level: str, keys: list[str]) -> Resolution:
    idx = index_of(level)
    for key in keys:
        codes = idx.exact.get(key)
        if codes:
            return answer(idx, list(codes), "exact", 1.0)
    return unresolved(level, "unknown")


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
