"""Loan pages: portfolio, one agreement (schedule, ledger, actions), statement PDF, bank
statement import and manual matching. Views parse, authorise, call a verb, render."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.core.masking import mask_nik
from sinergi.loans import actions
from sinergi.loans.bank_import import StatementRejected, import_statement, match_by_hand
from sinergi.loans.forms import VERB_FORMS, ApplyForm, DecideForm, MatchForm, errors_text
from sinergi.loans.models import BankRow, BankStatement, LoanAgreement
from sinergi.loans.pdf import render as render_pdf
from sinergi.loans.pdf import statement_data
from sinergi.loans.permissions import can_manage, require_manage, require_view
from sinergi.loans.portfolio import summarise
from sinergi.loans.schedule import allocate
from sinergi.loans.state import schedules_of, state_of, states_of
from sinergi.programs.permissions import may_manage, require_program

MAX_UPLOAD = 10 * 1024 * 1024
LIST_LIMIT = 300


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _masked(text: str) -> str:
    """Bank notes may hold a NIK: show it masked, like everywhere else by default."""
    return re.sub(r"(?<!\d)\d{16}(?!\d)", lambda m: mask_nik(m.group(0)), text)


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    as_of = _as_of(request)
    by = "sector" if request.GET.get("by") == "sector" else "region"
    agreements = list(LoanAgreement.objects.visible_to(request.user).for_portfolio())
    states = states_of(agreements, as_of)
    if by == "region":
        from sinergi.regions.models import Region

        codes = {a.business.regency_code for a in agreements}
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))

        def key(a: LoanAgreement) -> tuple[str, str]:
            code = a.business.regency_code
            return code, names.get(code, code or "—")
    else:

        def key(a: LoanAgreement) -> tuple[str, str]:
            sector = a.business.sector
            return (sector.category, sector.category) if sector else ("", "—")

    rows, total = summarise((*key(a), states[a.pk]) for a in agreements)
    loans = sorted(agreements, key=lambda a: (-states[a.pk].days_past_due, a.number))
    return render(
        request,
        "loans/portfolio.html",
        {
            "rows": rows,
            "total": total,
            "by": by,
            "as_of": as_of,
            "loans": [(a, states[a.pk]) for a in loans[:LIST_LIMIT]],
            "more": max(len(loans) - LIST_LIMIT, 0),
            "can_manage": can_manage(request.user),
        },
    )


def _visible_agreement(request: HttpRequest, pk: int) -> LoanAgreement:
    require_view(request.user)
    queryset = LoanAgreement.objects.visible_to(request.user).select_related(
        "business__owner", "program__organisation"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_GET
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_agreement(request, pk)
    as_of = _as_of(request)
    state = state_of(item, as_of)
    allocation = allocate(schedules_of([item.pk]).get(item.pk, []), state.paid)
    return render(
        request,
        "loans/agreement.html",
        {
            "item": item,
            "state": state,
            "as_of": as_of,
            "rows": allocation.rows,
            "entries": item.entries.select_related("reverses").order_by("date", "id"),
            "revisions": item.revisions.all(),
            "can_manage": may_manage(request.user, item.program),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """One POST endpoint per agreement action: disburse, repay, reverse, revise, write_off."""
    item = _visible_agreement(request, pk)
    require_program(request.user, item.program)
    form_class = VERB_FORMS.get(verb)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise actions.LoanError(errors_text(form))
        data = form.cleaned_data
        on = data["date"]
        if verb == "disburse":
            actions.disburse_loan(request.user, item, on=on, reference=data["reference"])
        elif verb == "repay":
            actions.record_repayment(
                request.user, item, amount=data["amount"], on=on, reference=data["reference"]
            )
        elif verb == "reverse":
            entry = get_object_or_404(item.entries, pk=data["entry"])
            actions.reverse_entry(request.user, entry, reason=data["reason"], on=on)
        elif verb in {"reschedule", "restructure"}:
            actions.revise_loan(
                request.user,
                item,
                kind=verb,
                on=on,
                tenor_months=data["tenor_months"],
                reason=data["reason"],
                admin_fee_rate=data["admin_fee_rate"],
                waive_arrears_fee=data["waive_arrears_fee"],
            )
        else:
            actions.write_off(request.user, item, on=on, reason=data["reason"])
    except actions.LoanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("loans:agreement", pk=item.pk)


@login_required
@require_GET
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_agreement(request, pk)
    as_of = _as_of(request)
    state = state_of(item, as_of)
    rows = allocate(schedules_of([item.pk]).get(item.pk, []), state.paid).rows
    entries = list(item.entries.order_by("date", "id"))
    pdf = render_pdf("loans/statement.typ", statement_data(item, state, rows, entries, as_of))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{item.number}.pdf"'
    return response


def _pk(text: str | None) -> int:
    """A posted object id; anything else is no object (404), never a 500."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


