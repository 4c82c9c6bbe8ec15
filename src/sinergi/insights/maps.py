"""The choropleth map: region outlines drawn as an SVG on the server, no tile server.

Outlines come from `data/shapes.json.gz` (built by `build_shapes` from the Kemendagri
boundaries of Cahya DSN, MIT — attribution shown under every map, see data/SOURCE.md).
Projection: equirectangular with the longitude scaled by cos(mean latitude), enough for
an area the size of a province; north is up. Each area links to the registry filtered
to it.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from django.utils.html import escape

PALETTE = ("#e5f5e0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
EMPTY = "#f0f0f0"
WIDTH = 640  # viewBox units across; outlines are drawn in whole units
TOLERANCE = 0.5  # units: half a unit of simplification is invisible at any screen size
MAX_AREAS = 200  # per map (Jawa Timur has 666 kecamatan): finer levels are drawn per region
MIN_RING = 1.0  # square units: smaller islets are left out (each area keeps its largest ring)
ATTRIBUTION = (
    "Batas wilayah: Kemendagri (Kepmendagri 300.2.2-2430/2025) via "
    "github.com/cahyadsn/wilayah_boundaries, MIT © 2024 Cahya DSN"
)
CHILD_LEVEL = {0: "province", 2: "regency", 4: "district", 6: "district"}


@cache
def shapes() -> dict[str, dict[str, list[list[list[float]]]]]:
    """{level: {code: [ring, ...]}} for province, regency and district."""
    path = resources.files("sinergi.insights").joinpath("data/shapes.json.gz")
    with path.open("rb") as fh, gzip.open(fh, "rt", encoding="utf-8") as text:
        return json.load(text)


def areas_of(region: str, level: str | None = None) -> tuple[str, list[str]]:
    """(level, codes) of the areas a map of `region` ('' = Indonesia) shows."""
    level = level or CHILD_LEVEL.get(len(region), "district")
    codes = [c for c in shapes()[level] if c.startswith(region)]
    return level, sorted(codes)


@dataclass(frozen=True)
class Bin:
    low: int
    high: int
    colour: str


def bins(values: list[int]) -> list[Bin]:
    """Up to five classes of equal count (quantiles) over the non-zero values."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    edges = sorted({positive[min(len(positive) - 1, (len(positive) * i) // 5)] for i in range(5)})
    out = []
    for i, low in enumerate(edges):
        high = edges[i + 1] - 1 if i + 1 < len(edges) else positive[-1]
        out.append(Bin(low, max(low, high), PALETTE[i + (5 - len(edges))]))
    return out


def colour_of(value: int, classes: list[Bin]) -> str:
    for b in classes:
        if b.low <= value <= b.high:
            return b.colour
    return EMPTY


@dataclass(frozen=True)
class Drawing:
    """The outlines of a map's areas as SVG path data in a `width` × `height` viewBox."""

    width: int
    height: int
    paths: dict[str, str]


def _area(ring: list[tuple[int, int]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))) / 2


def _path(ring: list[tuple[int, int]]) -> str:
    """`M x y` then relative steps (`l dx dy ...`): small integers, few characters."""
    (x, y), steps = ring[0], []
    for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
        steps.append(f"{bx - ax} {by - ay}")
    return f"M{x} {y}l" + " ".join(steps) + "z"


@lru_cache(maxsize=256)
def drawing(region: str, level: str) -> Drawing:
    """The areas of `region` at `level`, simplified for the drawing's resolution.

    Projected into a viewBox `WIDTH` units wide, each ring simplified (Douglas-Peucker,
    `TOLERANCE` units) and its coordinates rounded to whole units: shared borders stay
    within a unit of each other, below what a phone or a desktop screen shows. Rings
    smaller than `MIN_RING` square units (islets at national scale) are left out, but
    every area keeps its largest ring, so each stays on the map and clickable. The
    outlines do not change between requests: cached per (region, level).
    """
    from shapely.geometry import LineString

    _level, codes = areas_of(region, level)
    outlines = shapes()[level]
    points = [pt for c in codes for ring in outlines[c] for pt in ring]
    if not points:
        return Drawing(0, 0, {})
    lat0 = sum(p[1] for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs = [p[0] * kx for p in points]
    ys = [-p[1] for p in points]
    x0, y0 = min(xs), min(ys)
    scale = WIDTH / max(max(xs) - x0, max(ys) - y0, 1e-6)
    paths = {}
    for code in codes:
        rings = []
        for ring in outlines[code]:
            line = LineString([((x * kx - x0) * scale, (-y - y0) * scale) for x, y in ring])
            coords = [(round(x), round(y)) for x, y in line.simplify(TOLERANCE).coords]
            kept = coords[:1] + [b for a, b in zip(coords, coords[1:], strict=False) if b != a]
            rings.append((_area(kept), kept))
        rings.sort(key=lambda r: -r[0])
        drawn = rings[:1] + [r for r in rings[1:] if r[0] >= MIN_RING and len(r[1]) >= 4]
        paths[code] = "".join(_path(ring) for _, ring in drawn if len(ring) >= 2)
    width = round((max(xs) - x0) * scale)
    height = round((max(ys) - y0) * scale)
    return Drawing(width, height, paths)


def svg(
    region: str,
    counts: Mapping[str, int],
    names: Mapping[str, str],
    link: Callable[[str], str],
    *,
    level: str | None = None,
    label: str = "",
) -> tuple[str, list[Bin]]:
    """(SVG markup, legend classes) of the areas of `region`, coloured by `counts`.

    Stroke and hover styles come from insights.css (`.choropleth path`), not from each
    path: a national map has hundreds of areas."""
    level, codes = areas_of(region, level)
    drawn = drawing(region, level)
    if not drawn.paths:
        return "", []
    classes = bins([counts.get(c, 0) for c in codes])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {drawn.width + 4}'
        f' {drawn.height + 4}" class="choropleth" role="img" aria-label="{escape(label)}">'
    ]
    for code in codes:
        n = counts.get(code, 0)
        shown = f"{n:,}".replace(",", ".")  # Indonesian thousands separator
        parts.append(
            f'<a href="{escape(link(code))}" data-code="{code}"><path d="{drawn.paths[code]}"'
            f' fill="{colour_of(n, classes)}"><title>{escape(names.get(code, code))}: {shown}'
            "</title></path></a>"
        )
    parts.append("</svg>")
    return "".join(parts), classes
