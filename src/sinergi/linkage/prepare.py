"""Raw canonical text columns -> the normalised columns the model compares; row problems.

`normalise_frame` is the one place where every normaliser runs. It is vectorised polars
throughout; columns where values repeat (names, business names, addresses) are normalised
once per distinct value and joined back, keeping row order.

Invariants:
- Output = the input columns, unchanged, + every column of schema.NORMALISED (null where
  the data is absent; `region_confidence` is one of them); same
  rows, same order.
- Raw values are never altered; problems are reported by `frame_problems`, never fatal.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from sinergi.linkage.copies import add_copy_key
from sinergi.linkage.normalize.address import add_address_columns
from sinergi.linkage.normalize.business import add_business_columns
from sinergi.linkage.normalize.geo import POINT_PROBLEMS, add_point_columns
from sinergi.linkage.normalize.identifiers import add_identifier_columns, present_expr
from sinergi.linkage.normalize.names import add_name_columns, engine_for
from sinergi.linkage.normalize.nik import (
    add_nik_columns,
    add_nik_problem_columns,
    nik_digits16_expr,
)
from sinergi.linkage.normalize.phone import (
    PHONE_MESSAGE,
    add_phone_columns,
    add_phone_invalid_column,
)
from sinergi.linkage.normalize.region_frame import resolve_frame
from sinergi.linkage.normalize.region_places import add_place_columns, read_at_other_level_expr
from sinergi.linkage.normalize.split import (
    SPLIT_BUSINESS,
    SPLIT_OWNER,
    SPLIT_PHONE,
    add_split_columns,
)
from sinergi.linkage.schema import (
    CANONICAL_FIELDS,
    NORMALISED,
    PROBLEM_COLUMNS,
    SOURCE_FILE,
    SOURCE_ROW,
)

__all__ = ["normalise_frame", "frame_problems", "detect_numeric_nik_files"]

REGION_CONFIDENCE = "region_confidence"
_REGION_CODES = ("province_code", "regency_code", "district_code", "village_code")

# A numeric NIK column turns the 16th digit into 0. Naturally ~10% of NIKs end in 0; a file
# where far more do was numeric.
NUMERIC_NIK_MIN_VALUES = 20
NUMERIC_NIK_MIN_SHARE = 0.35


def detect_numeric_nik_files(df: pl.DataFrame, col: str = "nik") -> set[str]:
    """Source files whose 16-digit NIKs end in 0 far more often than chance allows."""
    if col not in df.columns or SOURCE_FILE not in df.columns or df.height < NUMERIC_NIK_MIN_VALUES:
        return set()  # (a frame this small has no file with enough values to tell)
    stats = (
        df.select(pl.col(SOURCE_FILE), nik_digits16_expr(col).alias("d"))
        .drop_nulls("d")
        .group_by(SOURCE_FILE)
        .agg(pl.len().alias("n"), pl.col("d").str.ends_with("0").mean().alias("share"))
        .filter((pl.col("n") >= NUMERIC_NIK_MIN_VALUES) & (pl.col("share") > NUMERIC_NIK_MIN_SHARE))
    )
    return set(stats[SOURCE_FILE].to_list())


def _with_all_fields(df: pl.DataFrame) -> pl.DataFrame:
    """Every canonical field as Utf8 (absent ones all-null); earlier outputs dropped."""
    work = df.drop([c for c in (*NORMALISED, REGION_CONFIDENCE) if c in df.columns])
    return work.with_columns(
        pl.col(c).cast(pl.Utf8) if c in work.columns else pl.lit(None, pl.Utf8).alias(c)
        for c in CANONICAL_FIELDS
    )


def normalise_frame(
    df: pl.DataFrame,
    numeric_nik_files: Iterable[str] = frozenset(),
    *,
    region_codes_given: bool = False,
) -> pl.DataFrame:
    """Add schema.NORMALISED columns to a frame of raw canonical text columns.

    Args:
        df: `unique_id`, `source_file`, `source_row` and any subset of CANONICAL_FIELDS as
            Utf8; other columns are carried through.
        numeric_nik_files: source files whose NIK column intake read as numbers. Files are
            also detected from the data (see `detect_numeric_nik_files`).
        region_codes_given: `df` carries the four Kemendagri code columns (province_code,
            regency_code, district_code, village_code: a form's region pickers, a registry
            business). They are the rows' region as given, and the region steps, which
            read it from texts (`resolve_frame`, `add_place_columns`: about half the fixed
            cost of a call), do not run; `region_confidence`, `region_source` and
            `geo_district_code` are null. Every other column is what the default gives.
    """
    original = df.columns
    given = (
        df.select(pl.col(c).cast(pl.Utf8) for c in _REGION_CODES) if region_codes_given else None
    )
    work = _with_all_fields(df)
    numeric = set(numeric_nik_files) | detect_numeric_nik_files(work)
    hint = pl.col(SOURCE_FILE).is_in(sorted(numeric)) if numeric and SOURCE_FILE in work else None
    work = add_nik_columns(work, "nik", hint, kk_col="kk")
    # Cells that hold two things (owner inside the business name, phone beside the owner):
    # the normalisers read the split working columns; the raw cells stay as they are.
    work = add_split_columns(work)
    work = add_name_columns(work, SPLIT_OWNER)
    work = add_business_columns(work, SPLIT_BUSINESS)
    work = _with_owner_business_key(work, SPLIT_OWNER)
    work = add_address_columns(work, "address", "rt_rw")
    work = add_identifier_columns(work)
    lazy = add_phone_columns(work.lazy(), SPLIT_PHONE)
    lazy = lazy.with_columns(
        pl.coalesce("birth_date_clean", "nik_birth_date").alias("birth_date_clean"),
        pl.coalesce("sex_clean", "nik_sex").alias("sex_clean"),
    )
    work = add_point_columns(lazy.collect(engine=engine_for(work.height)))
    if given is not None:
        work = work.with_columns(
            *given.get_columns(),
            pl.lit(None, pl.Float64).alias(REGION_CONFIDENCE),
            pl.lit(None, pl.Utf8).alias("region_source"),
            pl.lit(None, pl.Utf8).alias("geo_district_code"),
        )
    elif resolve_frame is not None:
        work = resolve_frame(work)
    else:
        work = work.with_columns(
            *(pl.lit(None, pl.Utf8).alias(c) for c in _REGION_CODES),
            pl.lit(None, pl.Float64).alias(REGION_CONFIDENCE),
        )
    if given is None:
        # BPS codes, a city named in a lower column, postcode, point, one place per file.
        work = add_place_columns(work)
    work = add_copy_key(work)  # every canonical field is a column of `work` by now
    # region_confidence is one of schema.NORMALISED, so it is selected there, once.
    keep = [c for c in original if c not in NORMALISED]
    return work.select(*keep, *NORMALISED)


def _with_owner_business_key(work: pl.DataFrame, col: str = "owner_name") -> pl.DataFrame:
    """`owner_business_key`: the owner cell normalised as a business name would be, so the
    model can see "Kedai Setia" in one list's owner column and another's business column."""
    owners = work.select(pl.col(col).alias("business_name"))
    key = add_business_columns(owners, "business_name")["business_key"]
    return work.with_columns(key.alias("owner_business_key"))


# --- problems ---------------------------------------------------------------------------

_SIMPLE_CHECKS: tuple[tuple[str, str, str, str, str], ...] = (
    # raw column, clean column, code, message id, message en
    (
        "nib",
        "nib_clean",
        "NIB_INVALID",
        "NIB harus 13 angka",
        "NIB must have 13 digits",
    ),
    (
        "npwp",
        "npwp_clean",
        "NPWP_INVALID",
        "NPWP harus 15 angka dengan angka pemeriksa yang benar, atau 16 angka",
        "NPWP must have 15 digits with a correct check digit, or 16 digits",
    ),
    (
        "email",
        "email_clean",
        "EMAIL_INVALID",
        "Alamat e-mail tidak valid",
        "E-mail address is not valid",
    ),
    (
        "birth_date",
        "birth_date_clean",
        "DATE_INVALID",
        "Tanggal lahir tidak dapat dibaca (gunakan HH-BB-TTTT) atau di luar 1900 s.d. hari ini",
        "Birth date cannot be read (use DD-MM-YYYY) or is outside 1900 to today",
    ),
    (
        "amount",
        "amount_idr",
        "AMOUNT_INVALID",
        "Nilai rupiah tidak dapat dibaca (contoh: Rp 2.400.000)",
        "Rupiah amount cannot be read (example: Rp 2.400.000)",
    ),
    (
        "sex",
        "sex_clean",
        "SEX_INVALID",
        "Jenis kelamin tidak dikenali (gunakan L atau P)",
        "Sex not recognised (use L or P)",
    ),
)
_REGION_CHECKS = (
    ("province", "province_code", "provinsi", "province"),
    ("regency", "regency_code", "kabupaten/kota", "regency"),
    ("district", "district_code", "kecamatan", "district"),
    ("village", "village_code", "desa/kelurahan", "village"),
)


# A phone cell can hold several numbers only if it has one of these (a superset of what
# phone._split_text splits on: separators, "atau"/"dan"/"or", labels, two long digit runs).
_PHONE_MAYBE_SEVERAL = (
    r"(?i)[/,;|&\n]|atau|dan|or|hp|wa|tel|tlp|phone|mobile|no"
    r"|[0-9]{9,}\s+\+?[0-9]{9,}|[^\x00-\x7f]"
)
_PHONE_MISSING = r"^[\s\-0.]*$"


def _problem_rows(
    frame: pl.LazyFrame,
    condition: pl.Expr,
    column: str,
    code: str | pl.Expr,
    msg_id: str | pl.Expr,
    msg_en: str | pl.Expr,
    check: int,
) -> pl.LazyFrame:
    """One problem row per row of the frame where condition holds; texts may be expressions.

    `check` orders the problems of one row (checks run in a fixed order).
    """
    has_column = column in frame.collect_schema().names()
    value = pl.col(column).cast(pl.Utf8).fill_null("") if has_column else pl.lit("")
    as_expr = [pl.lit(m) if isinstance(m, str) else m for m in (code, msg_id, msg_en)]
    return frame.filter(condition.fill_null(False)).select(
        pl.col("_order"),
        pl.lit(check, pl.UInt32).alias("_check"),
        pl.col(SOURCE_FILE).cast(pl.Utf8).fill_null("").alias("file"),
        pl.col(SOURCE_ROW).cast(pl.Int64).fill_null(0).alias("row"),
        pl.lit(column).alias("column"),
        value.alias("value"),
        as_expr[0].cast(pl.Utf8).alias("code"),
        as_expr[1].cast(pl.Utf8).alias("message_id"),
        as_expr[2].cast(pl.Utf8).alias("message_en"),
    )


def _phone_problem_frames(base: pl.LazyFrame) -> list[pl.LazyFrame]:
    """Rows whose phone cell holds digits that are not a valid number.

    Same answer as `add_phone_invalid_column` on every row, which is costly, so it only
    runs where it can differ: a cell with no valid number at all is invalid exactly when it
    has a digit and is not a "missing" mark, and a cell with a valid number can hold an
    invalid one only if it can hold several.
    """
    names = base.collect_schema().names()
    raw = pl.col("phone").cast(pl.Utf8)
    if "phone_e164" not in names:
        return [add_phone_invalid_column(base, "phone").filter("phone_invalid")]
    has_digit = raw.str.contains(r"[0-9]") & ~raw.str.contains(_PHONE_MISSING)
    no_number = base.filter(has_digit & pl.col("phone_e164").is_null())
    several = base.filter(
        has_digit & pl.col("phone_e164").is_not_null() & raw.str.contains(_PHONE_MAYBE_SEVERAL)
    )
    checked = add_phone_invalid_column(several, "phone").filter("phone_invalid")
    return [no_number, checked.drop("phone_invalid")]


_NO_DISTRICT = (
    "COORD_NO_DISTRICT",
    "Titik koordinat tidak berada di kecamatan mana pun (mungkin di laut atau salah ketik)",
    "The point lies in no kecamatan (perhaps at sea, or mistyped)",
)


def _point_problem_frames(lazy: pl.LazyFrame, columns: list[str], check: int) -> list:
    """COORD_* problems: an unreadable, incomplete, 0,0 or foreign point, or one at sea.

    The problem names the one-cell `coordinates` column when the point was read from it,
    else `latitude`, with the cells as received (two joined by ", ").
    """
    raw = [c for c in ("coordinates", "latitude", "longitude") if c in columns]
    if "coord_status" not in columns or not raw:
        return []
    status = pl.col("coord_status")
    texts = [{k: v[i] for k, v in POINT_PROBLEMS.items()} for i in range(3)]
    conditions = [
        (
            status.is_in(list(POINT_PROBLEMS)),
            *(status.replace_strict(t, default=None) for t in texts),
        )
    ]
    if "geo_district_code" in columns:
        at_sea = pl.col("lat").is_not_null() & pl.col("geo_district_code").is_null()
        conditions.append((at_sea, *(pl.lit(t) for t in _NO_DISTRICT)))
    one_cell = pl.col("coordinates").is_not_null() if "coordinates" in raw else pl.lit(False)
    pair = pl.concat_str(
        [pl.col(c).cast(pl.Utf8) for c in raw if c != "coordinates"] or [pl.lit(None, pl.Utf8)],
        separator=", ",
        ignore_nulls=True,
    )
    frames = []
    for condition, code, msg_id, msg_en in conditions:
        if "coordinates" in raw:
            frames.append(
                _problem_rows(
                    lazy, condition & one_cell, "coordinates", code, msg_id, msg_en, check
                )
            )
        two = lazy.with_columns(pair.alias("_coord_pair"))
        rows = _problem_rows(two, condition & ~one_cell, "_coord_pair", code, msg_id, msg_en, check)
        column = "latitude" if "latitude" in raw else raw[-1]
        frames.append(rows.with_columns(pl.lit(column).alias("column")))
    return frames


def frame_problems(df: pl.DataFrame) -> pl.DataFrame:
    """Row-level problems of a normalised frame, one row each, with PROBLEM_COLUMNS.

    Checks only the raw columns the frame has: NIK_* only when a `nik` column exists.
    Rows are in frame order; within a row, in check order.
    """
    base = df.with_row_index("_order")
    if SOURCE_FILE not in base.columns:
        base = base.with_columns(pl.lit("").alias(SOURCE_FILE))
    if SOURCE_ROW not in base.columns:
        base = base.with_columns(pl.lit(0).alias(SOURCE_ROW))
    # Presence of each field, computed once, eagerly; every check below is a lazy filter
    # that gathers only the columns it reports.
    fields = [c for c in CANONICAL_FIELDS if c in base.columns]
    base = base.with_columns(present_expr(pl.col(c)).alias(f"_present_{c}") for c in fields)
    present = {c: pl.col(f"_present_{c}") for c in fields}
    base = base.with_columns(
        (~pl.any_horizontal(list(present.values())) if present else pl.lit(True)).alias("_empty")
    )
    lazy = base.lazy()
    empty_row = pl.col("_empty")
    parts: list[pl.LazyFrame] = [
        _problem_rows(
            lazy,
            empty_row,
            "",
            "EMPTY_ROW",
            "Baris kosong: semua kolom yang dikenali kosong",
            "Empty row: every recognised column is empty",
            0,
        )
    ]
    if "nik" in base.columns and "nik_status" in base.columns:
        niks = add_nik_problem_columns(lazy.filter((pl.col("nik_status") != "valid") & ~empty_row))
        parts.append(
            _problem_rows(
                niks,
                pl.col("nik_problem").is_not_null(),
                "nik",
                pl.col("nik_problem"),
                pl.col("nik_message_id"),
                pl.col("nik_message_en"),
                1,
            )
        )
    if "phone" in base.columns:
        for flagged in _phone_problem_frames(lazy):
            parts.append(
                _problem_rows(flagged, pl.lit(True), "phone", "PHONE_INVALID", *PHONE_MESSAGE, 2)
            )
    check = 3
    for raw, clean, code, msg_id, msg_en in _SIMPLE_CHECKS:
        if raw in base.columns and clean in base.columns:
            cond = present[raw] & pl.col(clean).is_null()
            parts.append(_problem_rows(lazy, cond, raw, code, msg_id, msg_en, check))
        check += 1
    for raw, code_col, level_id, level_en in _REGION_CHECKS:
        if raw in base.columns and code_col in base.columns:
            text = pl.col(raw).cast(pl.Utf8)
            # "Kota Semarang" in a kecamatan column was read, at its own level.
            unread = present[raw] & pl.col(code_col).is_null()
            parts.append(
                _problem_rows(
                    lazy.filter(unread),
                    ~read_at_other_level_expr(pl.col(raw), raw).fill_null(False),
                    raw,
                    "REGION_UNKNOWN",
                    pl.concat_str([pl.lit(f"Nama {level_id} '"), text, pl.lit("' tidak dikenali")]),
                    pl.concat_str(
                        [pl.lit(f"The {level_en} name '"), text, pl.lit("' is not recognised")]
                    ),
                    check,
                )
            )
        check += 1
    parts.extend(_point_problem_frames(lazy, base.columns, check))
    check += 1
    names = [present[c] for c in ("owner_name", "business_name") if c in present]
    no_name = ~pl.any_horizontal(names) if names else pl.lit(True)
    parts.append(
        _problem_rows(
            lazy,
            no_name & ~empty_row,
            "owner_name" if "owner_name" in base.columns else "business_name",
            "NAME_MISSING",
            "Nama pemilik dan nama usaha keduanya kosong",
            "Both the owner name and the business name are empty",
            check,
        )
    )
    out = pl.concat(parts, how="vertical").sort(["_order", "_check"])
    return out.select(PROBLEM_COLUMNS).collect()
