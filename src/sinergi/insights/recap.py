"""The ministry's recap of one region for one period: the numbers, then xlsx and PDF.

`build(user, region, period)` reads everything once into a `Recap` (tables of label ->
number); `as_xlsx` and `as_pdf` only lay that same object out, so the workbook and the
PDF always carry the same numbers. Template (sheets, sections, definitions): docs/recap.md.

Invariants:
- `region` lies inside the user's scope (checked by `region_for`); every row read goes
  through the user's `visible_to` querysets, then `within(region)`.
- The period is a whole month, quarter or year: [start, end) in local dates.
- Registry counts are "as at the end of the period": businesses registered before `end`
  that are active now (the registry keeps no history of status). Aid is the net
  disbursement ledger (payments less reversals) entered in the period. Loans are the
  portfolio as at the period's last day (or today, for the current period).
- No personal data: counts and rupiah only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.scope import NotAllowed, scope_for

MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$")


@dataclass(frozen=True)
class Period:
    """A month (2026-03), quarter (2026-Q1) or year (2026)."""

    key: str
    start: dt.date
    end: dt.date  # exclusive

    @classmethod
    def parse(cls, text: str) -> Period:
        match = PERIOD.match((text or "").strip())
        if not match:
            raise ValueError(text)
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise ValueError(text)
        if match.group(2):
            month = int(match.group(2))
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
        elif match.group(3):
            q = int(match.group(3))
            start = dt.date(year, 3 * q - 2, 1)
            end = dt.date(year + q // 4, (3 * q) % 12 + 1, 1)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        return cls(match.group(0), start, end)

    @classmethod
    def current_month(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls.parse(f"{today:%Y-%m}")

    @property
    def label(self) -> str:
        """Januari 2026 / Triwulan I 2026 / Tahun 2026 (documents are in Indonesian)."""
        if "-Q" in self.key:
            return f"Triwulan {'I II III IV'.split()[int(self.key[-1]) - 1]} {self.start.year}"
        if "-" in self.key:
            return f"{MONTHS_ID[self.start.month - 1]} {self.start.year}"
        return f"Tahun {self.start.year}"

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


@dataclass
class Table:
    key: str
    title: str
    columns: tuple[str, str]
    rows: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Recap:
    region: str
    region_name: str
    period: Period
    made_at: dt.datetime
    headline: list[tuple[str, int | str]]
    tables: list[Table]


def region_for(user: Any, code: str | None) -> str:
    """The recap's region: `code` if given and inside the user's scope, else the scope."""
    scope = scope_for(user)
    if not scope.perms.view_registry or scope.perms.is_owner:
        raise NotAllowed("recap")
    code = (code or "").strip()
    if not code:
        return scope.region
    if not code.isdigit() or not scope.contains(code):
        raise NotAllowed("recap")
    return code


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def build(user: Any, region: str, period: Period, today: dt.date | None = None) -> Recap:
    from sinergi.regions.models import Region
    from sinergi.registry.kbli import CATEGORIES
    from sinergi.registry.models import Business, SizeClass

    scope = scope_for(user)
    end = _local_start(period.end)
    start = _local_start(period.start)
    businesses = Business.objects.visible_to(user).within(region)
    standing = businesses.filter(status="active", created_at__lt=end)

    def grouped(column: str) -> dict[Any, int]:
        rows = standing.values_list(column).annotate(n=Count("id")).order_by()
        return {k: n for k, n in rows}

    size = grouped("size_class")
    sector = grouped("sector__category")
    covid = grouped("covid_affected")
    total = sum(size.values())
    new = businesses.filter(created_at__gte=start, created_at__lt=end).count()
    sizes = dict(SizeClass.choices)
    covid_labels = {True: _("Affected"), False: _("Not affected"), None: _("unknown")}
    count = _("Businesses")
    tables = [
        Table("size", _("Businesses by size class"), (_("Size class"), count),
              [(str(sizes.get(k, k or _("unknown"))), v) for k, v in sorted(size.items(),
               key=lambda i: list(sizes).index(i[0]) if i[0] in sizes else 99)]),
        Table("sector", _("Businesses by sector (KBLI category)"), (_("Sector"), count),
              [(f"{k} {CATEGORIES.get(k, '')}".strip() if k else _("unknown"), v)
               for k, v in sorted(sector.items(), key=lambda i: i[0] or "~")]),
        Table("covid", _("Covid-19 impact"), (_("Impact"), count),
              [(str(covid_labels[k]), covid.get(k, 0)) for k in (True, False, None)
               if k in covid]),
    ]  # fmt: skip
    headline: list[tuple[str, int | str]] = [
        (_("Active businesses at the end of the period"), total),
        (_("Businesses registered in the period"), new),
    ]
    if scope.perms.view_programs:
        aid_head, aid_table = _aid(user, businesses, start, end)
        loan_head, loan_table = _loans(user, businesses, period, today)
        headline += aid_head + loan_head
        tables += [aid_table, loan_table]
    name = Region.objects.filter(code=region).values_list("name", flat=True).first()
    return Recap(region, name or "Indonesia", period, timezone.now(), headline, tables)


def _aid(user: Any, businesses: Any, start: dt.datetime, end: dt.datetime) -> tuple:
    from sinergi.programs.models import Disbursement, Program

    programs = Program.objects.visible_to(user).exclude(kind__in=["loan", "membership"])
    paid = Disbursement.objects.filter(
        program__in=programs, business__in=businesses, created_at__gte=start, created_at__lt=end
    )
    per_program = (
        paid.values_list("program__name").annotate(s=Sum("amount_idr")).order_by("program__name")
    )
    amount = paid.aggregate(s=Sum("amount_idr"))["s"] or 0
    reached = paid.filter(amount_idr__gt=0).values("business_id").distinct().count()
    head = [(_("Aid recipients in the period"), reached), (_("Aid disbursed (Rp)"), amount)]
    table = Table(
        "aid", _("Aid disbursed in the period (Rp)"), (_("Program"), _("Rp")),
        [(name, s or 0) for name, s in per_program],
    )  # fmt: skip
    return head, table


def _loans(user: Any, businesses: Any, period: Period, today: dt.date | None) -> tuple:
    from sinergi.loans.models import LoanAgreement
    from sinergi.loans.portfolio import summarise
    from sinergi.loans.quality import Quality
    from sinergi.loans.state import states_of

    as_of = min(period.last_day, today or timezone.localdate())
    agreements = list(
        LoanAgreement.objects.visible_to(user).for_portfolio().filter(business__in=businesses)
    )
    states = states_of(agreements, as_of)
    _rows, total = summarise(("", "", states[a.pk]) for a in agreements)
    quality = dict(Quality.choices)
    head = [
        (_("Loans"), total.loans),
        (_("Outstanding (Rp)"), total.outstanding),
        (_("NPL"), f"{total.npl_percent:.1f} %".replace(".", ",")),
    ]
    table = Table(
        "loans", _("Outstanding by quality (Rp)"), (_("Quality"), _("Rp")),
        [(str(quality.get(k, k)), v) for k, v in total.by_quality.items()],
    )  # fmt: skip
    return head, table


# ------------------------------------------------------------------------- layouts


def number(value: int | str) -> str:
    """1.234.567 (Indonesian grouping), as the PDF prints it."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def as_xlsx(recap: Recap) -> bytes:
    """A cover sheet (region, period, headline numbers), then one sheet per table; frozen
    headers, autofilter, every text cell typed as text and guarded (`core.spreadsheet`)."""
    from openpyxl import Workbook

    from sinergi.core.spreadsheet import xlsx_text_row

    book = Workbook(write_only=True)
    cover = book.create_sheet(_("Recap"))
    cover.append(xlsx_text_row(cover, [_("Recap of UMKM data"), recap.region_name]))
    cover.append(xlsx_text_row(cover, [_("Region code"), recap.region or "-"]))
    cover.append(xlsx_text_row(cover, [_("Period"), recap.period.label]))
    made = timezone.localtime(recap.made_at).strftime("%Y-%m-%d %H:%M")
    cover.append(xlsx_text_row(cover, [_("Made at"), made]))
    cover.append([])
    for label, value in recap.headline:
        cover.append(xlsx_text_row(cover, [str(label), value]))
    for table in recap.tables:
        sheet = book.create_sheet(str(table.title)[:31].replace("/", "-"))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:B{len(table.rows) + 1}"
        sheet.append(xlsx_text_row(sheet, [str(c) for c in table.columns]))
        for label, value in table.rows:
            sheet.append(xlsx_text_row(sheet, [str(label), value]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_data(recap: Recap) -> dict[str, Any]:
    """The JSON the typst template reads (`sys.inputs.data`): every value already text."""
    return {
        "title": _("Recap of UMKM data"),
        "region": recap.region_name,
        "region_code": recap.region or "-",
        "period": recap.period.label,
        "made_at": timezone.localtime(recap.made_at).strftime("%Y-%m-%d %H:%M"),
        "labels": {"region": _("Region"), "period": _("Period"), "made_at": _("Made at")},
        "headline": [[str(label), number(value)] for label, value in recap.headline],
        "tables": [
            {
                "title": str(t.title),
                "columns": [str(c) for c in t.columns],
                "rows": [[str(label), number(value)] for label, value in t.rows],
            }
            for t in recap.tables
        ],
    }


def as_pdf(recap: Recap) -> bytes:
    """The same recap as an A4 PDF (typst; templates/insights/recap.typ). The data travel
    as JSON, never spliced into markup; typst embeds its fonts (no network)."""
    import typst
    from django.conf import settings

    path = Path(settings.PACKAGE_DIR) / "templates" / "insights" / "recap.typ"
    return typst.compile(
        path.read_bytes(), format="pdf", sys_inputs={"data": json.dumps(pdf_data(recap))}
    )
