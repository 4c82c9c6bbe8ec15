"""/api/programs: programs and their disbursements, as `Program.objects.visible_to`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from sinergi.accounts.roles import permissions_for
from sinergi.api.schemas import DisbursementOut, Error, ProgramOut
from sinergi.programs.models import Disbursement, Program
from sinergi.registry.models import Business

router = Router(tags=["programs"])


def _programs(request: HttpRequest) -> Any:
    if not permissions_for(request.user).view_programs:
        raise HttpError(403, "not allowed")
    return Program.objects.visible_to(request.user).select_related("organisation")


def program_out(p: Program) -> dict[str, Any]:
    return {
        "id": p.pk, "name": p.name, "kind": p.kind, "organisation": str(p.organisation),
        "region_scope": p.region_scope, "budget_idr": p.budget_idr, "status": p.status,
    }  # fmt: skip


@router.get("/programs", response={200: list[ProgramOut], 403: Error})
def list_programs(request: HttpRequest) -> Any:
    return [program_out(p) for p in _programs(request).order_by("pk")[:500]]


@router.get(
    "/programs/{pk}/disbursements", response={200: list[DisbursementOut], 403: Error, 404: Error}
)
def list_disbursements(request: HttpRequest, pk: int) -> Any:
    """The program's ledger lines for businesses the token may see (newest first)."""
    program = get_object_or_404(_programs(request), pk=pk)
    rows = (
        Disbursement.objects.filter(
            program=program, business__in=Business.objects.visible_to(request.user)
        )
        .order_by("-pk")
        .values("id", "program_id", "business_id", "amount_idr")[:1000]
    )
    return list(rows)
