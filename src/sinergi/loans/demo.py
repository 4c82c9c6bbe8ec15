"""Demo partnership loans and a demo bank statement, deterministic for a given seed.

`build_demo(actor, organisation, businesses, today)` creates a loan program, lends to the
given businesses with a mix of repayment behaviours (on time, a little late, long late,
rescheduled, written off), and returns the program and the text of a bank statement CSV
of the next month's repayments, written the many ways partners write transfer notes.
A partner with several loans quotes the agreement number (as such programs ask them
to); the others write it, their NIK, their name or their business name. Of its rows,
one in 200 is bank noise (an admin charge) that matches no loan: the
matcher must match at least 99% of rows and list the rest for matching by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sinergi.loans.bank import Candidate
from sinergi.loans.schedule import add_months

NOISE_EVERY = 200


def _note(c: Candidate, rng: random.Random, variant: int) -> str:
    """A transfer note as partners and tellers write them."""
    first = c.owner_name.split()[0] if c.owner_name else ""
    if variant == 0:
        return f"ANGSURAN {c.number}"
    if variant == 1:
        return f"setoran pinjaman no {c.number.lower()} bln ini"
    if variant == 2 and c.nik:
        return f"TRF ANGSURAN NIK {c.nik}"
    if variant == 3:
        return f"TRSF E-BANKING CR {rng.randint(1000, 9999)} IBU {c.owner_name.upper()}"
    if variant == 4:
        return f"SETORAN TUNAI {c.business_name.upper()}"
    return f"PEMBAYARAN {first.upper()} {c.number}"


def demo_statement_csv(
    candidates: Sequence[Candidate], month_start: dt.date, *, seed: int = 6
) -> str:
    """A statement of one repayment per candidate plus bank noise (see module doc)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Tanggal", "Keterangan", "Jumlah", "Referensi"])
    owners = Counter(c.owner_name.lower() for c in candidates)
    for index, c in enumerate(candidates):
        day = month_start + dt.timedelta(days=rng.randint(0, 27))
        # Partners with several loans are asked to quote the agreement number.
        variant = index % 6 if owners[c.owner_name.lower()] == 1 else 0
        note = _note(c, rng, variant)
        amount = f"{c.instalment_amount:,}".replace(",", ".")
        writer.writerow([day.strftime("%d/%m/%Y"), note, amount, f"BNK{seed:02d}{index:06d}"])
        if (index + 1) % NOISE_EVERY == 0:
            writer.writerow([day.strftime("%d/%m/%Y"), "BIAYA ADM BANK", "6.500", ""])
    return out.getvalue()


def build_demo(
    actor: Any,
    organisation: Any,
    businesses: Sequence[Any],
    today: dt.date,
    *,
    seed: int = 6,
    region_scope: str = "19",
) -> tuple[Any, str]:
    """Loan program, loans with a quality mix, and next month's bank statement text."""
    from sinergi.loans import actions
    from sinergi.loans.bank_import import candidates_of
    from sinergi.programs.models import Program

    rng = random.Random(seed)
    principals = [rng.choice([5, 8, 10, 12, 15, 20, 25]) * 1_000_000 for _ in businesses]
    start = dt.date(today.year - 1, today.month, 1)
    program = Program.objects.create(
        organisation=organisation,
        kind="loan",
        name=f"Pinjaman Kemitraan {start.year}",
        budget_idr=sum(principals) + 100_000_000,
        period_start=start,
        period_end=add_months(start, 24),
        region_scope=region_scope,
        created_by=actor,
    )
    for index, (business, principal) in enumerate(zip(businesses, principals, strict=True)):
        application = actions.submit_application(
            actor,
            program=program,
            business=business,
            amount=principal,
            tenor_months=24,
            purpose="modal kerja",
        )
        on = start + dt.timedelta(days=index % 28)
        agreement = actions.approve_application(
            actor,
            application,
            principal=principal,
            tenor_months=24,
            admin_fee_rate=Decimal("0.06"),
            start_date=on,
        )
        actions.disburse_loan(actor, agreement, on=on)
        instalment = agreement.instalments.order_by("number").first().principal_due
        instalment += agreement.instalments.order_by("number").first().fee_due
        # Behaviour by index: most pay every month; some stopped 2, 7 or 10 months ago.
        behaviour = index % 10
        months_due = (today.year - on.year) * 12 + today.month - on.month - 1
        stopped = {7: 2, 8: 7, 9: 10}.get(behaviour, 0)
        for k in range(max(months_due - stopped, 0)):
            actions.record_repayment(
                actor,
                agreement,
                amount=instalment,
                on=add_months(on, k + 1),
                reference=f"DEMO-{agreement.pk}-{k + 1}",
            )
        if index % 20 == 19:
            actions.write_off(actor, agreement, on=today, reason="Usaha tutup (demo)")
        elif index % 20 == 18:
            actions.revise_loan(
                actor,
                agreement,
                kind="reschedule",
                on=today,
                tenor_months=18,
                reason="Terdampak pandemi (demo)",
            )
    return program, demo_statement_csv(candidates_of(program), today.replace(day=1), seed=seed)
