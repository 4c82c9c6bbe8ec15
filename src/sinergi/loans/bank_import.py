"""Importing a bank statement: store its rows, post matched rows as repayments, keep the
rest for matching by hand. Every posted repayment goes through `actions.record_repayment`
(so it is audited and follows the loan rules)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sinergi.audit.actions import record
from sinergi.audit.events import StatementImported
from sinergi.loans import actions
from sinergi.loans.bank import Candidate, ParseError, match_rows, parse_statement
from sinergi.loans.models import AgreementStatus, BankRow, BankStatement, LoanAgreement
from sinergi.programs.permissions import require_program


class StatementRejected(ValueError):
    """The file has problems; `errors` name row and column of each."""

    def __init__(self, file_name: str, errors: list[ParseError]) -> None:
        self.errors = errors
        lines = "; ".join(str(e) for e in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"{file_name}: {lines}{more}")


def candidates_of(program: Any) -> list[Candidate]:
    """Running loans of `program` with what the matcher needs (one query + schedules)."""
    agreements = (
        LoanAgreement.objects.filter(program=program, status=AgreementStatus.ACTIVE)
        .select_related("business__owner")
        .prefetch_related("instalments")
    )
    out = []
    for a in agreements:
        instalments = sorted(a.instalments.all(), key=lambda i: i.number)
        expected = instalments[0].principal_due + instalments[0].fee_due if instalments else 0
        out.append(
            Candidate(
                agreement_id=a.pk,
                number=a.number,
                owner_name=a.business.owner.full_name,
                nik=a.business.owner.nik,
                business_name=a.business.name,
                instalment_amount=expected,
            )
        )
    return out


@transaction.atomic
def import_statement(actor: Any, program: Any, file_name: str, text: str) -> BankStatement:
    """Store and match a statement; refuse the whole file when any cell is bad."""
    require_program(actor, program, "import_statement")
    if program.kind != "loan":
        raise actions.LoanError(
            f"Program '{program}' bukan program pinjaman / is not a partnership-loan program."
        )
    rows, errors = parse_statement(text)
    # A statement imported twice must not post its repayments twice: a bank reference
    # already on a row of this program's statements refuses the file.
    references = {r.reference for r in rows if r.reference}
    seen = set(
        BankRow.objects.filter(statement__program=program, reference__in=references).values_list(
            "reference", flat=True
        )
    )
    errors += [
        ParseError(
            r.row_number,
            "reference",
            f"'{r.reference}' sudah pernah diimpor / was already imported",
        )
        for r in rows
        if r.reference in seen
    ]
    if errors:
        raise StatementRejected(file_name, errors)
    statement = BankStatement.objects.create(
        program=program, file_name=file_name[:200], uploaded_by=actor
    )
    matches = match_rows(rows, candidates_of(program))
    agreements = LoanAgreement.objects.in_bulk({m.agreement_id for m in matches if m.agreement_id})
    posted = 0
    for m in matches:
        bank_row = BankRow(
            statement=statement,
            row_number=m.row.row_number,
            date=m.row.date,
            amount=m.row.amount,
            description=m.row.description[:500],
            reference=m.row.reference[:100],
        )
        if m.agreement_id is not None:
            bank_row.agreement = agreements[m.agreement_id]
            bank_row.method = m.method
            bank_row.entry = actions.record_repayment(
                actor,
                bank_row.agreement,
                amount=m.row.amount,
                on=m.row.date,
                reference=m.row.reference or f"{file_name}:{m.row.row_number}",
                source="bank",
            )
            posted += 1
        bank_row.save()
    record(
        actor,
        "create",
        statement,
        event=StatementImported(rows=len(matches), matched=posted, unmatched=len(matches) - posted),
    )
    return statement


@transaction.atomic
def match_by_hand(actor: Any, bank_row: BankRow, agreement: LoanAgreement) -> BankRow:
    """Post an unmatched row as a repayment of `agreement` (same program only)."""
    require_program(actor, bank_row.statement.program, "match_by_hand")
    bank_row = BankRow.objects.select_for_update().select_related("statement").get(pk=bank_row.pk)
    if bank_row.entry_id is not None:
        raise actions.LoanError("Baris ini sudah dibukukan / this row has already been posted.")
    if agreement.program_id != bank_row.statement.program_id:
        raise actions.LoanError(
            "Pinjaman itu milik program lain / the loan belongs to another program."
        )
    bank_row.entry = actions.record_repayment(
        actor,
        agreement,
        amount=bank_row.amount,
        on=bank_row.date,
        reference=bank_row.reference or f"{bank_row.statement.file_name}:{bank_row.row_number}",
        source="bank",
        note="matched by hand",
    )
    bank_row.agreement = agreement
    bank_row.method = "manual"
    bank_row.save(update_fields=["entry", "agreement", "method"])
    return bank_row
