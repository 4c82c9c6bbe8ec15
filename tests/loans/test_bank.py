"""Bank statement CSV: parsing with row/column errors, and matching to loans."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.loans.bank import Candidate, match_rows, parse_amount, parse_statement
from sinergi.loans.demo import NOISE_EVERY, demo_statement_csv
from sinergi.registry.demo_data import generate

CANDIDATES = [
    Candidate(
        1, "PK001-2024-00001", "Siti Aminah", "1901015507850001", "Warung Bu Siti", 1_060_000
    ),
    Candidate(2, "PK001-2024-00002", "Siti", "1901015507850002", "Kopi Menumbing", 530_000),
    Candidate(3, "PK001-2024-00003", "I Made Sudarma", "5171011203800003", "Dharma Jaya", 777_000),
]


def rows_of(*lines: str):
    rows, errors = parse_statement("tanggal;keterangan;jumlah;referensi\n" + "\n".join(lines))
    assert errors == []
    return rows


def test_it_parses_indonesian_amounts_and_dates() -> None:
    rows = rows_of("15/02/2024;ANGSURAN;1.060.000;R1", "2024-02-16;x;1060000,00;R2")
    assert [(r.date, r.amount, r.row_number) for r in rows] == [
        (dt.date(2024, 2, 15), 1_060_000, 2),
        (dt.date(2024, 2, 16), 1_060_000, 3),
    ]


def test_bad_cells_are_reported_with_row_and_column_not_dropped() -> None:
    text = "Tanggal,Keterangan,Jumlah\n31/02/2024,a,100\n01/02/2024,b,12.5\n01/02/2024,c,\n"
    rows, errors = parse_statement(text)
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [(2, "Tanggal"), (3, "Jumlah"), (4, "Jumlah")]
    assert "row 3, column 'Jumlah'" in str(errors[1])


def test_a_missing_column_is_named() -> None:
    _, errors = parse_statement("Tanggal,Jumlah\n01/02/2024,100\n")
    assert [(e.row, e.column) for e in errors] == [(1, "description")]


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=10**13))
def test_any_whole_rupiah_amount_survives_indonesian_and_english_grouping(amount: int) -> None:
    assert parse_amount(f"{amount:,}".replace(",", ".")) == amount
    assert parse_amount(f"{amount:,}") == amount
    assert parse_amount(f"{amount},00") == amount


def test_it_matches_by_agreement_number_then_nik_then_name_then_amount() -> None:
    rows = rows_of(
        "01/03/2024;angsuran pk001-2024-00003;5;",
        "01/03/2024;TRF NIK 1901015507850002;5;",
        "01/03/2024;TRSF IBU SITI AMINAH;5;",
        "01/03/2024;SETORAN I MADE SUDARMO;5;",  # typo: fuzzy
        "01/03/2024;SETORAN TUNAI;530.000;",
        "01/03/2024;BIAYA ADM BANK;6.500;",
    )
    got = [(m.agreement_id, m.method) for m in match_rows(rows, CANDIDATES)]
    assert got == [(3, "number"), (2, "nik"), (1, "name"), (3, "name"), (2, "amount"), (None, "")]


def test_the_demo_bank_file_matches_at_least_99_percent_and_lists_the_rest() -> None:
    # The businesses `sinergi demo` creates (default seed), Bangka Belitung, where the demo
    # loan program lends; they include owners with two businesses.
    businesses = [b for b in generate(2026, 1500) if b.village_code.startswith("19")][:600]
    assert len(businesses) == 600
    candidates = [
        Candidate(
            i + 1, f"PK001-2025-{i + 1:05d}", b.owner_name, b.nik, b.name, 500_000 + 1_000 * i
        )
        for i, b in enumerate(businesses)
    ]
    text = demo_statement_csv(candidates, dt.date(2026, 11, 1))
    assert text == demo_statement_csv(candidates, dt.date(2026, 11, 1))  # deterministic
    rows, errors = parse_statement(text)
    assert errors == []
    matches = match_rows(rows, candidates)
    matched = [m for m in matches if m.agreement_id is not None]
    assert len(matched) / len(matches) >= 0.99
    unmatched = [m.row.description for m in matches if m.agreement_id is None]
    assert unmatched and len(unmatched) <= len(matches) // 100
    assert unmatched == ["BIAYA ADM BANK"] * (600 // NOISE_EVERY)
    # Matched rows went to the right loan: the reference carries the candidate index.
    wrong = [m for m in matched if int(m.row.reference[-6:]) + 1 != m.agreement_id]
    assert wrong == []
