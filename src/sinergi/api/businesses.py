"""/api/businesses and /api/persons: the registry, through the same querysets, forms and
verbs as the web (`Business.objects.visible_to`, `OwnerForm`/`BusinessForm`,
`registry.actions`). No logic of its own beyond shaping."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from sinergi.accounts.roles import permissions_for
from sinergi.api.schemas import (
    BusinessIn,
    BusinessOut,
    BusinessPage,
    BusinessPatch,
    Error,
    PersonOut,
)
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.core.masking import mask_email, mask_nik, mask_phone
from sinergi.registry import actions
from sinergi.registry.forms import BusinessForm, OwnerForm
from sinergi.registry.models import Business, Person

router = Router(tags=["registry"])
MAX_LIMIT = 100


class ListFilters(Schema):
    q: str = ""
    regency: str = ""
    district: str = ""
    status: str = "active"
    after: int = 0
    limit: int = 25


def _perms(request: HttpRequest) -> Any:
    perms = permissions_for(request.user)
    if not perms.view_registry:
        raise HttpError(403, "not allowed")
    return perms


def person_out(person: Person, full: bool) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "nik": person.nik if full else mask_nik(person.nik),
        "phone": person.phone if full else mask_phone(person.phone),
        "email": person.email if full else mask_email(person.email),
        "masked": not full,
    }


def business_out(item: Business, full: bool = False) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "owner": person_out(item.owner, full),
        "address": item.address,
        "village_code": item.village_code,
        "district_code": item.district_code,
        "regency_code": item.regency_code,
        "province_code": item.province_code,
        "sector": item.sector_id,
        "size_class": item.size_class,
        "nib": item.nib,
        "status": item.status,
        "covid_affected": item.covid_affected,
        "updated_at": item.updated_at,
    }


@router.get("/businesses", response={200: BusinessPage, 403: Error})
def list_businesses(request: HttpRequest, filters: Query[ListFilters]) -> Any:
    """Businesses in the token's scope, by id (keyset pages: pass `next_after` as `after`).
    Lists always mask NIK and phone; `q` searches as the registry list does."""
    perms = _perms(request)
    qs = Business.objects.visible_to(request.user)
    if filters.status in ("active", "inactive"):
        qs = qs.filter(status=filters.status)
    if filters.district:
        qs = qs.filter(district_code=filters.district)
    elif filters.regency:
        qs = qs.filter(regency_code=filters.regency)
    if filters.q.strip():
        qs = qs.search(filters.q, identifiers=perms.see_full_pii)
    limit = max(1, min(filters.limit, MAX_LIMIT))
    ids = list(
        qs.filter(pk__gt=max(filters.after, 0))
        .order_by("pk")
        .values_list("pk", flat=True)[: limit + 1]
    )
    more = len(ids) > limit
    ids = ids[:limit]
    # Only what `business_out` reads: the owner (sector and region are ids and codes).
    rows = Business.objects.select_related("owner").in_bulk(ids)
    return {
        "next_after": ids[-1] if more and ids else None,
        "items": [business_out(rows[i]) for i in ids],
    }


def _visible(request: HttpRequest, pk: int) -> Business:
    _perms(request)
    return get_object_or_404(Business.objects.visible_to(request.user).for_list(), pk=pk)


@router.get("/businesses/{pk}", response={200: BusinessOut, 403: Error, 404: Error})
def get_business(request: HttpRequest, pk: int) -> Any:
    """One business; the owner's NIK and phone are masked (read them at /persons/{id})."""
    return business_out(_visible(request, pk))


@router.get("/persons/{pk}", response={200: PersonOut, 403: Error, 404: Error})
def get_person(request: HttpRequest, pk: int) -> Any:
    """An owner of a business in scope: full NIK/phone/e-mail for roles that see them
    (the read is audited as on the web), masked for the others."""
    perms = _perms(request)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    full = perms.see_full_pii
    if full and (person.nik or person.phone or person.email):
        record(request.user, Action.VIEW_PII, person, fields=["nik", "phone", "email"],
               request=request)  # fmt: skip
    return person_out(person, full)


def _form_data(payload: dict[str, Any], village: str) -> dict[str, Any]:
    data = {k: ("" if v is None else v) for k, v in payload.items()}
    data.update(regency=village[:4], district=village[:6], village=village)
    data.setdefault("covid_affected", "unknown")
    return data


def _errors(*forms: Any) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for form in forms:
        for field, messages in form.errors.items():
            errors[field if field != "__all__" else "business"] = [str(m) for m in messages]
    return errors


@router.post("/businesses", response={201: BusinessOut, 403: Error, 422: Error})
def create_business(request: HttpRequest, body: BusinessIn) -> Any:
    """Register a business and its owner (validated by the web form's rules; audited)."""
    perms = _perms(request)
    if not perms.create_business:
        raise HttpError(403, "not allowed")
    payload = body.dict(exclude={"owner"})
    owner_form = OwnerForm(body.owner.dict())
    business_form = BusinessForm(_form_data(payload, body.village_code), scope=perms.scope)
    if not (owner_form.is_valid() & business_form.is_valid()):
        return Status(422, {"detail": _errors(owner_form, business_form)})
    item = actions.create_business(
        request.user,
        owner=owner_form.owner_data(),
        business=business_form.business_data(),
        request=request,
    )
    return Status(201, business_out(Business.objects.for_list().get(pk=item.pk)))


def _current(item: Business) -> dict[str, Any]:
    from django.forms.models import model_to_dict

    data = model_to_dict(item, fields=BusinessForm.Meta.fields)
    data["sector"] = item.sector_id or ""
    data["covid_affected"] = {True: "true", False: "false"}.get(item.covid_affected, "unknown")
    return data


@router.patch("/businesses/{pk}", response={200: BusinessOut, 403: Error, 404: Error, 422: Error})
def update_business(request: HttpRequest, pk: int, body: BusinessPatch) -> Any:
    """Change the given fields of a business (audited; the rest stays)."""
    perms = _perms(request)
    item = _visible(request, pk)
    if not perms.edit_business:
        raise HttpError(403, "not allowed")
    data = _current(item) | body.dict(exclude_unset=True)
    village = item.village_code
    business_form = BusinessForm(_form_data(data, village), instance=item, scope=perms.scope)
    owner = item.owner
    owner_form = OwnerForm(
        {"full_name": owner.full_name, "nik": owner.nik, "phone": owner.phone,
         "email": owner.email},
        instance=owner,
    )  # fmt: skip
    if not (owner_form.is_valid() & business_form.is_valid()):
        return Status(422, {"detail": _errors(owner_form, business_form)})
    actions.update_business(
        request.user,
        item,
        owner=owner_form.owner_data(),
        business=business_form.business_data(),
        request=request,
    )
    return business_out(Business.objects.for_list().get(pk=item.pk))
