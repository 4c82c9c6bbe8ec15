"""Cells that hold two things: an owner inside the business name, a phone beside a name.

Offices write "TUKANG PERAHU <AMINTO>" (BPS business directories), "Nama Usaha (Pemilik)",
"Warung Makan (Bu Siti)" in the business-name column, and "Siti 0812-3456-7890" in the
owner column. This module reads the second thing out, next to the raw cell, which is
never edited:

- `owner_name_derived`: the person in angle brackets, round brackets at the end or square
  brackets of the business-name cell, or after a spaced dash or slash at its end
  ("Warung Anugerah - Aisyah", "Toko Jaya / Siti"), when it reads as a person (letters
  only, not a shop, legal or product word: "Toko Tani (Persero)", "Kripik (Pedas)" and
  "Toko Jaya - Cabang 2" hold no owner) and something is left of the business name;
- `phone_derived`: a mobile number written in the owner-name cell;
- working columns for the normalisers (`SPLIT_OWNER`, `SPLIT_BUSINESS`, `SPLIT_PHONE`):
  the owner cell without its phone, else the owner found in the business name; the
  business name without the bracketed owner; the phone cell, else the phone found
  beside the name.

One implementation: the polars frame function `add_split_columns`; `split_cells` runs it
on a one-row frame for forms and property tests.
"""

from __future__ import annotations

import polars as pl

from sinergi.linkage.normalize.words import LEGAL_WORDS, PRODUCT_WORDS, SHOP_WORDS

__all__ = [
    "add_split_columns",
    "split_cells",
    "SPLIT_OWNER",
    "SPLIT_BUSINESS",
    "SPLIT_PHONE",
    "SPLIT_OUTPUT_COLUMNS",
    "NOT_PERSON_WORDS",
]

SPLIT_OUTPUT_COLUMNS = ("owner_name_derived", "phone_derived")
SPLIT_OWNER = "_split_owner"
SPLIT_BUSINESS = "_split_business"
SPLIT_PHONE = "_split_phone"

# Words in brackets that are not a person: forms, status and branch notes.
_NOT_PERSON = frozenset(
    "persero tbk cabang pusat lama baru dulu eks ex kantor gudang unit pabrik produksi "
    "online offline grosir eceran milik binaan mitra umkm ukm ikm irt halal pirt pemilik "
    "pedas manis asin gurih original ori balado keju coklat cokelat asli khas oleh kering "
    "basah frozen homemade spesial special super jumbo mini tulis cap atk print printing "
    "digital fc".split()
)
# Words that make a bracketed text something other than a person.
NOT_PERSON_WORDS = SHOP_WORDS | LEGAL_WORDS | PRODUCT_WORDS | _NOT_PERSON
_STOP = "|".join(sorted(NOT_PERSON_WORDS, key=len, reverse=True))
_BRACKETED = (
    r"<\s*([^<>]{2,60}?)\s*>|\[\s*([^\[\]]{2,60}?)\s*\]|\(\s*([^()]{2,60}?)\s*\)\s*$"
    # "Name - Owner", "Name / Owner", "Name | Owner": a separator with a space before it
    # (so "Sari-Sari" and "Jl. A/B" are not split), the last one in the cell.
    r"|\s[-\x{2013}\x{2014}/|]\s*([^\-\x{2013}\x{2014}/|()<>\[\]]{2,60}?)\s*$"
)
# Cells that may hold an owner: a bracket, or a spaced dash or slash.
_MAY_HOLD_OWNER = r"[<\[(]|\s[-\x{2013}\x{2014}/|]"
_PERSON_TEXT = r"^[^\W\d_]+(?:[\s.,'\-]+[^\W\d_]+)*\.?$"
_STOPPED = rf"(?i)(?-u:\b)(?:{_STOP})(?-u:\b)"
_PHONE_IN_TEXT = r"(?:\+?62|\b0)\s?8[0-9](?:[\s.\-]?[0-9]){6,11}"
_LABELS = r"(?i)\b(?:hp|wa|telp|tlp|telepon|no|nomor)\b\.?\s*:?"
_MISSING = r"^[\s\-0.]*$"


def _blank_to_null(e: pl.Expr) -> pl.Expr:
    s = e.str.strip_chars(" \t\r\n,;:/-|")
    return pl.when(s.str.len_chars() > 0).then(s)


