"""Writing a screening run's files: findings.csv, summary.csv, clean.csv, the workbook
and report.html (`sinergi screen --out`)."""

from __future__ import annotations

from pathlib import Path

from sinergi.core.spreadsheet import safe_frame
from sinergi.linkage.screen.options import ScreenResult
from sinergi.linkage.screen.outputs import (
    clean_table,
    findings_table,
    officer_findings,
    summary_table,
    write_xlsx,
)
from sinergi.linkage.screen.report import render_report


def write_outputs(result: ScreenResult, out_dir: str | Path) -> dict[str, Path]:
    """Write findings.csv, summary.csv, clean.csv, screening.xlsx and report.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "findings": out / "findings.csv",
        "summary": out / "summary.csv",
        "clean": out / "clean.csv",
        "xlsx": out / "screening.xlsx",
        "report": out / "report.html",
    }
    # Text from the lists may hold a formula: guarded as in every export.
    safe_frame(findings_table(result)).write_csv(paths["findings"])
    safe_frame(summary_table(result)).write_csv(paths["summary"])
    safe_frame(clean_table(result)).write_csv(paths["clean"])
    detail = officer_findings(result)
    write_xlsx(result, paths["xlsx"], detail)
    paths["report"].write_text(render_report(result, detail), "utf-8")
    return paths
