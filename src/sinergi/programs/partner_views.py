"""Who else may manage a program (partner grants) and sharing reference lists: the pages
of the owner's managers and of the approvers. The rules are in the verbs
(`programs.partners`, `programs.references`); these views parse and call them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.programs import actions
from sinergi.programs.forms import PartnerForm
from sinergi.programs.models import ReferenceList
from sinergi.programs.permissions import may_grant, require_view
from sinergi.programs.views import _program, organisation_of


@login_required
@require_POST
def program_partners(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (or, with `remove`, end) a partner organisation's grant on the program."""
    from sinergi.programs.partners import grant_partner, remove_partner

    program = _program(request, pk)
    if not may_grant(request.user, program):
        raise PermissionDenied
    form = PartnerForm(request.POST, program=program)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation."))
    elif request.POST.get("remove"):
        remove_partner(request.user, program, form.cleaned_data["organisation"])
        messages.success(request, _("Partner removed."))
    else:
        try:
            grant_partner(request.user, program, form.cleaned_data["organisation"])
        except actions.ProgramError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Partner added."))
    return redirect("programs:detail", program.pk)


@login_required
@require_POST
def reference_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a requested share of a reference list, or withdraw sharing."""
    from sinergi.programs.references import approve_sharing, withdraw_sharing

    require_view(request.user)
    organisation = organisation_of(request.user)
    ref = get_object_or_404(ReferenceList.objects.for_page(request.user, organisation), pk=pk)
    if request.POST.get("action") == "approve":
        approve_sharing(request.user, ref)
        messages.success(request, _("The list is shared with every organisation."))
    else:
        withdraw_sharing(request.user, ref)
        messages.success(request, _("The list is no longer shared."))
    return redirect("programs:references")
