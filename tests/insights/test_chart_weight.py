"""Dashboard charts are drawn with fewer bytes but the same labels, names and marks."""

from __future__ import annotations

import re

import vl_convert

from sinergi.insights.charts import Chart, compact_svg


def _chart(kind: str) -> Chart:
    rows = [(f"Kabupaten Nomor {i}", 1000 + i * 37) for i in range(12)]
    return Chart("x", "Usaha per wilayah", ("Wilayah", "Usaha"), rows, kind=kind)


def _visible(svg: str) -> tuple[list[str], list[str], list[str]]:
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    names = re.findall(r'aria-label="([^"]*)"', svg)
    marks = re.findall(r'<path[^>]* d="(M[^"]+)"[^>]*(?:fill|stroke)="#1f6f5c"', svg)
    return texts, names, marks


def test_a_compact_chart_keeps_every_label_name_and_bar_and_is_a_fifth_smaller():
    for kind in ("bar", "line"):
        raw = vl_convert.vegalite_to_svg(_chart(kind).spec())
        small = compact_svg(raw)
        texts, names, marks = _visible(raw)
        assert len(texts) >= 12 and len(names) >= 12 and marks  # the test reads real marks
        assert _visible(small) == (texts, names, marks)
        assert "Kabupaten Nomor 11" in small and 'aria-roledescription="axis"' in small
        assert 'opacity="1"' not in small and 'font-family="sans-serif"' in small
        assert len(small) <= 0.85 * len(raw), (kind, len(raw), len(small))


def test_a_stroke_width_other_than_one_keeps_every_width():
    svg = '<svg x="1"><g stroke-width="2"><line stroke-width="1"/></g></svg>'
    assert 'stroke-width="1"' in compact_svg(svg)
    assert compact_svg('<svg x="1"><line stroke-width="1"/></svg>') == (
        '<svg font-family="sans-serif" x="1"><line/></svg>'
    )


def test_the_dashboard_draws_compact_charts():
    assert 'opacity="1"' not in _chart("bar").svg()
