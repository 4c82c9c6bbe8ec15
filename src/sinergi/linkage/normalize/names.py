"""Owner names: titles and degrees removed, Muhammad unified, old spelling folded, phonetics.

Legal names are never rewritten: everything here produces extra match columns.

One implementation: polars expressions (`name_columns`) are the logic; the scalar
`normalize_name` evaluates them on a one-row frame. `fold_expr` is the vectorised twin of
`text.fold` (tested to agree with it).

Decisions (each tested):
- Titles are removed only at the start and only when a name remains ("Haji" alone stays):
  H., Hj., Haji, Hajah, Dr., Drs., Dra., Ir., Prof., KH, K.H., R., Rr., Tb., Raden, Ny.,
  Nn., Tn., Bpk., Bapak, Ibu, Bu, Pak, Sdr., Sdri., Alm., Almarhum(ah), Ust., Ustadz.
- "Andi" is kept: it is a Bugis title but far more often a given name, and dropping it
  would merge "Andi Wijaya" with every other Wijaya.
- "La Ode"/"Wa Ode" (Buton nobility) are kept in `name_clean` because they are written on
  the KTP; `name_key` writes them "laode"/"waode" so "La Ode" and "Laode" agree.
- Degrees (S.E., SE, S.Pd., S.Pd.I, A.Md., M.M., Ph.D, Lc, ...) are removed anywhere after
  the first token, with or without dots and commas. The first token is never a degree.
- The Muhammad family (Muh., Moh., Moch., Mochamad, Mohammad, Muhamad, Mhd., ...) becomes
  "muhammad" anywhere; a bare "M." only as the first token and followed by another name
  ("M. Yusuf"). "Budi M. Santoso" keeps the initial "m".
- Balinese birth-order names (Wayan, Made, Nyoman, Ketut, Putu, Gede, Kadek, Komang, I, Ni)
  are part of the name and are kept.
- `name_key` folds the pre-1972 spelling: oe->u, dj->j, tj->c, nj->ny, sj->sy, ch->kh, and,
  in a name that shows the old spelling (it contains oe, dj or tj), j->y as well
  ("Tjahjono Widjaja" -> "cahyono wijaya"). "abd" is written "abdul". Apostrophes go.
- `name_phonetic` (of name_key), per rule in order: kh->h, sy->s, dz/z->j, ts->s, th->t,
  dh->d, ph/f/v/p->f, q->k, x->ks, y->i, ae->ai, h after a consonant dropped, h at the end
  of a word after a vowel dropped ("Fatimah"/"Fatima"), uw->u, doubled letters collapsed.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Literal

import polars as pl

__all__ = [
    "fold_expr",
    "old_spelling_expr",
    "name_columns",
    "add_name_columns",
    "on_distinct",
    "phonetic_expr",
    "key_expr",
    "normalize_name",
    "NAME_OUTPUT_COLUMNS",
    "engine_for",
]

NAME_OUTPUT_COLUMNS: tuple[str, ...] = (
    "name_clean",
    "name_key",
    "name_phonetic",
    "name_first",
    "name_last",
)

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"}

_TITLES_BEFORE = (
    "h|hj|hjh|haji|hajah|hajjah|dr|drs|dra|ir|prof|kh|k\\.\\s?h|r|rr|tb|raden|ny|nn|tn|"
    "bpk|bp|bapak|ibu|bu|pak|sdr|sdri|alm|almh|almarhum|almarhumah|ust|ustadz|ustaz|ustadzah"
)
_TITLE_RUN = rf"^(?:(?:{_TITLES_BEFORE})(?:[^\w]+|_+))+"

# Degrees, written with or without dots/spaces between their letter groups.
_S_DEGREES = (
    "pd\\.?\\s?i|pd|e|h|kom|sos|t|ag|kep|p|si|ip|ked|farm|hum|ikom|psi|ds|sn|th|hi|kes|gz|"
    "tr|ak|ab|stat|pt|pi|mat|ei|hut|pdi|sy|st|tp|tr|pwk|ars|i\\.?\\s?kom"
)
_M_DEGREES = "m|pd|si|kes|h|t|kom|ag|hum|ak|ba|sc|sn|ikom|psi|p|e|eng|kn|hi|sy|pdi|ars|ti|tr"
_DEGREES = (
    rf"\b(?:s\.?\s?(?:{_S_DEGREES})|a\.?\s?md(?:\.?\s?(?:kep|keb|kes|t|ak|kom|par|farm))?|"
    rf"m\.?\s?(?:{_M_DEGREES})|mba|ph\.?\s?d|lc|b\.?\s?sc|ba|bsc|msc|dipl|ir|ak|cpa)\b\.?"
)

_MUHAMMAD = (
    "muhammad|muhamad|muhammed|muhamed|mohammad|mohamad|mohammed|mohamed|mochammad|"
    "mochamad|mochamat|muchammad|muchamad|mukhammad|mukhamad|muhamat|muhammat|mohamat|"
    "mokhamad|mokhammad|moehammad|moehamad|muh|muhd|moh|mohd|moch|mhd|mch|mochd"
)
_DOUBLES = {c + c: c for c in string.ascii_lowercase}


# Same result as r"\s+" -> " ", but a lone space (the usual case) is not a match, which
# makes the pass several times faster.
SPACES = r"\s{2,}|[^\S ]"


def collapse_spaces_expr(e: pl.Expr) -> pl.Expr:
    """Every run of whitespace -> one space (no strip)."""
    return e.str.replace_all(SPACES, " ")


def fold_expr(e: pl.Expr) -> pl.Expr:
    """Vectorised `text.fold`: NFKC, lower case, apostrophes unified, whitespace collapsed.

    NFKC and the typographic apostrophes only concern non-ASCII text, so only those cells
    pay for them (a column is mostly ASCII).
    """
    text = e.cast(pl.Utf8)
    wide = pl.when(text.str.len_bytes() != text.str.len_chars()).then(text)
    wide = wide.str.normalize("NFKC").str.to_lowercase().str.replace_many(_APOSTROPHES)
    narrow = text.str.to_lowercase().str.replace_all("`", "'", literal=True)
    return collapse_spaces_expr(pl.coalesce(wide, narrow)).str.strip_chars()


_FIRST_WORD = r"^[^\W_]+(?:'+[^\W_]+)*"


def _clean_stages(raw: pl.Expr) -> list[list[pl.Expr]]:
    """Owner name -> name_clean (see module docstring); null when nothing is left.

    Staged through temporary columns (`_n_*`) so no step is evaluated twice.
    """
    f, nt, s = pl.col("_n_fold"), pl.col("_n_nt"), pl.col("_n_s")
    # The first token is never a degree. It is the first word as cleaning will leave it
    # ("a-ir" is "a" then "ir"), so that cleaning a clean name changes nothing.
    rest = s.str.replace(_FIRST_WORD, "")
    rest = rest.str.replace_all(_DEGREES, " ").str.replace_all(_DEGREES, " ")
    joined = pl.concat_str([s.str.extract(_FIRST_WORD, 0), rest], ignore_nulls=True)
    c = pl.col("_n_c")
    c2 = c.str.replace_all(rf"\b(?:{_MUHAMMAD})\b", "muhammad").str.replace(
        r"^m (\S)", "muhammad $1"
    )
    return [
        # Leading punctuation would hide a title (".H. Ahmad").
        [fold_expr(raw).str.replace(r"^[^\w]+", "").alias("_n_fold")],
        [f.str.replace(_TITLE_RUN, "").alias("_n_nt")],
        # Keep the title when it is all there is ("Haji"), so nothing is silently erased:
        # its last word, so that cleaning the result again changes nothing ("h.h." -> "h").
        [
            pl.when(nt.str.contains(r"[a-z0-9]"))
            .then(nt)
            .otherwise(pl.coalesce(f.str.extract(r"([a-z0-9']+)[^a-z0-9']*$", 1), f))
            .alias("_n_s")
        ],
        [
            joined.str.replace_all(r"[^\w\s']+|_", " ")
            # An apostrophe survives only inside a word ("ma'ruf").
            .str.replace_all(r"\B'+|'+\B", " ")
            .str.replace_all(SPACES, " ")
            .str.strip_chars()
            .alias("_n_c")
        ],
        [c2.alias("_n_c2")],
        [
            pl.when(pl.col("_n_c2").str.contains(r"[a-z0-9]"))
            .then(pl.col("_n_c2"))
            .alias("name_clean")
        ],
    ]


def old_spelling_expr(s: pl.Expr) -> pl.Expr:
    """Fold the pre-1972 spelling of a folded, lower-case text (match keys only).

    Idempotent. j->y only in texts that show the old spelling (oe, dj or tj), because in
    modern spelling j is j ("Joko"), while in "Tjahjono" it stands for y.
    """
    old = s.str.contains("oe|dj|tj")
    # "td+j" too: folding its dj first would leave a tj for the next pass ("tdj" -> "tj"
    # -> "c"), and a key must not change when folded again.
    # Plain substrings are replaced as literals: the same result without a regex, which
    # polars compiles on each call once a call uses more than its 32 cached patterns.
    s = s.str.replace_all("oe", "u", literal=True).str.replace_all("td*j", "c")
    # Protect the j that came from dj (upper case cannot occur in folded text).
    marked = s.str.replace_all("d+j", "J").str.replace_all("j", "y", literal=True)
    marked = marked.str.replace_all("J", "j", literal=True)
    s = pl.when(old).then(marked).otherwise(s.str.replace_all("d+j", "j"))
    s = s.str.replace_all("nj", "ny", literal=True).str.replace_all("sj", "sy", literal=True)
    return s.str.replace_all("ch", "kh", literal=True)


def key_expr(clean: pl.Expr) -> pl.Expr:
    """name_clean -> name_key (old spelling folded, "laode", "abdul"); idempotent."""
    s = clean.str.replace_all("'", "")
    s = old_spelling_expr(s)
    s = s.str.replace_all(r"\b([lw])a ode\b", "${1}aode").str.replace_all(r"\babd\b", "abdul")
    s = s.str.replace_all(SPACES, " ").str.strip_chars()
    return pl.when(s.str.contains(r"[a-z0-9]")).then(s)


def phonetic_expr(key: pl.Expr) -> pl.Expr:
    """Indonesian-aware simplified phonetic code of a name_key (rules in module docstring)."""
    s = key.str.replace_all(r"[^a-z ]", "")
    for pattern, repl in (
        ("kh", "h"),
        ("sy", "s"),
        ("dz", "j"),
        ("z", "j"),
        ("ts", "s"),
        ("th", "t"),
        ("dh", "d"),
        ("ph", "f"),
        ("[pv]", "f"),
        ("q", "k"),
        ("x", "ks"),
        ("y", "i"),
        ("ae", "ai"),
        (r"([b-df-hj-np-tv-z])h", "${1}"),
        (r"([aeiou])h\b", "${1}"),
        ("uw", "u"),
    ):
        s = s.str.replace_all(pattern, repl, literal=pattern.isalpha())
    # Three passes of pair replacement collapse runs of up to 8 equal letters.
    for _ in range(3):
        s = s.str.replace_many(_DOUBLES)
    return s.str.replace_all(SPACES, " ").str.strip_chars()


@cache
def name_columns(col: str = "owner_name") -> list[list[pl.Expr]]:
    """Stages of expressions adding NAME_OUTPUT_COLUMNS (and `_n_*` temporaries);
    apply each with `with_columns`. Built once per process and column (expressions are
    immutable; a form's call would otherwise spend milliseconds rebuilding them): the
    lists are shared and must not be modified."""
    key = pl.col("name_key")
    phonetic = pl.col("_n_ph")
    return [
        *_clean_stages(pl.col(col)),
        [key_expr(pl.col("name_clean")).alias("name_key")],
        [
            phonetic_expr(key).alias("_n_ph"),
            key.str.extract(r"^(\S+)", 1).alias("name_first"),
            key.str.extract(r"(\S+)$", 1).alias("name_last"),
        ],
        [pl.when(phonetic.str.len_chars() > 0).then(phonetic).alias("name_phonetic")],
    ]


# Above this share of distinct keys, finding them and joining back costs more than it saves.
_DISTINCT_SHARE = 0.6
# Up to this many rows (a form, one record and its candidates), counting and joining cost
# more than computing every row: each is a collect with a fixed cost.
_SMALL_FRAME = 256


def engine_for(rows: int) -> Literal["in-memory", "auto"]:
    """The polars engine to collect a plan over `rows` rows with: the in-memory one for a
    small frame, whose fixed cost per collect (and per expression) is well below the
    streaming engine's that `auto` picks; `auto` for a large one. Same result either way.
    """
    return "in-memory" if rows <= _SMALL_FRAME else "auto"


def on_distinct(
    frame: pl.DataFrame, keys: list[str], stages: list[list[pl.Expr]], outputs: tuple[str, ...]
) -> pl.DataFrame:
    """Run expression stages once per distinct combination of `keys`, join the outputs back.

    Keys are cast to Utf8; row order is kept. This is how high-repetition columns stay
    cheap at a million rows; columns that hardly repeat (addresses) are computed row by row
    instead, with the same expressions and so the same result.
    """
    frame = frame.with_columns(pl.col(k).cast(pl.Utf8) for k in keys)
    frame = frame.drop([c for c in outputs if c in frame.columns])
    small = frame.height <= _SMALL_FRAME
    share = (
        1.0
        if small
        else frame.select(pl.struct(keys).hash().approx_n_unique()).item() / frame.height
    )
    if share > _DISTINCT_SHARE:
        lazy = frame.lazy()
        for stage in stages:
            lazy = lazy.with_columns(stage)
        return lazy.select(*frame.columns, *outputs).collect(engine=engine_for(frame.height))
    distinct = frame.select(keys).unique().lazy()
    for stage in stages:
        distinct = distinct.with_columns(stage)
    table = distinct.select(*keys, *outputs).collect()
    return frame.join(table, on=keys, how="left", nulls_equal=True, maintain_order="left")


def add_name_columns(frame: pl.DataFrame, col: str = "owner_name") -> pl.DataFrame:
    """Add NAME_OUTPUT_COLUMNS to a frame, computed once per distinct name."""
    return on_distinct(frame, [col], name_columns(col), NAME_OUTPUT_COLUMNS)


def normalize_name(value: str | None) -> dict[str, str | None]:
    """All name columns for one name.

    >>> normalize_name("Hj. Siti Aminah, S.Pd.")["name_clean"]
    'siti aminah'
    """
    frame = pl.DataFrame({"owner_name": [value]}, schema={"owner_name": pl.Utf8}).lazy()
    for stage in name_columns("owner_name"):
        frame = frame.with_columns(stage)
    return frame.select(NAME_OUTPUT_COLUMNS).collect().row(0, named=True)