def _owner_inside(biz: pl.Expr) -> list[pl.Expr]:
    """(owner_name_derived, business without it) of business names that hold brackets."""
    inside = biz.str.extract_groups(_BRACKETED)
    candidate = pl.coalesce(
        inside.struct.field("1"),
        inside.struct.field("2"),
        inside.struct.field("3"),
        inside.struct.field("4"),
    ).str.strip_chars()
    person = (
        candidate.str.contains(_PERSON_TEXT)
        & ~candidate.str.contains(_STOPPED)
        & (candidate.str.count_matches(r"[^\W\d_]") >= 3)
    )
    core = _blank_to_null(biz.str.replace(_BRACKETED, " ").str.replace_all(r"\s+", " "))
    # Something must be left of the business: "- Siti" alone is an owner, not a split.
    person = person & (core.str.count_matches(r"[^\W\d_]") >= 2)

    def folded(e: pl.Expr) -> pl.Expr:
        return e.str.to_lowercase().str.replace_all(r"[^\w]+", "")

    # "Toko Rahayu - Toko Rahayu": the business written twice (into the owner's place).
    twice = (folded(candidate) == folded(core)).fill_null(False)
    person = person & ~twice
    return [
        pl.when(person).then(candidate).alias("owner_name_derived"),
        pl.when(person | twice).then(core).alias("_split_core"),
        (person & inside.struct.field("4").is_not_null()).alias("_split_dash"),
    ]


# Share of a file's business cells holding an owner from which the column is read as one
# that holds both: its cells that name only a person then name the owner.
COMBINED_SHARE = 0.3


def _person_only_cells(frame: pl.DataFrame, owner: str, business: str) -> pl.DataFrame:
    """In a file with no owner column whose business column holds business and owner
    ("Toko Jaya (Siti)" in COMBINED_SHARE of its cells or more), a cell naming only a
    person ("I Kadek Wiratama", "- Siti Aminah": the business was not written) is the
    owner, not the business: `owner_name_derived` gets it and the business is left empty.
    """
    biz = pl.col(business).cast(pl.Utf8)
    bare = biz.str.strip_chars(" \t-/|,;:.")
    per_file = [pl.col("source_file")] if "source_file" in frame.columns else []
    no_owner = pl.col(owner).cast(pl.Utf8).str.contains(r"[^\W\d_]").fill_null(False).not_()
    split = pl.col("owner_name_derived").is_not_null()
    filled = biz.str.contains(r"[^\W\d_]").fill_null(False)

    def over(e: pl.Expr) -> pl.Expr:
        return e.over(per_file) if per_file else e

    share = over(split.sum()) / over(filled.sum()).clip(lower_bound=1)
    combined = over(no_owner.all()) & (share >= COMBINED_SHARE)
    frame = frame.with_columns(combined.alias("_split_person"))
    if not frame["_split_person"].any():
        # No such file (the usual case, and always when owner cells are filled): the
        # person tests, whose patterns are costly, would change nothing.
        return frame
    person = (
        ~split
        & bare.str.contains(_PERSON_TEXT).fill_null(False)
        & ~bare.str.contains(_STOPPED).fill_null(False)
        & (bare.str.count_matches(r"[^\W\d_]") >= 3).fill_null(False)
    )
    flag = pl.col("_split_person") & person
    return frame.with_columns(
        pl.when(flag)
        .then(bare)
        .otherwise(pl.col("owner_name_derived"))
        .alias("owner_name_derived"),
        flag.alias("_split_person"),
    )


def _phone_beside(own: pl.Expr) -> list[pl.Expr]:
    """(phone_derived, owner text without it) of owner cells holding many digits."""
    found = own.str.extract(rf"({_PHONE_IN_TEXT})", 1).str.strip_chars()
    rest = own.str.replace(_PHONE_IN_TEXT, " ").str.replace_all(_LABELS, " ")
    rest = rest.str.replace_all(r"[()\[\]]", " ").str.replace_all(r"\s+", " ")
    return [
        found.alias("phone_derived"),
        pl.when(found.is_not_null()).then(_blank_to_null(rest)).alias("_split_rest"),
    ]


