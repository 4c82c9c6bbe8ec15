"""The HTML report of a dedupe run: one self-contained file that opens offline.

Counts, charts (inline SVG drawn here: no JavaScript, no CDN), a few pairs explained
as weight waterfalls, and the most uncertain pairs for a person to check. Text is
Bahasa Indonesia first, English second, like the rest of the engine's output.
"""

from __future__ import annotations

import math
from datetime import datetime
from importlib import resources
from string import Template
from typing import Any

import polars as pl

# Chart helpers live in charts.py; re-exported here because review/ and the tests import
# them from this module.
from sinergi.linkage.charts import (  # noqa: F401 - re-exported for older imports
    _fmt,
    bar_chart,
    esc,
    hbar_chart,
    html_table,
    waterfall,
)
from sinergi.linkage.clusters import CLUSTER_ID, CLUSTER_SIZE
from sinergi.linkage.model.levels import level_labels, level_parameters, prior_weight
from sinergi.linkage.results import DedupeResult
from sinergi.linkage.schema import ROW_ID, SOURCE_FILE, SOURCE_ROW

# Raw fields shown side by side for a pair, in this order, when a file had them.
SHOWN_FIELDS: tuple[tuple[str, str], ...] = (
    ("owner_name", "Nama pemilik / owner"),
    ("business_name", "Nama usaha / business"),
    ("nik", "NIK"),
    ("phone", "HP / phone"),
    ("address", "Alamat / address"),
    ("village", "Desa / village"),
    ("district", "Kecamatan / district"),
    ("regency", "Kab/Kota / regency"),
    ("sector", "Sektor / sector"),
    ("birth_date", "Tgl lahir / birth date"),
    ("nib", "NIB"),
)
MAX_REVIEW_ROWS = 25
MAX_EXAMPLES = 3


def _bi(id_text: str, en_text: str) -> str:
    return f'{esc(id_text)} <span class="en">/ {esc(en_text)}</span>'


# ------------------------------------------------------------------------------ sections


