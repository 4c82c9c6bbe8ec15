"""Membership pages: programs, one program's year with reminders, payment, receipt PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.loans.pdf import render as render_pdf
from sinergi.loans.pdf import tanggal
from sinergi.loans.permissions import can_view
from sinergi.memberships import actions
from sinergi.memberships.forms import EnrolForm, FeeForm, PaymentForm, YearForm, errors_text
from sinergi.memberships.models import MembershipPeriod, MembershipPlan
from sinergi.memberships.reminders import reminders
from sinergi.programs.permissions import may_manage, require_program


def _programs(request: HttpRequest):
    from sinergi.programs.models import Program

    if not can_view(request.user):
        raise PermissionDenied
    return Program.objects.visible_to(request.user).filter(kind="membership")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    programs = _programs(request).select_related("membership_plan")
    return render(request, "memberships/index.html", {"programs": programs})


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
@require_GET
def program(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_programs(request), pk=pk)
    year = _year(request)
    periods = MembershipPeriod.objects.visible_to(request.user).filter(program=item)
    today = timezone.localdate()
    rows = periods.values_list("business_id", "year", "paid_at")
    due = reminders(((b, y, paid_at is not None) for b, y, paid_at in rows), today)
    from sinergi.registry.models import Business

    names = Business.objects.select_related("owner").in_bulk([r.business_id for r in due])
    return render(
        request,
        "memberships/program.html",
        {
            "item": item,
            "plan": MembershipPlan.objects.filter(program=item).first(),
            "year": year,
            "periods": periods.filter(year=year).select_related("business__owner"),
            "reminders": [(r, names.get(r.business_id)) for r in due],
            "can_manage": may_manage(request.user, item),
            "today": today,
        },
    )


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_programs(request), pk=pk)
    require_program(request.user, item)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("memberships:program", pk=item.pk)
    year = form.cleaned_data["year"]
    try:
        opened = actions.renew_all(request.user, item, year)
    except actions.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s membership years opened.") % {"n": opened})
    return redirect(f"{reverse('memberships:program', args=[item.pk])}?year={year}")


@login_required
@require_POST
def enrol(request: HttpRequest, business_pk: int) -> HttpResponse:
    from sinergi.registry.models import Business

    business = get_object_or_404(Business.objects.visible_to(request.user), pk=business_pk)
    # The program first: who may enrol is decided before what was typed is read.
    program_pk = (request.POST.get("program") or "").strip()
    item = get_object_or_404(
        _programs(request),
        pk=int(program_pk) if program_pk.isdigit() and len(program_pk) < 19 else 0,
    )
    require_program(request.user, item)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("registry:detail", pk=business.pk)
    try:
        actions.open_year(request.user, item, business, form.cleaned_data["year"])
    except actions.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Membership year opened."))
    return redirect("registry:detail", pk=business.pk)


def _period(request: HttpRequest, pk: int) -> MembershipPeriod:
    if not can_view(request.user):
        raise PermissionDenied
    queryset = MembershipPeriod.objects.visible_to(request.user).select_related(
        "business__owner", "program__organisation"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_POST
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require_program(request.user, period.program)
    form = PaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.MembershipError(errors_text(form))
        actions.record_payment(
            request.user,
            period,
            amount=form.cleaned_data["amount"],
            on=form.cleaned_data["date"],
            reference=form.cleaned_data["reference"],
        )
    except actions.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Payment recorded."))
    return redirect(
        f"{reverse('memberships:program', args=[period.program_id])}?year={period.year}"
    )


@login_required
@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    if period.paid_at is None:
        raise PermissionDenied
    from sinergi.core.formatting import rupiah

    data = {
        "organisation": str(period.program.organisation),
        "program": str(period.program),
        "number": period.receipt_number,
        "business": period.business.name,
        "owner": period.business.owner.full_name,
        "year": str(period.year),
        "amount": rupiah(period.paid_amount),
        "paid_at": tanggal(period.paid_at),
        "reference": period.payment_reference or "—",
    }
    pdf = render_pdf("memberships/receipt.typ", data)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kuitansi-{period.receipt_number}.pdf"'
    return response


@login_required
@require_POST
def set_fee(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the program's yearly fee (applies to years opened from now on)."""
    item = get_object_or_404(_programs(request), pk=pk)
    require_program(request.user, item)
    form = FeeForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.MembershipError(errors_text(form))
        actions.set_plan(request.user, item, form.cleaned_data["fee"])
    except actions.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("memberships:program", pk=item.pk)