def _on_few(frame: pl.DataFrame, col: str, keep: pl.Expr, exprs, outputs) -> pl.DataFrame:
    """Evaluate `exprs` only on the distinct values of `col` that `keep` selects (few of
    them: cells with brackets, cells with many digits) and join the outputs back."""
    key = f"_split_key_{col}"
    values = frame.select(pl.col(col).cast(pl.Utf8).alias(key)).filter(keep).unique()
    if values.height == 0:
        return frame.with_columns(
            pl.lit(None, pl.Boolean if c == "_split_dash" else pl.Utf8).alias(c) for c in outputs
        )
    table = values.with_columns(*exprs(pl.col(key))).select(key, *outputs)
    return (
        frame.with_columns(pl.col(col).cast(pl.Utf8).alias(key))
        .join(table, on=key, how="left", maintain_order="left")
        .drop(key)
    )


def add_split_columns(
    frame: pl.DataFrame,
    owner: str = "owner_name",
    business: str = "business_name",
    phone: str = "phone",
) -> pl.DataFrame:
    """Add SPLIT_OUTPUT_COLUMNS and the working columns; raw columns are not touched.

    The costly expressions run once per distinct cell that can hold two things (a
    bracket in the business name; "8" and a digit in the owner cell, as every mobile
    number has), so a million plain rows cost two cheap filters.
    """
    key = pl.col(f"_split_key_{business}")
    frame = _on_few(
        frame, business, key.str.contains(_MAY_HOLD_OWNER), _owner_inside,
        ("owner_name_derived", "_split_core", "_split_dash"),
    )  # fmt: skip
    # A dash or slash is weaker evidence than a bracket ("Keripik Tempe / Sanan" names a
    # place): when the row's owner cell is filled, the tail counts only if it shares a
    # word with it.
    own_text = pl.col(owner).cast(pl.Utf8).str.to_lowercase()
    tail_word = pl.col("owner_name_derived").str.to_lowercase().str.extract(r"([^\W\d_]{2,})")
    doubtful = (
        pl.col("_split_dash").fill_null(False)
        & own_text.str.contains(r"[^\W\d_]").fill_null(False)
        & ~own_text.str.contains(tail_word, literal=True).fill_null(False)
    )
    frame = frame.with_columns(
        pl.when(doubtful).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("owner_name_derived", "_split_core")
    )
    frame = _person_only_cells(frame, owner, business)
    key = pl.col(f"_split_key_{owner}")
    frame = _on_few(
        frame, owner, key.str.contains(r"8[0-9]"), _phone_beside,
        ("phone_derived", "_split_rest"),
    )  # fmt: skip
    own = pl.col(owner).cast(pl.Utf8)
    tel = pl.col(phone).cast(pl.Utf8)
    frame = frame.with_columns(
        pl.coalesce(
            pl.when(pl.col("phone_derived").is_not_null())
            .then(pl.col("_split_rest"))
            .otherwise(own),
            pl.col("owner_name_derived"),
        ).alias(SPLIT_OWNER),
        pl.when(pl.col("_split_person"))
        .then(None)
        .otherwise(pl.coalesce(pl.col("_split_core"), pl.col(business).cast(pl.Utf8)))
        .alias(SPLIT_BUSINESS),
        pl.when(tel.is_null() | tel.str.contains(_MISSING))
        .then(pl.coalesce(pl.col("phone_derived"), tel))
        .otherwise(tel)
        .alias(SPLIT_PHONE),
    )
    return frame.drop("_split_core", "_split_rest", "_split_dash", "_split_person")


def split_cells(
    owner: str | None = None, business: str | None = None, phone: str | None = None
) -> dict[str, str | None]:
    """What one row's cells hold, e.g.

    >>> split_cells(business="TUKANG PERAHU <AMINTO>")["owner_name_derived"]
    'AMINTO'
    >>> split_cells(owner="Siti 0812-3456-7890")["phone_derived"]
    '0812-3456-7890'
    """
    frame = pl.DataFrame(
        {"owner_name": [owner], "business_name": [business], "phone": [phone]},
        schema={"owner_name": pl.Utf8, "business_name": pl.Utf8, "phone": pl.Utf8},
    )
    out = add_split_columns(frame)
    return out.select(*SPLIT_OUTPUT_COLUMNS, SPLIT_OWNER, SPLIT_BUSINESS, SPLIT_PHONE).row(
        0, named=True
    )
