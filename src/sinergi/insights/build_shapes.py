"""Build `insights/data/shapes.json.gz`, the map outlines, from the shared boundary data.

    python -m sinergi.insights.build_shapes /path/to/batas_wilayah

Reads `provinsi.geojson`, `kabupaten_kota.geojson` and `kecamatan.geojson` (Kemendagri codes,
MIT, Cahya DSN; see data/SOURCE.md), simplifies each outline for drawing (shapely,
topology-preserving, tolerance per level in degrees) and writes
`{code: [[ring as [lng, lat], ...], ...]}` per level, coordinates rounded to 4 decimals
(~10 m). Maps only: placing a point uses the linkage engine's full-detail kecamatan.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

TOLERANCE = {"provinsi": 0.02, "kabupaten_kota": 0.005, "kecamatan": 0.002}
LEVEL = {"provinsi": "province", "kabupaten_kota": "regency", "kecamatan": "district"}


def rings(geom: object) -> list[list[list[float]]]:
    """Outer rings of the polygons in a shapely geometry (collections walked)."""
    if geom.geom_type == "Polygon":
        ring = [[round(x, 4), round(y, 4)] for x, y in geom.exterior.coords]
        return [ring] if len(ring) >= 4 else []
    out = []
    for part in getattr(geom, "geoms", []):
        out += rings(part)
    return out


def build(source: Path) -> dict[str, dict[str, list]]:
    from shapely.geometry import shape

    shapes: dict[str, dict[str, list]] = {}
    for name, tolerance in TOLERANCE.items():
        features = json.loads((source / f"{name}.geojson").read_text(encoding="utf-8"))
        level = shapes.setdefault(LEVEL[name], {})
        for feature in features["features"]:
            code = feature["properties"]["kode"].replace(".", "")
            # Drawing needs no valid rings (make_valid fails on some source polygons).
            outline = shape(feature["geometry"])
            level[code] = rings(outline.simplify(tolerance, preserve_topology=True))
    return shapes


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    shapes = build(Path(args[0]))
    target = Path(__file__).parent / "data" / "shapes.json.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(shapes, fh, separators=(",", ":"))
    print(target, target.stat().st_size)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
