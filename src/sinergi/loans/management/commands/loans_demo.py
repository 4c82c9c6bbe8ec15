"""`sinergi manage loans_demo`: demo partnership loans, a demo bank statement and a demo
membership program on top of `sinergi demo`'s businesses. Safe to repeat: it does
nothing when the demo loan program already exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

LOAN_ORG = "Program Kemitraan BUMN — Mitra Binaan (demo)"
CHAMBER_ORG = "Kadin Kota Denpasar"


class Command(BaseCommand):
    help = "Create demo loans (Bangka Belitung), a bank statement CSV and demo memberships."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loans", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        from sinergi.accounts.models import Membership, Organisation
        from sinergi.loans.demo import build_demo
        from sinergi.programs.models import Program
        from sinergi.registry.models import Business

        org = Organisation.objects.filter(name=LOAN_ORG).first()
        if org is None:
            raise CommandError("Run `sinergi demo` first: the demo organisations are missing.")
        if Program.objects.filter(organisation=org, kind="loan").exists():
            self.stdout.write("Demo loans already exist; nothing to do.")
            return
        manager = Membership.objects.filter(organisation=org).select_related("user").first()
        actor = manager.user if manager else None
        businesses = list(
            Business.objects.filter(origin="demo", province_code="19")
            .select_related("owner")
            .order_by("id")[: options["loans"]]
        )
        today = timezone.localdate()
        with transaction.atomic():
            program, text = build_demo(actor, org, businesses, today)
            kadin = Membership.objects.filter(organisation__name=CHAMBER_ORG).first()
            # The chamber's own manager runs its membership program (organisations own
            # their programs: the loan manager may not set Kadin's fee).
            self._memberships(kadin.user if kadin else actor, today)
        path = Path(settings.VAR_DIR) / "demo" / "mutasi-rekening-demo.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"{len(businesses)} demo loans in '{program}'. Bank statement: {path}")

    def _memberships(self, actor: Any, today: Any) -> None:
        """Kadin Kota Denpasar, Rp120.000 a year: last year paid, this year two in three."""
        import datetime as dt

        from sinergi.accounts.models import Organisation
        from sinergi.memberships import actions
        from sinergi.programs.models import Program
        from sinergi.registry.models import Business

        org = Organisation.objects.filter(name=CHAMBER_ORG).first()
        if org is None:
            return
        program = Program.objects.create(
            organisation=org,
            kind="membership",
            name="Keanggotaan Kadin Kota Denpasar",
            period_start=dt.date(today.year - 1, 1, 1),
            period_end=dt.date(today.year + 4, 12, 31),
            region_scope="5171",
            created_by=actor,
        )
        actions.set_plan(actor, program, 120_000)
        members = Business.objects.filter(origin="demo", regency_code="5171").order_by("id")[:30]
        for index, business in enumerate(members):
            last = actions.open_year(actor, program, business, today.year - 1)
            actions.record_payment(
                actor, last, amount=120_000, on=dt.date(today.year - 1, 2, 1 + index % 27)
            )
            if index % 5 == 4:
                continue  # lapsed: not renewed this year
            this = actions.open_year(actor, program, business, today.year)
            if index % 3:
                actions.record_payment(
                    actor, this, amount=120_000, on=dt.date(today.year, 2, 1 + index % 27)
                )
