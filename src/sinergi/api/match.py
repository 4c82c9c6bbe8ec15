"""/api/match: one record in, candidate businesses out (like FHIR `$match`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from sinergi.accounts.roles import permissions_for
from sinergi.api import linkage
from sinergi.api.schemas import Error, MatchIn, MatchOut
from sinergi.registry.models import Business

router = Router(tags=["match"])


@router.post("/match", response={200: MatchOut, 403: Error, 422: Error})
def match(request: HttpRequest, body: MatchIn) -> Any:
    """Score the record against the registry with the linkage model. Candidates are only
    businesses the token may see; a NIK in the record is used only by roles that may see
    NIKs (otherwise a token could test whether a NIK is registered)."""
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
    scored, thresholds, version = linkage.match_record(record)
    ids = [s.business_id for s in scored]
    visible = Business.objects.visible_to(request.user).select_related("owner").in_bulk(ids)
    prior, weights = linkage.field_weights(
        record, [visible[s.business_id] for s in scored if s.business_id in visible]
    )
    out = []
    for s in scored:
        business = visible.get(s.business_id)
        if business is None:
            continue
        grade = linkage.grade(s, thresholds)
        if body.only_certain and grade != "certain":
            continue
        fields = weights.get(s.business_id, [])
        total = prior + sum(w.weight for w in fields if w.weight is not None)
        out.append({
            "business_id": s.business_id, "name": business.name,
            "probability": s.probability, "grade": grade, "matched_by": s.matched_by,
            "match_weight": round(total, 3) if fields else None,
            "fields": linkage.field_reasons(fields),
            "reasons": linkage.reasons(s, record, business, fields),
        })  # fmt: skip
    return {"candidates": out, "model_version": version}
