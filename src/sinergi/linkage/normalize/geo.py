"""Coordinates: lat/lng text as files write it -> a point in Indonesia, or a named reason why not.

Files give a point as two columns (`lat`, `lng`) or in one cell ("-2.1234, 106.123",
"-2,1234;106,123"), with a decimal comma, in degrees with a hemisphere ("6.2 LS",
"106°49'30\\" BT", "S 6.2"), swapped, as 0,0, or far outside the country. `read_point` is the
scalar reader; `add_point_columns` gives every row of a frame the same answer, vectorised for
the plain numeric shapes and through `read_point` once per distinct unusual cell.

Status (`coord_status`):
- ok: a point inside Indonesia's box (lat -11..6, lng 95..141);
- swapped: the two numbers were given the other way round (lng first); the point is kept;
- missing: no coordinate given (not a problem);
- incomplete: only one of the two numbers; unreadable: text that is no coordinate;
- zero: 0,0 (a GPS that never got a fix); outside: a readable point outside Indonesia.
Only ok and swapped rows get `lat`/`lng`; the raw cells are never changed.

Invariants (property-tested): `add_point_columns` equals `read_point` row by row; the
result never depends on other rows; a point that is returned lies inside the box.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = [
    "LAT_RANGE",
    "LNG_RANGE",
    "POINT_PROBLEMS",
    "add_point_columns",
    "parse_coordinate",
    "parse_pair",
    "read_point",
]

LAT_RANGE = (-11.0, 6.0)
LNG_RANGE = (95.0, 141.0)

# status -> (code, message id, message en) for the statuses that are a problem.
POINT_PROBLEMS: dict[str, tuple[str, str, str]] = {
    "incomplete": (
        "COORD_INCOMPLETE",
        "Koordinat tidak lengkap: hanya satu dari lintang dan bujur",
        "Coordinates incomplete: only one of latitude and longitude",
    ),
    "unreadable": (
        "COORD_UNREADABLE",
        "Koordinat tidak dapat dibaca (contoh: -6.2088, 106.8456)",
        "Coordinates cannot be read (example: -6.2088, 106.8456)",
    ),
    "zero": (
        "COORD_ZERO",
        "Koordinat 0,0 bukan lokasi usaha (GPS belum mendapat posisi)",
        "Coordinates 0,0 are not a business location (the GPS had no fix)",
    ),
    "outside": (
        "COORD_OUTSIDE",
        "Koordinat di luar wilayah Indonesia",
        "Coordinates are outside Indonesia",
    ),
}

_NUM = r"[-+]?[0-9]+(?:[.,][0-9]+)?"
_NUM_RE = re.compile(rf"^{_NUM}$")
# Two plain numbers in one cell. Greedy: "-2,1234,106,123" is (-2,1234) and (106,123).
_PAIR = rf"^({_NUM})[ \t]*(?:[,;/|]|[ \t])[ \t]*({_NUM})$"
_PAIR_RE = re.compile(_PAIR)
_HEMI = r"(?:LS|LU|BT|BB|[NSEWU])"
_NEGATIVE_HEMI = {"S", "LS", "W", "BB"}
_DMS_RE = re.compile(
    r"^(?P<deg>\d+(?:[.,]\d+)?)\s*[°º˚]?\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*['’′]\s*)?"
    r"(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:\"|”|″|''|’’)\s*)?$"
)
_HEMI_RE = re.compile(rf"^(?P<h1>{_HEMI})?\s*(?P<sign>[-+])?\s*(?P<body>.*?)\s*(?P<h2>{_HEMI})?$")


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def parse_coordinate(text: str | None) -> float | None:
    """One coordinate: "-6,2", "6.2 LS", "S 6.2", "106°49'30\\"E", "106° 49.5' BT"; else None."""
    if text is None:
        return None
    t = text.strip().upper()
    if not t:
        return None
    if _NUM_RE.match(t):
        return _float(t)
    m = _HEMI_RE.match(t)
    if m is None or (m["h1"] and m["h2"]):
        return None
    dms = _DMS_RE.match(m["body"])
    if dms is None:
        return None
    value = _float(dms["deg"])
    if dms["min"]:
        value += _float(dms["min"]) / 60
    if dms["sec"]:
        value += _float(dms["sec"]) / 3600
    hemi = m["h1"] or m["h2"]
    if m["sign"] == "-" or hemi in _NEGATIVE_HEMI:
        value = -value
    return value


