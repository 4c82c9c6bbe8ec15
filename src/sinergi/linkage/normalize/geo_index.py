"""Which kecamatan a point lies in: the shipped boundaries behind a spatial index.

`place_points(lat, lng)` answers for whole columns at once (shapely 2: an STRtree over the
7,285 kecamatan polygons of `regions.load_district_boundaries`, queried with all points in
one call), once per distinct point. A point in no polygon (the sea just off the coast, a
sliver between two simplified outlines) takes the nearest kecamatan within
`NEAREST_MAX_METRES`; farther away it gets no kecamatan.

Invariants:
- The answer for a point never depends on the other points asked with it.
- A point inside a polygon gets that polygon's code and distance 0; where simplified
  neighbours overlap, the lowest code wins (deterministic).
- Distances are metres on a sphere; the nearest search runs in degrees with the longitude
  scaled by cos(latitude), accurate to well under 1 % inside Indonesia (|lat| <= 11).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import polars as pl

from sinergi.linkage.disk_cache import cached_bytes, digest
from sinergi.linkage.normalize.region_tables import load_district_boundaries

__all__ = ["NEAREST_MAX_METRES", "place_points", "place_frame_points"]

# A stall on a pier or a boat moored off the coast: within this of the nearest outline.
NEAREST_MAX_METRES = 2_000.0
_METRES_PER_DEGREE = 111_195.0


@dataclass(frozen=True)
class _Index:
    tree: object
    codes: tuple[str, ...]
    geometries: object


@cache
def _index() -> _Index:
    import numpy as np
    import shapely

    # The polygons, made valid, as WKB in the disk cache: building them from the GeoJSON
    # takes seconds (most of a 30k-row run's place resolution); reading WKB takes little.
    blob = cached_bytes("kecamatan-wkb", _outlines_key(), _outlines_wkb)
    codes_part, wkb_part = blob.split(b"\n", 1)
    codes = tuple(codes_part.decode().split(","))
    sizes = np.frombuffer(wkb_part[: 4 * len(codes)], dtype="<u4")
    body = memoryview(wkb_part)[4 * len(codes) :]
    ends = np.cumsum(sizes)
    starts = ends - sizes
    geoms = shapely.from_wkb(
        np.array([bytes(body[a:b]) for a, b in zip(starts, ends, strict=True)], dtype=object)
    )
    shapely.prepare(geoms)
    return _Index(shapely.STRtree(geoms), codes, np.asarray(geoms, dtype=object))


def _outlines_key() -> str:
    from importlib import resources

    import shapely

    raw = resources.files("sinergi.data.batas_wilayah").joinpath("kecamatan.geojson.gz")
    return digest(raw.read_bytes(), shapely.__version__, shapely.geos_version_string, "v1")


def _outlines_wkb() -> bytes:
    """Codes (comma-separated), a newline, each geometry's WKB size (uint32), the WKBs."""
    import numpy as np
    import shapely

    boundaries = load_district_boundaries()
    geoms = np.array([_shape(b.geometry) for b in boundaries], dtype=object)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(
            geoms[invalid], method="structure", keep_collapsed=False
        )
    wkbs = [bytes(w) for w in shapely.to_wkb(geoms)]
    sizes = np.array([len(w) for w in wkbs], dtype="<u4").tobytes()
    codes = ",".join(b.code for b in boundaries).encode()
    return codes + b"\n" + sizes + b"".join(wkbs)


def _ring(points: list):
    """A closed ring of at least 4 points (the source leaves some rings open), or None."""
    import numpy as np

    ring = np.asarray(points, dtype=float)
    if len(ring) and (ring[0] != ring[-1]).any():
        ring = np.vstack([ring, ring[:1]])
    return ring if len(ring) >= 4 else None


def _shape(geometry: dict):
    import shapely

    nested = geometry["coordinates"]
    polygons = [nested] if geometry["type"] == "Polygon" else nested
    parts = []
    for rings in polygons:
        closed = [r for r in (_ring(points) for points in rings) if r is not None]
        if closed:
            parts.append(shapely.Polygon(closed[0], closed[1:]))
    return shapely.MultiPolygon(parts) if len(parts) != 1 else parts[0]


def place_points(lat: list[float], lng: list[float]) -> tuple[list[str | None], list[float | None]]:
    """For each point: (6-digit kecamatan code or None, metres to it: 0 inside, None far)."""
    import numpy as np
    import shapely

    n = len(lat)
    if n == 0:
        return [], []
    idx = _index()
    ys = np.asarray(lat, dtype=float)
    xs = np.asarray(lng, dtype=float)
    points = shapely.points(xs, ys)
    hit_point, hit_geom = idx.tree.query(points, predicate="intersects")
    # Lowest code first where outlines overlap: the tree index order is code order.
    order = np.lexsort((hit_geom, hit_point))
    first_point, first = np.unique(hit_point[order], return_index=True)
    code_array = np.full(n, None, dtype=object)
    code_array[first_point] = np.asarray(idx.codes, dtype=object)[hit_geom[order][first]]
    dist_array = np.full(n, None, dtype=object)
    dist_array[first_point] = 0.0
    codes: list[str | None] = code_array.tolist()
    dist: list[float | None] = dist_array.tolist()
    missed = np.flatnonzero(code_array == None)  # noqa: E711 - elementwise on objects
    if missed.size:
        _nearest(idx, points[missed], missed, codes, dist)
    return codes, dist


def _nearest(idx: _Index, points, which, codes: list, dist: list) -> None:
    """Fill codes/dist of the points in no outline from the nearest one within reach."""
    import numpy as np
    import shapely

    # Degrees of latitude; a degree of longitude is shorter by cos(lat), so searching with
    # the latitude radius never misses a candidate, and the exact distance decides below.
    radius = NEAREST_MAX_METRES / _METRES_PER_DEGREE / math.cos(math.radians(11))
    found_point, found_geom = idx.tree.query_nearest(points, max_distance=radius, all_matches=True)
    if found_point.size == 0:
        return
    lines = shapely.shortest_line(points[found_point], idx.geometries[found_geom])
    ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    metres = _metres_array(ends[:, 0, 1], ends[:, 0, 0], ends[:, 1, 1], ends[:, 1, 0])
    # Per point, the nearest outline (lowest code on a tie).
    order = np.lexsort((found_geom, metres, found_point))
    first_point, first = np.unique(found_point[order], return_index=True)
    best_geom = found_geom[order][first]
    best_metres = metres[order][first]
    for p, g, m in zip(first_point, best_geom, best_metres, strict=True):
        if m <= NEAREST_MAX_METRES:
            codes[int(which[p])] = idx.codes[g]
            dist[int(which[p])] = round(float(m), 1)


def _metres_array(lat1, lng1, lat2, lng2):
    """Haversine metres, vectorised (numpy arrays of degrees)."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lng2 - lng1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6_371_000 * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def place_frame_points(df: pl.DataFrame) -> pl.DataFrame:
    """`geo_district_code` and `geo_distance_m` for a frame's `lat`/`lng`, per distinct point."""
    points = df.select("lat", "lng").drop_nulls().unique()
    codes, dist = place_points(points["lat"].to_list(), points["lng"].to_list())
    table = points.with_columns(
        pl.Series("geo_district_code", codes, dtype=pl.Utf8),
        pl.Series("geo_distance_m", dist, dtype=pl.Float64),
    )
    return df.join(table, on=["lat", "lng"], how="left", maintain_order="left")
