"""Importing a bank statement: matched rows become audited repayments, the rest wait for
matching by hand; a bad file is refused whole, naming row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.audit.models import AuditEvent
from sinergi.loans import actions
from sinergi.loans.bank_import import StatementRejected, import_statement, match_by_hand
from sinergi.loans.demo import build_demo
from sinergi.loans.models import BankRow, LoanEntry
from sinergi.loans.quality import Quality
from sinergi.loans.state import states_of

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo(admin, make_business):
    from sinergi.accounts.models import Organisation

    org = Organisation.objects.create(name="Mitra Binaan demo", kind="soe_partnership")
    businesses = [
        make_business(name=f"Usaha {word}", owner_name=f"Pemilik {word} Jaya")
        for word in "Anggrek Melati Mawar Kenanga Cempaka Dahlia Teratai Kamboja Tulip Lili".split()
    ]
    return build_demo(admin, org, businesses, TODAY)


def test_the_demo_has_a_mix_of_quality_classes(demo) -> None:
    program, _ = demo
    states = states_of(program.loan_agreements.all(), TODAY)
    qualities = {s.quality for s in states.values()}
    assert qualities == {Quality.LANCAR, Quality.KURANG_LANCAR, Quality.DIRAGUKAN, Quality.MACET}


def test_the_demo_statement_is_imported_and_every_row_posted(demo, admin) -> None:
    program, text = demo
    before = LoanEntry.objects.filter(kind="repayment").count()
    statement = import_statement(admin, program, "mutasi-nov.csv", text)
    rows = list(statement.rows.all())
    assert rows and all(r.entry_id for r in rows)
    assert LoanEntry.objects.filter(kind="repayment").count() == before + len(rows)
    assert LoanEntry.objects.filter(kind="repayment", source="bank").count() == len(rows)
    assert AuditEvent.objects.for_object(statement).exists()


def test_an_unmatched_row_is_listed_and_can_be_matched_by_hand(demo, admin) -> None:
    program, _ = demo
    text = "Tanggal;Keterangan;Jumlah\n02/11/2026;SETORAN TANPA KETERANGAN;123.456\n"
    statement = import_statement(admin, program, "mutasi.csv", text)
    row = statement.rows.get()
    assert (row.agreement_id, row.entry_id) == (None, None)
    agreement = program.loan_agreements.filter(status="active").first()
    match_by_hand(admin, row, agreement)
    row.refresh_from_db()
    assert (row.method, row.entry.amount, row.entry.agreement_id) == (
        "manual",
        123_456,
        agreement.pk,
    )
    with pytest.raises(actions.LoanError):
        match_by_hand(admin, row, agreement)


def test_a_bad_statement_is_refused_whole_naming_file_row_and_column(demo, admin) -> None:
    program, _ = demo
    text = "Tanggal;Keterangan;Jumlah\n02/11/2026;A;100\n02/13/2026;B;100\n"
    with pytest.raises(StatementRejected, match="mutasi.csv: row 3, column 'Tanggal'"):
        import_statement(admin, program, "mutasi.csv", text)
    assert not BankRow.objects.exists()


def test_a_statement_imported_twice_is_refused_the_second_time(demo, admin) -> None:
    program, text = demo
    import_statement(admin, program, "mutasi-nov.csv", text)
    posted = LoanEntry.objects.filter(source="bank").count()
    with pytest.raises(StatementRejected, match="already imported"):
        import_statement(admin, program, "mutasi-nov (1).csv", text)
    assert LoanEntry.objects.filter(source="bank").count() == posted
