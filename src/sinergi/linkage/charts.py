"""Inline SVG charts for the HTML reports: no JavaScript, no CDN, open offline.

Bars (histograms), signed horizontal bars and match-weight waterfalls. Pure functions:
data in, an `<svg>` string out; every label is HTML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any


def esc(text: Any) -> str:
    return escape("" if text is None else str(text))


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], num: set[int] | None = None
) -> str:
    """An HTML table with every cell escaped; columns in `num` are right-aligned numbers."""
    num = num or set()
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if i in num else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{esc(c)}</td>' if i in num else f"<td>{esc(c)}</td>"
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(x: float) -> str:
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.1f}"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    width: int = 900,
    height: int = 240,
    highlight: Sequence[bool] | None = None,
) -> str:
    """Vertical bars, one per label (a histogram when labels are bin starts)."""
    n = max(len(values), 1)
    top = max([*values, 1])
    pad_l, pad_b, pad_t = 48, 30, 24
    plot_w, plot_h = width - pad_l - 8, height - pad_b - pad_t
    bw = plot_w / n
    base = pad_t + plot_h
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>{esc(title)}</title>',
        f'<text class="t" x="{pad_l}" y="14">{esc(title)}</text>',
        f'<line class="axis" x1="{pad_l}" y1="{base}" x2="{width - 8}" y2="{base}"/>',
        f'<text class="tick" x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end">{_fmt(top)}</text>',
        f'<text class="tick" x="{pad_l - 4}" y="{base}" text-anchor="end">0</text>',
    ]
    every = max(1, math.ceil(n / 12))
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * v / top
        x = pad_l + i * bw
        cls = "bar hi" if highlight and highlight[i] else "bar"
        parts.append(
            f'<rect class="{cls}" x="{x + 1:.1f}" y="{base - h:.1f}" width="{max(bw - 2, 1):.1f}" '
            f'height="{h:.1f}"><title>{esc(label)}: {_fmt(v)}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x + bw / 2:.1f}" y="{base + 14}" '
                f'text-anchor="middle">{esc(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


# Width of one label character at the chart's font size, in SVG units (a generous average,
# so that labels are never cut at the left edge).
LABEL_CHAR_WIDTH = 7.0
BARS_WIDTH = 480


def _running_bars(
    steps: Sequence[tuple[str, float]],
    *,
    title: str,
    cumulative: bool,
    width: int = 900,
    total_label: str = "total",
) -> str:
    """Horizontal bars from a zero line (cumulative=False) or a waterfall (True).

    The label column is as wide as the longest label needs; the chart grows rather than
    cutting a label."""
    row, pad_t = 20, 24
    longest = max([len(total_label), *(len(label) for label, _ in steps)], default=0)
    label_w = max(120, math.ceil(longest * LABEL_CHAR_WIDTH) + 12)
    width = max(width, label_w + BARS_WIDTH)
    starts, ends = [], []
    total = 0.0
    for _, w in steps:
        a = total if cumulative else 0.0
        starts.append(a)
        ends.append(a + w)
        total = a + w
    rows = list(steps)
    if cumulative:
        rows.append((total_label, total))
        starts.append(0.0)
        ends.append(total)
    lo, hi = min([0.0, *starts, *ends]), max([0.0, *starts, *ends])
    if hi - lo < 1:
        hi = lo + 1
    height = pad_t + len(rows) * row + 8
    scale = (width - label_w - 60) / (hi - lo)

    def xp(v: float) -> float:
        return label_w + (v - lo) * scale

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>{esc(title)}</title>',
        f'<text class="t" x="4" y="14">{esc(title)}</text>',
        f'<line class="axis" x1="{xp(0):.1f}" y1="{pad_t - 4}" x2="{xp(0):.1f}" '
        f'y2="{height - 4}"/>',
    ]
    for i, (label, w) in enumerate(rows):
        y = pad_t + i * row
        x0, x1 = sorted((xp(starts[i]), xp(ends[i])))
        is_total = cumulative and i == len(rows) - 1
        cls = "total" if is_total else ("pos" if w >= 0 else "neg")
        strong = " strong" if is_total else ""
        parts.append(
            f'<text class="lab{strong}" x="{label_w - 6}" y="{y + row - 6}" text-anchor="end">'
            f"{esc(label)}</text>"
            f'<rect class="{cls}" x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{row - 6}"><title>{esc(label)}: {w:+.2f}</title></rect>'
            f'<text class="tick" x="{x1 + 4:.1f}" y="{y + row - 6}">{w:+.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(labels: Sequence[str], values: Sequence[float], *, title: str) -> str:
    """Signed horizontal bars around zero: positive green to the right, negative red."""
    return _running_bars(list(zip(labels, values, strict=True)), title=title, cumulative=False)


def waterfall(steps: Sequence[tuple[str, float]], *, title: str, total_label: str = "total") -> str:
    """A match-weight waterfall: prior, then each comparison's weight, then the total."""
    return _running_bars(steps, title=title, cumulative=True, total_label=total_label)
