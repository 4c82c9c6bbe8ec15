"""Charts: Vega-Lite specifications rendered to SVG on the server with `vl-convert`.

One charting stack, nothing fetched at run time: `vl_convert` embeds the Vega and
Vega-Lite libraries, so pages carry a finished SVG (readable without JavaScript, on a
weak connection, and printable). Every chart comes with its table (`Chart.rows`) for the
table view and the csv/xlsx download.

Rendering costs ~40 ms per chart (2 s once per process for the first); the SVG is cached
per specification, so a dashboard that did not change is served from memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 256
COLOUR = "#1f6f5c"


@dataclass
class Chart:
    """A chart and its data: `columns` are the table's headings, `rows` its cells."""

    name: str
    title: str
    columns: tuple[str, str]
    rows: list[tuple[str, float]] = field(default_factory=list)
    kind: str = "bar"  # "bar" (categories, horizontal) or "line" (months)

    def spec(self) -> dict[str, Any]:
        label, value = (str(c) for c in self.columns)
        values = [{"k": str(k), "v": v} for k, v in self.rows]
        base: dict[str, Any] = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": values},
            "width": 300,
            "config": {"view": {"stroke": None}, "font": "sans-serif"},
        }
        if self.kind == "line":
            base |= {
                "height": 160,
                "mark": {"type": "line", "point": True, "color": COLOUR},
                "encoding": {
                    "x": {"field": "k", "type": "ordinal", "title": label,
                          "axis": {"labelAngle": -45, "labelOverlap": True}},
                    "y": {"field": "v", "type": "quantitative", "title": value},
                },
            }  # fmt: skip
        else:
            base |= {
                "height": {"step": 18},
                "mark": {"type": "bar", "color": COLOUR},
                "encoding": {
                    "y": {"field": "k", "type": "nominal", "title": None, "sort": None,
                          "axis": {"labelLimit": 140}},
                    "x": {"field": "v", "type": "quantitative", "title": value},
                    "tooltip": [{"field": "k", "title": label}, {"field": "v", "title": value}],
                },
            }  # fmt: skip
        return base

    def svg(self) -> str:
        """The chart as an SVG document (empty string when there is nothing to draw)."""
        if not self.rows:
            return ""
        return render_svg(self.spec())


def render_svg(spec: dict[str, Any]) -> str:
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    import vl_convert

    svg = compact_svg(vl_convert.vegalite_to_svg(spec))
    _CACHE[key] = svg
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return svg


_DROP = re.compile(
    r' (?:opacity="1"|pointer-events="none"|transform="translate\(0,0\)"|font-family="sans-serif")'
)
_EMPTY_PATHS = re.compile(
    r'<path class="(?:background|foreground)" aria-hidden="true"'
    r' d="(?:M0,0h0v0h0Z)?"(?: display="none")?/>'
)


def compact_svg(svg: str) -> str:
    """The same drawing in fewer bytes: a dashboard carries ten charts to a phone.

    Vega writes every default on every element. Dropped here, each without changing
    what is drawn: `opacity="1"` (the initial value, and opacity does not inherit),
    `pointer-events="none"` (a static drawing has no pointer handlers),
    `translate(0,0)`, zero-size or hidden background/foreground paths, and
    `stroke-width="1"` when no element sets another width (so nothing inherits one).
    `font-family="sans-serif"` is said once on the root instead of on every label.
    Labels, colours and the accessibility roles and names are kept.
    """
    out = _DROP.sub("", svg)
    out = _EMPTY_PATHS.sub("", out)
    if not re.search(r'stroke-width="(?!1")', out):
        out = out.replace(' stroke-width="1"', "")
    return out.replace("<svg ", '<svg font-family="sans-serif" ', 1)
