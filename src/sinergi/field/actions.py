"""The one write of the field app: receive a finished form from a phone, exactly once.

Three forms: a new business, a visit to a business the actor may see (`Visit`), and an
update of a business's own fields (the owner's identity is edited online only, where
showing the full NIK is audited).

`receive(actor, key, kind, data)`:
1. A key seen before: the stored answer, nothing created (the phone lost the first
   answer and sent again). A key first sent by another user is refused.
2. The typed values are checked by the registry's own forms (the same rules as the web
   form and file imports); a refusal names each field and stores nothing, so the phone
   keeps the form for the assistant to fix.
3. The duplicate warning (`review.duplicates.find_duplicates`) runs on the values; a
   candidate at or above the linkage model's review threshold puts the new business in
   the review queue beside it (a `ReviewPair`), so a business registered offline never
   silently becomes a second copy of one that exists.
4. An update carries the business's `version` (its `updated_at` when the form was
   opened): if the business changed since, it is refused (the assistant reopens the form
   online, checks, and sends again), so an offline edit never silently overwrites a
   newer one. It is applied once per key, like the others.
5. The submission row (unique key) and the business are written in one transaction:
   when two requests carry the same key at once, the database lets one insert win; the
   other rolls back and answers from the winner's row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, QueryDict

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed
from sinergi.field.models import Kind, Submission, SubmissionStatus

# Indonesia lies within these bounds (WGS84 degrees), with a margin for its outer islands.
LATITUDE = (-11.5, 6.5)
LONGITUDE = (94.5, 141.5)


class Invalid(Exception):
    """The typed values were refused; `errors` is {field name: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid")
        self.errors = errors


@dataclass(frozen=True)
class Received:
    submission: Submission
    repeat: bool


def parse_key(text: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(text))
    except (TypeError, ValueError, AttributeError):
        raise Invalid({"key": ["missing or not a UUID"]}) from None


def _coordinates(data: dict[str, Any]) -> tuple[float | None, float | None, dict]:
    lat, lng = data.get("latitude") or "", data.get("longitude") or ""
    if lat == "" and lng == "":
        return None, None, {}
    try:
        la, lo = float(lat), float(lng)
    except (TypeError, ValueError):
        return None, None, {"latitude": ["not a number"]}
    if not (LATITUDE[0] <= la <= LATITUDE[1] and LONGITUDE[0] <= lo <= LONGITUDE[1]):
        return None, None, {"latitude": ["outside Indonesia"]}
    return la, lo, {}


def _form_data(data: dict[str, Any]) -> QueryDict:
    form_data = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            form_data[name] = str(value)
    return form_data


def _validated(actor: Any, data: dict[str, Any]) -> tuple[dict, dict]:
    from sinergi.registry.forms import BusinessForm, OwnerForm

    form_data = _form_data(data)
    scope = permissions_for(actor).scope
    owner = OwnerForm(form_data, prefix="owner")
    business = BusinessForm(form_data, prefix="business", scope=scope)
    lat, lng, errors = _coordinates(data)
    if not (owner.is_valid() & business.is_valid()) or errors:
        for form in (owner, business):
            for name, messages in form.errors.items():
                errors[form.add_prefix(name) if name != "__all__" else name] = list(messages)
        raise Invalid(errors)
    business_data = business.business_data()
    if lat is not None:
        business_data.update(latitude=lat, longitude=lng)
    return owner.owner_data(), business_data


def _existing(actor: Any, key: uuid.UUID) -> Received | None:
    found = Submission.objects.filter(key=key).select_related("business").first()
    if found is None:
        return None
    if found.user_id != actor.pk:
        raise NotAllowed("field_submission_key")
    return Received(found, repeat=True)


def _queue_review(item: Any, candidate: Any) -> None:
    """A pending review pair: the new business beside the one it looks like."""
    from sinergi.review.actions import current_model
    from sinergi.review.models import ReviewPair

    ReviewPair.objects.create(
        business_a=item,
        business_b=candidate.business,
        linkage_model=current_model(),
        match_probability=candidate.probability,
        match_weight=candidate.weight,
        regency_code=item.regency_code or "",
    )


def _record_visit(
    actor: Any,
    key: uuid.UUID,
    data: dict[str, Any],
    finished_at: datetime | None,
    request: HttpRequest | None,
) -> Received:
    """A visit to a business the actor may see; once per key, like a new business."""
    from sinergi.audit.actions import diff, record
    from sinergi.audit.models import Action
    from sinergi.field.forms import VisitForm
    from sinergi.registry.actions import snapshot
    from sinergi.registry.models import Business

    pk = str(data.get("business") or "")
    business = Business.objects.visible_to(actor).filter(pk=pk).first() if pk.isdigit() else None
    form_data = QueryDict(mutable=True)
    for name in ("visited_on", "purpose", "notes"):
        if isinstance(data.get(name), str):
            form_data[name] = data[name]
    form = VisitForm(form_data)
    lat, lng, errors = _coordinates(data)
    if business is None:
        errors["business"] = ["not found"]
    if not form.is_valid() or errors:
        errors.update({name: list(messages) for name, messages in form.errors.items()})
        raise Invalid(errors)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                key=key,
                user=actor,
                kind=Kind.VISIT,
                status=SubmissionStatus.RECORDED,
                business=business,
                payload=data,
                finished_on_phone_at=finished_at,
            )
            visit = form.save(commit=False)
            visit.business, visit.user, visit.submission = business, actor, submission
            visit.latitude, visit.longitude = lat, lng
            visit.save()
            record(actor, Action.CREATE, visit, changes=diff({}, snapshot(visit)), request=request)
    except IntegrityError:
        seen = _existing(actor, key)
        if seen is None:
            raise
        return seen
    return Received(submission, repeat=False)


