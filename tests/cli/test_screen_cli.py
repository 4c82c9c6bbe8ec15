"""`sinergi screen` through `sinergi.cli.main`: the output contract, on csv and xlsx.

Uses the story of tests/linkage/test_screen_story.py. The xlsx run writes the proposed
list as a spreadsheet whose NIK column is numeric (Excel turned the last digit of
Budi's NIK into 0) and checks that he is still found in the received list.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sinergi.cli import main

FINDING_COLUMNS = [
    "source_file",
    "source_row",
    "reason",
    "related_file",
    "related_row",
    "match_probability",
    "evidence",
    "message_id",
    "message_en",
]


def _story():
    path = Path(__file__).parents[1] / "linkage" / "test_screen_story.py"
    spec = importlib.util.spec_from_file_location("screen_story", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STORY = _story()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _args(paths: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        "screen",
        str(paths["a"]),
        str(paths["b"]),
        "--out",
        str(out),
        "--quiet",
        "--received",
        str(paths["received"]),
        "--exclude",
        f"asn={paths['asn']}",
        f"DECEASED={paths['deceased']}",
        "--period-from",
        STORY.PERIOD[0],
        "--period-to",
        STORY.PERIOD[1],
        *extra,
    ]


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screen_cli")
    paths = STORY.write_all(folder)
    out = folder / "hasil"
    assert main(_args(paths, out)) == 0
    return paths, out


def test_it_writes_every_promised_file(csv_run):
    _, out = csv_run
    for name in ("findings.csv", "summary.csv", "clean.csv", "screening.xlsx", "report.html"):
        assert (out / name).stat().st_size > 0, name


def test_findings_csv_has_the_contract_columns_and_the_expected_findings(csv_run):
    _, out = csv_run
    with (out / "findings.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == FINDING_COLUMNS
    found = STORY.read_findings(out / "findings.csv")
    assert ("usulan_b.csv", 1, "NIK_DAMAGED") in found
    assert ("usulan_b.csv", 1, "DUPLICATE_IN_LIST") in found
    assert ("usulan_a.csv", 4, "ALREADY_RECEIVED") in found
    assert ("usulan_b.csv", 2, "EXCLUDED_DECEASED") in found
    assert ("usulan_a.csv", 5, "EXCLUDED_ASN") in found


def test_clean_csv_keeps_the_input_columns_and_every_row_is_accounted_for(csv_run):
    paths, out = csv_run
    clean = _rows(out / "clean.csv")
    with (out / "clean.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["source_file", "source_row", *STORY.HEADER]
    flagged = {(f, r) for f, r, _ in STORY.read_findings(out / "findings.csv")}
    kept = {(r["source_file"], int(r["source_row"])) for r in clean}
    total = len(STORY.USULAN_A) + len(STORY.USULAN_B)
    assert len(flagged | kept) == total and not flagged & kept
    budi = next(r for r in clean if r["NAMA"] == "BUDI SANTOSO")
    assert budi["NIK"] == "3201011203850002" and budi["NOMINAL"] == "2.400.000"


def test_summary_counts_rows_and_rupiah_per_reason(csv_run):
    _, out = csv_run
    summary = {r["reason"]: r for r in _rows(out / "summary.csv")}
    assert summary["EXCLUDED_ASN"]["rows"] == "2"
    assert summary["EXCLUDED_ASN"]["amount_idr"] == "4800000"
    assert summary["CLEAN"]["rows"] == "5"
    # 2.4m x 3 + 1m (a:9) + 2.4m (b:3)
    assert summary["CLEAN"]["amount_idr"] == str(2_400_000 * 4 + 1_000_000)


def test_the_spreadsheet_is_ready_for_an_officer(csv_run):
    _, out = csv_run
    wb = load_workbook(out / "screening.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Temuan"]
    ws = wb["Temuan"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Berkas", "Baris", "Alasan (kode)", "Keterangan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    nik_col = header.index("NIK") + 1
    niks = [ws.cell(row=i, column=nik_col) for i in range(2, ws.max_row + 1)]
    filled = [c for c in niks if c.value]
    assert filled and all(isinstance(c.value, str) and c.number_format == "@" for c in filled)


def test_the_report_is_self_contained_and_groups_findings_by_reason(csv_run):
    _, out = csv_run
    html = (out / "report.html").read_text("utf-8")
    assert "<svg" in html and "http://" not in html and "https://" not in html
    for reason in ("DUPLICATE_IN_LIST", "ALREADY_RECEIVED", "EXCLUDED_ASN", "NIK_DAMAGED"):
        assert f"<b>{reason}</b>" in html


def test_an_excel_damaged_nik_in_an_xlsx_list_is_still_found_as_already_received(tmp_path):
    paths = STORY.write_all(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "DATA"
    ws.append(STORY.HEADER)
    # The NIK column is numeric: Excel kept 15 digits, the 16th became 0.
    ws.append([1, "WAYAN SUDARTA", 5103010101700000, "BR TENGAH", "KAB. BADUNG", "BPUM", 2400000])
    ws.append([2, "ANI YULIANTI", 3271016606850007, "JL SEROJA 4", "KOTA BOGOR", "BPUM", 2400000])
    xlsx = tmp_path / "usulan_excel.xlsx"
    wb.save(xlsx)
    out = tmp_path / "out"
    code = main(
        ["screen", str(xlsx), "--out", str(out), "--quiet", "--received", str(paths["received"])]
    )
    assert code == 0
    found = STORY.read_findings(out / "findings.csv")
    assert ("usulan_excel.xlsx", 1, "NIK_DAMAGED") in found
    assert ("usulan_excel.xlsx", 1, "ALREADY_RECEIVED") in found
    assert not any(r == 2 for _, r, _ in found)
    clean = _rows(out / "clean.csv")
    assert [r["NIK"] for r in clean] == ["3271016606850007"]


def test_any_kind_is_accepted_and_per_kind_is_the_default(tmp_path):
    paths = STORY.write_all(tmp_path)
    assert main(_args(paths, tmp_path / "any", "--any-kind")) == 0
    found = STORY.read_findings(tmp_path / "any" / "findings.csv")
    assert ("usulan_a.csv", 9, "DUPLICATE_IN_LIST") in found


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--exclude", "asn"], "CATEGORY=FILE"),
        (["--exclude", "a sn=x.csv"], "invalid category"),
        (["--received", "tidak_ada.csv"], "tidak_ada.csv"),
        (["--period-from", "2022-01-01", "--period-to", "2021-01-01"], "after"),
    ],
)
def test_unusable_arguments_exit_2_with_one_line_naming_the_problem(
    tmp_path, capsys, extra, message
):
    paths = STORY.write_all(tmp_path)
    args = ["screen", str(paths["a"]), "--out", str(tmp_path / "o"), "--quiet", *extra]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_a_bad_date_is_refused_by_the_parser(tmp_path):
    paths = STORY.write_all(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["screen", str(paths["a"]), "--out", str(tmp_path), "--period-from", "besok"])
    assert exc.value.code == 2


def test_a_clean_list_is_a_result_not_an_error(tmp_path):
    # A list with nothing to report must pass whole into clean.csv with exit 0.
    listing = tmp_path / "bersih.csv"
    listing.write_text(
        "NAMA,NIK,ALAMAT,KAB/KOTA,JENIS BANTUAN,NOMINAL\n"
        "Siti Aminah,1901014505800001,Jl. Merdeka No. 1,Kab. Bangka,BPUM,2400000\n"
        "Budi Santoso,1901011203750002,Jl. Sudirman No. 5,Kab. Bangka,BPUM,2400000\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["screen", str(listing), "--out", str(out), "--quiet"]) == 0
    assert _rows(out / "findings.csv") == []
    assert [r["NAMA"] for r in _rows(out / "clean.csv")] == ["Siti Aminah", "Budi Santoso"]
    summary = {r["reason"]: r for r in _rows(out / "summary.csv")}
    assert summary["CLEAN"]["rows"] == "2"
    assert summary["CLEAN"]["amount_idr"] == "4800000"
