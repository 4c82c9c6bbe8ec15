"""report.html of a screening run: one self-contained file that opens offline.

Cards (rows, rows with findings, clean rows, amount at stake), two inline-SVG bar
charts (rows and rupiah per reason), the lists read, and the findings grouped by
reason with both rows side by side. No JavaScript, no CDN; Bahasa Indonesia first,
English second, like the rest of the engine's output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from importlib import resources
from string import Template

import polars as pl

from sinergi.linkage.charts import esc, html_table
from sinergi.linkage.screen.options import PROPOSED, RECEIVED, ScreenResult
from sinergi.linkage.screen.outputs import (
    has_amounts,
    officer_findings,
    reason_text,
    summary_table,
)

MAX_ROWS_PER_REASON = 200


def _bi(id_text: str, en_text: str) -> str:
    return f'{esc(id_text)} <span class="en">/ {esc(en_text)}</span>'


def rupiah(value: int | None) -> str:
    """2400000 -> 'Rp2.400.000' (Indonesian thousands separator)."""
    if value is None:
        return "-"
    return "Rp" + f"{int(value):,}".replace(",", ".")


def _n(value: int | None) -> str:
    """12345 -> '12.345' (Indonesian thousands separator)."""
    return "-" if value is None else f"{int(value):,}".replace(",", ".")


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, fmt=str) -> str:
    """Horizontal bars from zero, one per label, value written at the end of the bar."""
    width, label_w, row, pad_t = 900, 330, 22, 26
    top = max([*values, 1])
    height = pad_t + len(labels) * row + 6
    scale = (width - label_w - 140) / top
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>{esc(title)}</title>',
        f'<text class="t" x="4" y="16">{esc(title)}</text>',
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = pad_t + i * row
        w = max(v * scale, 1 if v else 0)
        parts.append(
            f'<text class="lab" x="{label_w - 6}" y="{y + row - 7}" text-anchor="end">'
            f"{esc(label)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 7}">'
            f"<title>{esc(label)}: {esc(fmt(v))}</title></rect>"
            f'<text class="tick" x="{label_w + w + 5:.1f}" y="{y + row - 7}">{esc(fmt(v))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _cards(result: ScreenResult, summary: pl.DataFrame) -> str:
    by = {r["reason"]: r for r in summary.iter_rows(named=True)}
    flagged = by.get("ALL_FINDINGS", {})
    clean = by.get("CLEAN", {})
    cards = [
        ("baris diusulkan", "proposed rows", _n(result.n_rows)),
        ("baris dengan temuan", "rows with findings", _n(flagged.get("rows", 0))),
        ("baris bersih", "clean rows", _n(clean.get("rows", 0))),
    ]
    if has_amounts(result):
        cards.append(("nilai tertahan", "amount held", rupiah(flagged.get("amount_idr"))))
        cards.append(("nilai siap bayar", "amount ready", rupiah(clean.get("amount_idr"))))
    unit = ("per orang", "person-based") if result.person_based else ("per usaha", "business-based")
    kind = (
        ("per jenis bantuan", "per aid kind")
        if result.options.per_kind
        else ("semua jenis", "any kind")
    )
    html = '<div class="cards">' + "".join(
        f"<div class=card><b>{esc(v)}</b>{_bi(a, b)}</div>" for a, b, v in cards
    )
    html += "</div>"
    note = _bi(f"Ganda dinilai {unit[0]}, {kind[0]}", f"{unit[1]} duplicates, {kind[1]}")
    html += f'<p class="muted">{note}</p>'
    return html


def _charts(summary: pl.DataFrame, with_amount: bool) -> str:
    reasons = summary.filter(~pl.col("reason").is_in(["ALL_FINDINGS", "CLEAN"]))
    if reasons.height == 0:
        return f"<p>{_bi('Tidak ada temuan.', 'No findings.')}</p>"
    labels = [f"{r} ({reason_text(r)[0]})" for r in reasons["reason"].to_list()]
    out = bars(labels, reasons["rows"].to_list(), title="Baris per alasan / rows per reason")
    if with_amount:
        out += bars(
            labels,
            reasons["amount_idr"].fill_null(0).to_list(),
            title="Nilai bantuan per alasan / amount at stake per reason (Rp)",
            fmt=lambda v: rupiah(int(v)),
        )
    return out


def _files(result: ScreenResult) -> str:
    role_text = {PROPOSED: "usulan / proposed", RECEIVED: "sudah diterima / received"}
    rows = []
    for f in result.files:
        role = role_text.get(f.role, f"pengecualian / exclusion: {f.category}")
        cols = ", ".join(f"{h}→{fld}" for fld, h in f.mapping.fields.items())
        extra = ""
        if f.role == RECEIVED:
            extra = (
                f"tanggal: {f.date_column}; di luar periode: {f.outside_period}"
                if f.date_column
                else "tanpa kolom tanggal / no date column"
            )
        rows.append([role, f.file, f.rows, cols, extra])
    return html_table(
        ["peran / role", "berkas / file", "baris / rows", "kolom / columns", "periode / period"],
        rows,
        num={2},
    )


def _grouped(result: ScreenResult, summary: pl.DataFrame, detail: pl.DataFrame) -> str:
    parts: list[str] = []
    reasons = [r for r in summary["reason"].to_list() if r not in ("ALL_FINDINGS", "CLEAN")]
    for reason in reasons:
        sub = detail.filter(pl.col("reason") == reason)
        text_id, text_en = reason_text(reason)
        rows = [
            [
                f"{r['source_file']}:{r['source_row']}",
                r.get("owner_name") or r.get("business_name"),
                r.get("nik"),
                f"{r['related_file']}:{r['related_row']}" if r["related_file"] else "",
                r.get("related_name"),
                "" if r["match_probability"] is None else f"{r['match_probability']:.3f}",
                r["evidence"],
            ]
            for r in sub.head(MAX_ROWS_PER_REASON).iter_rows(named=True)
        ]
        more = ""
        if sub.height > MAX_ROWS_PER_REASON:
            more = (
                f'<p class="muted small">{MAX_ROWS_PER_REASON} dari {_n(sub.height)} ditampilkan; '
                f"semuanya di findings.csv / shown of {_n(sub.height)}; all in findings.csv</p>"
            )
        parts.append(
            f"<details open><summary><b>{esc(reason)}</b> — {_bi(text_id, text_en)} "
            f"({_n(sub.height)})</summary>"
            + html_table(
                [
                    "baris / row",
                    "nama / name",
                    "NIK",
                    "terkait / related",
                    "nama terkait / related name",
                    "peluang / prob.",
                    "bukti / evidence",
                ],
                rows,
                num={5},
            )
            + more
            + "</details>"
        )
    return "".join(parts) or f"<p>{_bi('Tidak ada temuan.', 'No findings.')}</p>"


def render_report(result: ScreenResult, detail: pl.DataFrame | None = None) -> str:
    """The whole report as one HTML string (see the module docstring). `detail` is
    `officer_findings(result)` when the caller already has it."""
    detail = officer_findings(result) if detail is None else detail
    template = Template(
        resources.files("sinergi.linkage").joinpath("templates/report.html").read_text("utf-8")
    )
    summary = summary_table(result)
    with_amount = has_amounts(result)
    table_rows = [
        [
            r["reason"],
            r["message_id"],
            r["message_en"],
            _n(r["findings"]),
            _n(r["rows"]),
            rupiah(r["amount_idr"]) if with_amount else "-",
        ]
        for r in summary.iter_rows(named=True)
    ]
    period = ""
    o = result.options
    if o.period_from or o.period_to:
        period = f" · periode / period {o.period_from or '…'} – {o.period_to or '…'}"
    sections = [
        f"<h1>{_bi('Laporan penyaringan daftar bantuan', 'aid list screening report')}</h1>",
        f'<p class="muted">{datetime.now():%Y-%m-%d %H:%M}{esc(period)}</p>',
        _cards(result, summary),
        f"<h2>{_bi('Ringkasan per alasan', 'summary by reason')}</h2>",
        html_table(
            [
                "kode / code",
                "alasan",
                "reason",
                "temuan / findings",
                "baris / rows",
                "nilai / amount",
            ],
            table_rows,
            num={3, 4, 5},
        ),
        _charts(summary, with_amount),
        f"<h2>{_bi('Berkas', 'files')}</h2>",
        _files(result),
        f"<h2>{_bi('Temuan per alasan', 'findings by reason')}</h2>",
        _grouped(result, summary, detail),
    ]
    return template.substitute(
        title="Sinergi — penyaringan daftar bantuan / aid list screening",
        body="\n".join(sections),
    )