def source_pair_counts(records: pl.DataFrame) -> pl.DataFrame:
    """Duplicate pairs inside clusters, counted per pair of source files.

    Uses per-cluster file counts (c_a * c_b across files, c*(c-1)/2 within a file), so
    the cost is linear in the rows even for big clusters.
    """
    per = records.filter(pl.col(CLUSTER_SIZE) > 1).group_by(CLUSTER_ID, SOURCE_FILE).len("n")
    if per.height == 0:
        return pl.DataFrame(
            schema={"file_a": pl.Utf8, "file_b": pl.Utf8, "pairs": pl.Int64, "clusters": pl.UInt32}
        )
    joined = per.join(per, on=CLUSTER_ID, suffix="_b").filter(
        pl.col(SOURCE_FILE) <= pl.col(f"{SOURCE_FILE}_b")
    )
    same = pl.col(SOURCE_FILE) == pl.col(f"{SOURCE_FILE}_b")
    pairs = (
        pl.when(same)
        .then(pl.col("n") * (pl.col("n") - 1) // 2)
        .otherwise(pl.col("n") * pl.col("n_b"))
    )
    return (
        joined.with_columns(pairs.cast(pl.Int64).alias("pairs"))
        .filter(pl.col("pairs") > 0)
        .group_by(pl.col(SOURCE_FILE).alias("file_a"), pl.col(f"{SOURCE_FILE}_b").alias("file_b"))
        .agg(pl.col("pairs").sum(), pl.col(CLUSTER_ID).n_unique().alias("clusters"))
        .sort(["file_a", "file_b"])
    )


def _summary(result: DedupeResult) -> str:
    rec = result.records
    dup_rows = rec.filter(pl.col(CLUSTER_SIZE) > 1).height
    dup_clusters = rec.filter(pl.col(CLUSTER_SIZE) > 1)[CLUSTER_ID].n_unique()
    review = int(result.pairs["to_review"].sum()) if result.pairs.height else 0
    cards = [
        ("Baris", "rows", rec.height),
        ("Berkas", "files", len(result.files)),
        ("Klaster (usaha)", "clusters (businesses)", result.n_clusters),
        ("Baris dengan duplikat", "rows with duplicates", dup_rows),
        ("Klaster berduplikat", "clusters with duplicates", dup_clusters),
        ("Pasangan untuk diperiksa", "pairs to review", review),
        ("Masalah data", "data problems", result.problems.height),
    ]
    html = "".join(
        f'<div class="card"><b>{v:,}</b>{esc(a)}<br><span class="en small">{esc(b)}</span></div>'
        for a, b, v in cards
    )
    opts = result.options
    if result.scored.builtin:
        model_note = (
            "data terlalu sedikit untuk melatih model: model bawaan dipakai / too few rows "
            "to train: the built-in model was used"
        )
    elif result.scored.trained:
        model_note = "model dilatih pada data ini / model trained on this data"
    else:
        model_note = "model dipakai ulang (--model), tanpa pelatihan / model reused, no training"
    return (
        f'<div class="cards">{html}</div><p class="muted small">ambang / threshold '
        f"{opts.threshold:g}; rentang periksa / review band {opts.review_band[0]:g}–"
        f"{opts.review_band[1]:g}; mesin / engine {esc(opts.engine)}; {model_note}.</p>"
    )


def _files(result: DedupeResult) -> str:
    rows = []
    for f in result.files:
        cols = ", ".join(f"{h} → {fld}" for fld, h in f.mapping.fields.items())
        extra = ", ".join(f.mapping.unknown) or "-"
        rows.append([f.file, f.sheet or "", f.rows, cols, extra])
    return html_table(
        [
            "Berkas / file",
            "Lembar / sheet",
            "Baris / rows",
            "Kolom dikenali / recognised",
            "Dibawa apa adanya / kept as is",
        ],
        rows,
        num={2},
    )


def _column_choices(result: DedupeResult) -> str:
    """Per file: what each column was read as, how sure, why, and the close calls."""
    from sinergi.linkage.io.choice import field_words

    parts = []
    for f in result.files:
        choices = getattr(f.mapping, "choices", None) or []
        if not choices:
            continue
        rows = []
        for c in choices:
            if c.field is None:
                read_as = "— dibawa apa adanya / kept as is"
            else:
                wid, wen = field_words(c.field)
                read_as = f"{wid} / {wen} ({c.field})"
            other = ""
            if c.alternative and not c.overridden:
                wid, wen = field_words(c.alternative)
                near = "hampir sama / close: " if c.close else ""
                other = f"{near}{wid} / {wen} ({c.alternative_confidence:.2f}) {c.map_argument()}"
            rows.append(
                [c.header, read_as, f"{c.confidence:.2f}", f"{c.reason_id} / {c.reason_en}", other]
            )
        parts.append(f"<h3>{esc(f.file)}</h3>")
        parts.append(
            html_table(
                [
                    "Kolom / column",
                    "Dibaca sebagai / read as",
                    "Yakin / sure",
                    "Alasan / why",
                    "Bacaan lain / other reading",
                ],
                rows,
                num={2},
            )
        )
    return "\n".join(parts)


def _source_pairs(result: DedupeResult) -> str:
    counts = source_pair_counts(result.records)
    if counts.height == 0:
        return '<p class="muted">Tidak ada duplikat / no duplicates.</p>'
    rows = [
        [r["file_a"], r["file_b"], r["pairs"], r["clusters"]] for r in counts.iter_rows(named=True)
    ]
    return html_table(
        [
            "Berkas A / file A",
            "Berkas B / file B",
            "Pasangan duplikat / duplicate pairs",
            "Klaster / clusters",
        ],
        rows,
        num={2, 3},
    )


def _weight_histogram(result: DedupeResult) -> str:
    pairs = result.pairs
    if pairs.height == 0:
        return '<p class="muted">Tidak ada pasangan kandidat / no candidate pairs.</p>'
    w = pairs["match_weight"].clip(-20, 40)
    lo, hi = math.floor(w.min()), math.ceil(w.max())
    edges = list(range(lo, max(hi, lo + 1) + 1))
    counts = [0] * (len(edges) - 1 or 1)
    # Bin in polars (millions of pairs at 1M rows); int() truncated towards zero and
    # v - lo >= 0, so floor is the same bin.
    bins = (w - lo).floor().cast(pl.Int64).clip(0, len(counts) - 1).value_counts()
    for i, n in bins.iter_rows():
        counts[i] = int(n)
    p = result.options.threshold
    t_weight = math.log2(p / (1 - p))
    labels = [str(e) for e in edges[: len(counts)]]
    return bar_chart(
        labels,
        counts,
        title="Sebaran bobot pasangan / match-weight distribution (merah / red: >= ambang / "
        "threshold)",
        highlight=[e >= t_weight for e in edges[: len(counts)]],
    )


def _cluster_sizes(result: DedupeResult) -> str:
    sizes = (
        result.records.group_by(CLUSTER_ID)
        .agg(pl.col(CLUSTER_SIZE).first())
        .group_by(CLUSTER_SIZE)
        .len("n")
        .sort(CLUSTER_SIZE)
    )
    labels = [str(s) for s in sizes[CLUSTER_SIZE].to_list()]
    return bar_chart(
        labels, sizes["n"].to_list(), title="Ukuran klaster / cluster sizes (baris / rows)"
    )


def _weights(result: DedupeResult) -> str:
    params = [p for p in level_parameters(result.model) if p["weight"] is not None]
    labels = [f"{p['comparison']}: {p['label']}" for p in params]
    values = [p["weight"] for p in params]
    rows = [
        [p["comparison"], p["label"], f"{p['m']:.4g}", f"{p['u']:.4g}", f"{p['weight']:+.2f}"]
        for p in params
    ]
    return hbar_chart(
        labels, values, title="Bobot tiap tingkat perbandingan / weight of each comparison level"
    ) + (
        "<details><summary>m, u</summary>"
        + html_table(
            ["perbandingan / comparison", "tingkat / level", "m", "u", "bobot / weight"],
            rows,
            num={2, 3, 4},
        )
        + "</details>"
    )


def _side_by_side(
    result: DedupeResult, pair: dict[str, Any], labels: dict[str, dict[int, str]]
) -> str:
    rec = result.records
    left = rec.filter(pl.col(ROW_ID) == pair["unique_id_l"]).row(0, named=True)
    right = rec.filter(pl.col(ROW_ID) == pair["unique_id_r"]).row(0, named=True)
    rows = [
        f"<tr><th>{_bi('Baris', 'row')}</th><td>{esc(left[SOURCE_FILE])} #{left[SOURCE_ROW]}</td>"
        f"<td>{esc(right[SOURCE_FILE])} #{right[SOURCE_ROW]}</td></tr>"
    ]
    for fld, title in SHOWN_FIELDS:
        a, b = left.get(fld), right.get(fld)
        if a is None and b is None:
            continue
        cls = "same" if a == b else "diff"
        rows.append(
            f'<tr class="{cls}"><th>{esc(title)}</th><td class="v">{esc(a)}</td>'
            f'<td class="v">{esc(b)}</td></tr>'
        )
    return f"<table>{''.join(rows)}</table>"


def _waterfall_steps(
    result: DedupeResult, pair: dict[str, Any], labels: dict[str, dict[int, str]]
) -> list[tuple[str, float]]:
    steps = [("awal / prior", prior_weight(result.model))]
    for name, by_gamma in labels.items():
        g = pair.get(f"gamma_{name}")
        w = pair.get(f"mw_{name}") or 0.0
        if g is None or g == -1:
            continue
        steps.append((f"{name}: {by_gamma.get(int(g), g)}", float(w)))
    return steps


def _examples(result: DedupeResult) -> str:
    pairs = result.pairs
    if pairs.height == 0:
        return ""
    labels = level_labels(result.model)
    p = result.options.threshold
    chosen: list[tuple[str, dict[str, Any]]] = []
    strong = pairs.sort("match_weight", descending=True).head(1)
    near = (
        pairs.with_columns((pl.col("match_probability") - p).abs().alias("_d")).sort("_d").head(1)
    )
    split = (
        pairs.filter(pl.col("gamma_business_name") == 0)
        .sort("match_weight", descending=True)
        .head(1)
        if "gamma_business_name" in pairs.columns
        else pairs.head(0)
    )
    for title, frame in (
        ("Pasangan paling kuat / strongest pair", strong),
        ("Pasangan di dekat ambang / pair near the threshold", near),
        ("Pemilik sama, usaha berbeda / same owner, different business", split),
    ):
        if frame.height:
            chosen.append((title, frame.row(0, named=True)))
    out = []
    for title, pair in chosen[:MAX_EXAMPLES]:
        steps = _waterfall_steps(result, pair, labels)
        out.append(
            f"<h3>{esc(title)} — p = {pair['match_probability']:.4f}</h3>"
            + _side_by_side(result, pair, labels)
            + waterfall(steps, title="Bobot / weights (log2 Bayes factor)")
        )
    return "".join(out)


def _review(result: DedupeResult) -> str:
    pairs = result.pairs.filter(pl.col("to_review")) if result.pairs.height else result.pairs
    if pairs.height == 0:
        return (
            '<p class="muted">Tidak ada pasangan di rentang periksa / '
            "no pairs in the review band.</p>"
        )
    labels = level_labels(result.model)
    pairs = pairs.with_columns((pl.col("match_probability") - 0.5).abs().alias("_d")).sort(
        ["_d", "unique_id_l", "unique_id_r"]
    )
    out = [
        f'<p class="muted">{pairs.height:,} pasangan; {min(pairs.height, MAX_REVIEW_ROWS)} paling '
        f"tidak pasti ditampilkan / pairs; the {min(pairs.height, MAX_REVIEW_ROWS)} most uncertain "
        "shown. Semua ada di pairs.csv (to_review = true) / all are in pairs.csv.</p>"
    ]
    for pair in pairs.head(MAX_REVIEW_ROWS).iter_rows(named=True):
        verdict = (
            "satu klaster / same cluster"
            if pair["same_cluster"]
            else "klaster berbeda / different clusters"
        )
        out.append(
            f"<details><summary>p = {pair['match_probability']:.3f} · "
            f"{esc(pair['source_file_l'])} #{pair['source_row_l']} ↔ {esc(pair['source_file_r'])} "
            f"#{pair['source_row_r']} · {verdict}</summary>"
            + _side_by_side(result, pair, labels)
            + waterfall(_waterfall_steps(result, pair, labels), title="Bobot / weights")
            + "</details>"
        )
    return "".join(out)


def _blocking(result: DedupeResult) -> str:
    rows = [
        [b["rule"], b["pairs"], b["cumulative"], "ya / yes" if b["estimate"] else ""]
        for b in result.scored.blocking
    ]
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    return (
        html_table(
            [
                "Aturan blocking / blocking rule",
                "Pasangan baru / new pairs",
                "Kumulatif / cumulative",
                "Perkiraan / estimate",
            ],
            rows,
            num={1, 2},
        )
        + f'<p class="muted small">Waktu / timings: {esc(timings)}</p>'
    )


def _problems(result: DedupeResult) -> str:
    probs = result.problems
    if probs.height == 0:
        return '<p class="muted">Tidak ada / none.</p>'
    counts = (
        probs.group_by("code")
        .agg(pl.len().alias("n"), pl.col("message_id").first(), pl.col("message_en").first())
        .sort(["n", "code"], descending=[True, False])
    )
    rows = [
        [r["code"], r["message_id"], r["message_en"], r["n"]] for r in counts.iter_rows(named=True)
    ]
    return html_table(["kode / code", "pesan", "message", "jumlah / count"], rows, num={3}) + (
        '<p class="muted small">Rinciannya di problems.csv / details in problems.csv.</p>'
    )


def render_report(result: DedupeResult) -> str:
    """The whole report as one HTML string (see the module docstring)."""
    template = Template(
        resources.files("sinergi.linkage").joinpath("templates/report.html").read_text("utf-8")
    )
    files = ", ".join(f.file for f in result.files)
    sections = [
        f"<h1>{_bi('Laporan deduplikasi', 'deduplication report')}</h1>",
        f'<p class="muted">{esc(files)} · {datetime.now():%Y-%m-%d %H:%M}</p>',
        _summary(result),
        f"<h2>{_bi('Berkas dan kolom', 'files and columns')}</h2>",
        _files(result),
        _column_choices(result),
        f"<h2>{_bi('Duplikat per pasangan sumber', 'duplicates by source pair')}</h2>",
        _source_pairs(result),
        f"<h2>{_bi('Grafik', 'charts')}</h2>",
        _weight_histogram(result),
        _cluster_sizes(result),
        _weights(result),
        f"<h2>{_bi('Contoh yang dijelaskan', 'explained examples')}</h2>",
        _examples(result),
        f"<h2>{_bi('Perlu diperiksa', 'to check by hand')}</h2>",
        _review(result),
        f"<h2>{_bi('Masalah data', 'data problems')}</h2>",
        _problems(result),
        f"<h2>{_bi('Blocking dan waktu', 'blocking and timings')}</h2>",
        _blocking(result),
    ]
    return template.substitute(
        title="Sinergi — laporan deduplikasi / deduplication report", body="\n".join(sections)
    )
