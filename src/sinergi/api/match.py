"""/api/match: one record in, candidate businesses out (like FHIR `$match`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from sinergi.accounts.roles import permissions_for
from sinergi.api import linkage
from sinergi.api.schemas import Error, MatchIn, MatchOut

router = Router(tags=["match"])


@router.post("/match", response={200: MatchOut, 403: Error, 422: Error})
def match(request: HttpRequest, body: MatchIn) -> Any:
    """Score the record against the registry with the linkage model (candidates from the
    blocking-key index, `api.linkage.match_record`). Candidates are only businesses the
    token may see; a NIK in the record is used only by roles that may see NIKs (otherwise
    a token could test whether a NIK is registered)."""
    perms = permissions_for(request.user)
    if not perms.view_registry:
        raise HttpError(403, "not allowed")
    record = body.dict(exclude={"only_certain"})
    if not perms.see_full_pii:
        record["nik"] = ""
    if not any(str(v).strip() for v in record.values()):
        return Status(
            422, {"detail": "give at least one of owner_name, business_name, nik, phone, nib"}
        )
    matched = linkage.match_record(request.user, record)
    out = []
    for s in matched.candidates:
        grade = linkage.grade(s, matched.thresholds)
        if body.only_certain and grade != "certain":
            continue
        out.append({
            "business_id": s.business_id, "name": s.business.name,
            "probability": s.probability, "grade": grade, "matched_by": s.matched_by,
            "match_weight": round(s.weight, 3) if s.fields else None,
            "fields": linkage.field_reasons(s.fields),
            "reasons": linkage.reasons(s, record, s.business, s.fields),
        })  # fmt: skip
    return {"candidates": out, "model_version": matched.model_version}