def _split_lettered(t: str) -> list[str]:
    """Cut a cell with hemisphere letters into its two coordinates, or [] when it cannot."""
    parts = [p for p in re.split(r"\s*[;|/]\s*|,\s+", t) if p.strip()]
    if len(parts) == 2:
        return parts
    if re.match(rf"^{_HEMI}\b", t):  # letters in front: "S 6.2 E 106.8"
        parts = re.split(rf"[\s,;]+(?={_HEMI}\s*[-+]?\d)", t)
    else:  # letters behind: "6.2 S 106.8 E", "6°12'S, 106°49'E"
        parts = re.split(r"(?<=[NSEWU])[\s,;]+|(?<=LS|LU|BT|BB)[\s,;]+", t)
    parts = [p for p in parts if p.strip()]
    return parts if len(parts) == 2 else []


def parse_pair(text: str | None) -> tuple[float, float] | None:
    """Two coordinates in one cell, in the order written; None when there are not two."""
    if text is None:
        return None
    t = text.strip().upper()
    if not t:
        return None
    m = _PAIR_RE.match(t)
    if m:
        return _float(m[1]), _float(m[2])
    parts = _split_lettered(t)
    if not parts:
        return None
    a, b = parse_coordinate(parts[0]), parse_coordinate(parts[1])
    return (a, b) if a is not None and b is not None else None


def _place(a: float, b: float) -> tuple[float | None, float | None, str]:
    if a == 0 and b == 0:
        return None, None, "zero"
    if _in(a, LAT_RANGE) and _in(b, LNG_RANGE):
        return a, b, "ok"
    if _in(b, LAT_RANGE) and _in(a, LNG_RANGE):
        return b, a, "swapped"
    return None, None, "outside"


def _blank(text: str | None) -> str | None:
    return text.strip() if text is not None and text.strip() else None


def read_point(
    lat: str | None, lng: str | None, coordinates: str | None = None
) -> tuple[float | None, float | None, str]:
    """(lat, lng, status) from a row's latitude, longitude and coordinates cells.

    Two filled columns are read one number each; otherwise the one filled cell must hold
    both numbers ("lat,lng" in a `Koordinat` column, or in `lat` with `lng` empty).
    """
    lat, lng, coordinates = _blank(lat), _blank(lng), _blank(coordinates)
    if lat is not None and lng is not None:
        a, b = parse_coordinate(lat), parse_coordinate(lng)
        if a is None or b is None:
            return None, None, "unreadable"
        return _place(a, b)
    cell = coordinates or lat or lng
    if cell is None:
        return None, None, "missing"
    pair = parse_pair(cell)
    if pair is None:
        one = coordinates is None and parse_coordinate(cell) is not None
        return None, None, "incomplete" if one else "unreadable"
    return _place(*pair)


# --- frames -------------------------------------------------------------------------------


def _blank_expr(col: str, names: list[str]) -> pl.Expr:
    if col not in names:
        return pl.lit(None, pl.Utf8)
    t = pl.col(col).cast(pl.Utf8).str.strip_chars()
    return pl.when(t.str.len_chars() > 0).then(t)