def _loan_programs(request: HttpRequest):
    from sinergi.programs.models import Program

    return Program.objects.visible_to(request.user).filter(kind="loan")


@login_required
@require_http_methods(["GET", "POST"])
def bank_upload(request: HttpRequest) -> HttpResponse:
    require_manage(request.user)
    programs = _loan_programs(request)
    if request.method == "POST":
        program = get_object_or_404(programs, pk=_pk(request.POST.get("program")))
        require_program(request.user, program)
        upload = request.FILES.get("file")
        if upload is None or upload.size > MAX_UPLOAD:
            messages.error(request, _("Choose a CSV file of at most 10 MB."))
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                statement = import_statement(request.user, program, upload.name, text)
            except UnicodeDecodeError:
                messages.error(request, _("%(file)s is not UTF-8 text.") % {"file": upload.name})
            except (StatementRejected, actions.LoanError) as exc:
                messages.error(request, str(exc))
            else:
                return redirect("loans:bank_statement", pk=statement.pk)
    statements = BankStatement.objects.filter(program__in=programs).select_related("program")[:50]
    return render(
        request, "loans/bank_upload.html", {"programs": programs, "statements": statements}
    )


def _visible_statement(request: HttpRequest, pk: int) -> BankStatement:
    require_manage(request.user)
    statement = get_object_or_404(
        BankStatement.objects.filter(program__in=_loan_programs(request)), pk=pk
    )
    require_program(request.user, statement.program)
    return statement


@login_required
@require_GET
def bank_statement(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _visible_statement(request, pk)
    rows = list(statement.rows.select_related("agreement"))
    for row in rows:
        row.shown_description = _masked(row.description)
    matched = sum(1 for r in rows if r.entry_id)
    return render(
        request,
        "loans/bank_statement.html",
        {
            "statement": statement,
            "rows": rows,
            "matched": matched,
            "unmatched": [r for r in rows if not r.entry_id],
        },
    )


@login_required
@require_POST
def bank_match(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(BankRow.objects.select_related("statement"), pk=pk)
    statement = _visible_statement(request, row.statement_id)
    form = MatchForm(request.POST)
    number = form.cleaned_data["number"].strip() if form.is_valid() else ""
    agreements = LoanAgreement.objects.visible_to(request.user).filter(program=statement.program)
    agreement = agreements.filter(number__iexact=number).first() if number else None
    if agreement is None:
        messages.error(request, _("No loan with agreement number %(n)s.") % {"n": number})
    else:
        try:
            match_by_hand(request.user, row, agreement)
        except actions.LoanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Row %(row)s posted.") % {"row": row.row_number})
    return redirect("loans:bank_statement", pk=statement.pk)


@login_required
@require_POST
def apply(request: HttpRequest, business_pk: int) -> HttpResponse:
    """Enter a loan application for a business (from the business page)."""
    require_manage(request.user)
    from sinergi.registry.models import Business

    business = get_object_or_404(Business.objects.visible_to(request.user), pk=business_pk)
    # The program first: who may apply is decided before what was typed is read.
    program = get_object_or_404(_loan_programs(request), pk=_pk(request.POST.get("program")))
    require_program(request.user, program)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("registry:detail", pk=business.pk)
    data = form.cleaned_data
    try:
        actions.submit_application(
            request.user,
            program=program,
            business=business,
            amount=data["amount"],
            tenor_months=data["tenor_months"],
            purpose=data["purpose"],
        )
    except actions.LoanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Loan application saved."))
    return redirect("registry:detail", pk=business.pk)


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    from sinergi.loans.models import LoanApplication

    items = (
        LoanApplication.objects.visible_to(request.user)
        .filter(status="submitted")
        .select_related("business", "program")[:LIST_LIMIT]
    )
    return render(
        request,
        "loans/applications.html",
        {"items": items, "can_manage": can_manage(request.user), "today": timezone.localdate()},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (sign the agreement with its schedule) or reject an application."""
    require_manage(request.user)
    from sinergi.loans.models import LoanApplication

    application = get_object_or_404(LoanApplication.objects.visible_to(request.user), pk=pk)
    require_program(request.user, application.program)
    form = DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.LoanError(errors_text(form))
        data = form.cleaned_data
        if data["decision"] == "reject":
            actions.reject_application(request.user, application, data["note"])
            messages.success(request, _("Application rejected."))
            return redirect("loans:applications")
        agreement = actions.approve_application(
            request.user,
            application,
            principal=data["principal"],
            tenor_months=data["tenor_months"],
            admin_fee_rate=data["admin_fee_rate"],
            start_date=data["date"],
        )
    except actions.LoanError as exc:
        messages.error(request, str(exc))
        return redirect("loans:applications")
    messages.success(request, _("Agreement %(n)s signed.") % {"n": agreement.number})
    return redirect("loans:agreement", pk=agreement.pk)