def _record_update(
    actor: Any,
    key: uuid.UUID,
    data: dict[str, Any],
    finished_at: datetime | None,
    request: HttpRequest | None,
) -> Received:
    """The business fields of a business the actor may see and edit; once per key."""
    from django.utils.translation import gettext as _

    from sinergi.registry import actions as registry
    from sinergi.registry.forms import BusinessForm
    from sinergi.registry.models import Business

    if not permissions_for(actor).edit_business:
        raise NotAllowed("edit_business")
    pk = str(data.get("business") or "")
    item = Business.objects.visible_to(actor).filter(pk=pk).first() if pk.isdigit() else None
    if item is None:
        raise Invalid({"business": ["not found"]})
    if str(data.get("version") or "") != item.updated_at.isoformat():
        raise Invalid(
            {
                "__all__": [
                    _(
                        "This business was changed after you opened the form. Open the "
                        "form again while online, check the values and send it again."
                    )
                ]
            }
        )
    form = BusinessForm(
        _form_data(data), prefix="business", instance=item, scope=permissions_for(actor).scope
    )
    lat, lng, errors = _coordinates(data)
    if not form.is_valid() or errors:
        for name, messages in form.errors.items():
            errors[form.add_prefix(name) if name != "__all__" else name] = list(messages)
        raise Invalid(errors)
    business_data = form.business_data()
    if lat is not None:
        business_data.update(latitude=lat, longitude=lng)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                key=key,
                user=actor,
                kind=Kind.UPDATE_BUSINESS,
                status=SubmissionStatus.UPDATED,
                business=item,
                payload=data,
                finished_on_phone_at=finished_at,
            )
            registry.update_business(actor, item, owner={}, business=business_data, request=request)
    except IntegrityError:
        seen = _existing(actor, key)
        if seen is None:
            raise
        return seen
    return Received(submission, repeat=False)


def receive(
    actor: Any,
    key: Any,
    data: dict[str, Any],
    *,
    kind: str = Kind.NEW_BUSINESS,
    finished_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Received:
    """Create the business a phone sent, once per key; see the module docstring."""
    from sinergi.registry import actions as registry
    from sinergi.review.actions import current_model
    from sinergi.review.duplicates import find_duplicates, values_from_form

    if not permissions_for(actor).create_business:
        raise NotAllowed("create_business")
    key = parse_key(key)
    if kind not in Kind.values:
        raise Invalid({"kind": [f"unknown form {kind!r}"]})
    seen = _existing(actor, key)
    if seen is not None:
        return seen
    if kind == Kind.VISIT:
        return _record_visit(actor, key, data, finished_at, request)
    if kind == Kind.UPDATE_BUSINESS:
        return _record_update(actor, key, data, finished_at, request)
    owner, business = _validated(actor, data)
    low = current_model().low_threshold
    likely = [c for c in find_duplicates(actor, values_from_form(data)) if c.probability >= low]
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                key=key,
                user=actor,
                kind=kind,
                status=SubmissionStatus.CREATED,
                payload=data,
                finished_on_phone_at=finished_at,
            )
            item = registry.create_business(actor, owner=owner, business=business, request=request)
            submission.business = item
            if likely:
                _queue_review(item, likely[0])
                submission.status = SubmissionStatus.IN_REVIEW
                submission.looks_like = likely[0].business
            submission.save(update_fields=["business", "status", "looks_like"])
    except IntegrityError:
        # The same key arrived at the same moment and its transaction won.
        seen = _existing(actor, key)
        if seen is None:
            raise
        return seen
    return Received(submission, repeat=False)