def _num_expr(text: pl.Expr) -> pl.Expr:
    return text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _place_exprs(a: pl.Expr, b: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    zero = (a == 0) & (b == 0)
    ok = a.is_between(*LAT_RANGE) & b.is_between(*LNG_RANGE)
    swapped = b.is_between(*LAT_RANGE) & a.is_between(*LNG_RANGE)
    status = (
        pl.when(zero)
        .then(pl.lit("zero"))
        .when(ok)
        .then(pl.lit("ok"))
        .when(swapped)
        .then(pl.lit("swapped"))
        .otherwise(pl.lit("outside"))
    )
    lat = pl.when(~zero & ok).then(a).when(~zero & swapped).then(b)
    lng = pl.when(~zero & ok).then(b).when(~zero & swapped).then(a)
    return lat, lng, status


_POINT_CELLS = ("latitude", "longitude", "coordinates")


def add_point_columns(df: pl.DataFrame) -> pl.DataFrame:
    """Add `lat`, `lng` (Float64) and `coord_status` (Utf8) from `latitude`, `longitude`,
    `coordinates` (any may be absent); equal to `read_point` on every row."""
    names = df.columns
    outputs = df.drop([c for c in ("lat", "lng", "coord_status") if c in names])
    if all(c not in names or df[c].null_count() == df.height for c in _POINT_CELLS):
        # No point given on any row (a form, most lists): what the steps below give an
        # empty row, without their fixed cost.
        return outputs.hstack(
            [
                pl.Series("lat", [None] * df.height, dtype=pl.Float64),
                pl.Series("lng", [None] * df.height, dtype=pl.Float64),
                pl.Series("coord_status", ["missing"] * df.height, dtype=pl.Utf8),
            ]
        )
    texts = df.with_columns(
        _blank_expr("latitude", names).alias("_p_lat"),
        _blank_expr("longitude", names).alias("_p_lng"),
        _blank_expr("coordinates", names).alias("_p_co"),
    ).select("_p_lat", "_p_lng", "_p_co")
    both = pl.col("_p_lat").is_not_null() & pl.col("_p_lng").is_not_null()
    cell = pl.coalesce("_p_co", "_p_lat", "_p_lng")
    pair = cell.str.extract_groups(_PAIR)
    work = texts.with_columns(
        pl.when(both).then(pl.col("_p_lat")).otherwise(pair.struct.field("1")).alias("_p_a"),
        pl.when(both).then(pl.col("_p_lng")).otherwise(pair.struct.field("2")).alias("_p_b"),
        (both | cell.is_not_null()).alias("_p_any"),
    )
    plain = pl.col("_p_a").str.contains(f"^{_NUM}$") & pl.col("_p_b").str.contains(f"^{_NUM}$")
    work = work.with_columns(plain.fill_null(False).alias("_p_plain"))
    lat, lng, status = _place_exprs(_num_expr(pl.col("_p_a")), _num_expr(pl.col("_p_b")))
    work = work.with_columns(
        pl.when("_p_plain").then(lat).alias("lat"),
        pl.when("_p_plain").then(lng).alias("lng"),
        pl.when("_p_plain")
        .then(status)
        .when(~pl.col("_p_any"))
        .then(pl.lit("missing"))
        .alias("coord_status"),
    )
    # The rest (letters, degrees, junk, lone numbers) once per distinct cell tuple.
    keys = ["_p_lat", "_p_lng", "_p_co"]
    rest = work.filter(pl.col("coord_status").is_null()).select(keys).unique()
    if rest.height:
        read = [read_point(*row) for row in rest.iter_rows()]
        table = rest.with_columns(
            pl.Series("_r_lat", [r[0] for r in read], dtype=pl.Float64),
            pl.Series("_r_lng", [r[1] for r in read], dtype=pl.Float64),
            pl.Series("_r_status", [r[2] for r in read], dtype=pl.Utf8),
        )
        work = work.join(table, on=keys, how="left", nulls_equal=True, maintain_order="left")
        work = work.with_columns(
            pl.coalesce("lat", "_r_lat").alias("lat"),
            pl.coalesce("lng", "_r_lng").alias("lng"),
            pl.coalesce("coord_status", "_r_status").alias("coord_status"),
        )
    return outputs.hstack(work.select("lat", "lng", "coord_status"))
