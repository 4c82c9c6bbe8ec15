"""The screening report exports (csv, xlsx) neutralise formulas typed into names and reasons."""

from __future__ import annotations

import csv
import io
from typing import Any

from sinergi.programs import actions

ATTACK_NAME = '=HYPERLINK("http://evil","Warung")'
ATTACK_REASON = "-2+3+cmd|' /C calc'!A0"


def _report_with_attacks(client: Any, cycle: Any, make_business: Any) -> None:
    first = make_business(name=ATTACK_NAME, owner_name="Siti Aminah", nik="1901015507850001")
    twin = make_business(name=ATTACK_NAME, owner_name="Siti Aminah", nik="1901015507850001")
    client.post(
        f"/programs/cycles/{cycle.pk}/nominate/",
        {"business": [first.pk, twin.pk], "amount_idr": "2400000"},
    )
    client.post(f"/programs/cycles/{cycle.pk}/submit/")
    client.post(f"/programs/cycles/{cycle.pk}/verify/")
    finding = actions.open_findings(cycle).first()
    client.post(f"/programs/findings/{finding.pk}/", {"reason": ATTACK_REASON, "action": "remove"})


def test_the_csv_report_prefixes_formulas_and_keeps_numbers(
    client_of: Any, officer_bangka: Any, cycle: Any, make_business: Any
) -> None:
    client = client_of(officer_bangka)
    _report_with_attacks(client, cycle, make_business)
    text = client.get(f"/programs/cycles/{cycle.pk}/report.csv").content.decode()
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + ATTACK_NAME in cells and "'" + ATTACK_REASON in cells
    assert ATTACK_NAME not in cells and ATTACK_REASON not in cells
    assert "2400000" in cells  # amounts stay numbers


def test_the_xlsx_report_has_no_formula_and_numbers_stay_numbers(
    client_of: Any, officer_bangka: Any, cycle: Any, make_business: Any
) -> None:
    from openpyxl import load_workbook

    client = client_of(officer_bangka)
    _report_with_attacks(client, cycle, make_business)
    book = load_workbook(io.BytesIO(client.get(f"/programs/cycles/{cycle.pk}/report.xlsx").content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert "'" + ATTACK_NAME in values and "'" + ATTACK_REASON in values
    assert 2400000 in values
