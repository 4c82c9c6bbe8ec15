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
from functools import cache
from importlib import resources

from django.utils.html import escape

PALETTE = ("#e5f5e0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
EMPTY = "#f0f0f0"
WIDTH = 640
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


def svg(
    region: str,
    counts: Mapping[str, int],
    names: Mapping[str, str],
    link: Callable[[str], str],
    *,
    level: str | None = None,
    label: str = "",
) -> tuple[str, list[Bin]]:
    """(SVG markup, legend classes) of the areas of `region`, coloured by `counts`."""
    level, codes = areas_of(region, level)
    outlines = shapes()[level]
    points = [pt for c in codes for ring in outlines[c] for pt in ring]
    if not points:
        return "", []
    lat0 = sum(p[1] for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs = [p[0] * kx for p in points]
    ys = [-p[1] for p in points]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0, 1e-6)
    scale = WIDTH / span
    width = (max(xs) - x0) * scale
    height = (max(ys) - y0) * scale
    classes = bins([counts.get(c, 0) for c in codes])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {width + 4:.0f} {height + 4:.0f}"'
        f' class="choropleth" role="img" aria-label="{escape(label)}">'
    ]
    for code in codes:
        d = " ".join(
            "M"
            + " L".join(f"{(x * kx - x0) * scale:.1f} {(-y - y0) * scale:.1f}" for x, y in ring)
            + " Z"
            for ring in outlines[code]
        )
        n = counts.get(code, 0)
        name = names.get(code, code)
        parts.append(
            f'<a href="{escape(link(code))}" data-code="{code}"><path d="{d}"'
            f' fill="{colour_of(n, classes)}" stroke="#555" stroke-width="0.6">'
            f"<title>{escape(name)}: {n:,}</title></path></a>".replace(",", ".")
        )
    parts.append("</svg>")
    return "".join(parts), classes
