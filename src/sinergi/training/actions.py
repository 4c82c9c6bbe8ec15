"""Verbs of training: every write of the app goes through one of these.

Each verb starts by asking `training.permissions` about ONE object (the event, cohort or
business), so pages, tests and any later API or CLI agree. Rules that live here once:
- no business registered twice for one event (also a database constraint);
- capacity: a registration beyond it goes to the waiting list; a cancellation moves the
  first of the waiting list up, in the same transaction, with the event row locked (two
  registrations racing for the last seat serialise on it);
- a business registered by staff must be visible to them (`Business.visible_to`) and lie
  in the event's region; an owner registers only their own business (`may_register_self`).
Attendance import, certificates and contacts have their own modules (`attendance`,
`certificates`, `contacts`) built on the same permissions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record
from sinergi.audit.events import (
    ConsentRecorded,
    TrainingInvited,
    TrainingRegistered,
    WaitingListMoved,
)
from sinergi.audit.models import Action
from sinergi.registry.models import Business
from sinergi.training.models import (
    Cohort,
    CohortMember,
    Consent,
    Event,
    EventPartner,
    EventStatus,
    Outcome,
    Prakerja,
    Registration,
    RegistrationStatus,
    Session,
    Source,
    Topic,
)
from sinergi.training.permissions import (
    may_grant,
    may_register_self,
    require_cohort,
    require_event,
    require_manage,
)

TARGET_FIELDS = ("regency", "district", "category", "size")


class TrainingError(Exception):
    """A refused training step; one line, Bahasa Indonesia / English."""


# ------------------------------------------------------------------------------ events


def add_topic(user: Any, name: str) -> Topic:
    require_manage(user)
    name = " ".join(name.split())
    if not name:
        raise TrainingError("nama topik kosong / empty topic name")
    topic, created = Topic.objects.get_or_create(name=name)
    if created:
        record(user, Action.CREATE, topic, changes={"name": (None, name)})
    return topic


def create_event(user: Any, **fields: Any) -> Event:
    """A new event owned by the actor's organisation (a system admin names any)."""
    require_manage(user)
    scope = scope_for(user)
    organisation = fields.pop("organisation", None)
    if organisation is None or not scope.perms.manage_any_program:
        if scope.organisation_id is None:
            raise NotAllowed("create_event")
        organisation_id = scope.organisation_id
    else:
        organisation_id = organisation.pk
    region = fields.get("region_scope", "") or ""
    if not scope.contains(region) and not scope.perms.manage_any_program:
        raise TrainingError("wilayah acara di luar wilayah Anda / event region outside yours")
    fields["target_filter"] = clean_target(fields.get("target_filter") or {})
    event = Event.objects.create(organisation_id=organisation_id, created_by=user, **fields)
    record(
        user,
        Action.CREATE,
        event,
        changes={"name": (None, event.name), "organisation": (None, organisation_id)},
    )
    return event


def set_status(user: Any, event: Event, status: str) -> Event:
    require_event(user, event)
    if status not in EventStatus.values:
        raise TrainingError("status tidak dikenal / unknown status")
    old = event.status
    event.status = status
    event.save(update_fields=["status"])
    record(user, Action.UPDATE, event, changes={"status": (old, status)})
    return event


def grant_partner(user: Any, event: Event, organisation: Any) -> EventPartner:
    if not may_grant(user, event):
        raise NotAllowed("grant_event_partner")
    if organisation.pk == event.organisation_id:
        raise TrainingError("penyelenggara sudah pemilik / the organiser already owns it")
    partner, created = EventPartner.objects.get_or_create(
        event=event, organisation=organisation, defaults={"granted_by": user}
    )
    if created:
        record(user, Action.UPDATE, event, changes={"partner": (None, organisation.pk)})
    return partner


def add_session(
    user: Any,
    event: Event,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    timezone_name: str = "Asia/Jakarta",
    min_minutes: int = 0,
) -> Session:
    require_event(user, event)
    if ends_at <= starts_at:
        raise TrainingError("sesi berakhir sebelum mulai / the session ends before it starts")
    session = Session.objects.create(
        event=event,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=timezone_name,
        min_minutes=min_minutes,
    )
    record(
        user, Action.CREATE, session, changes={"event": (None, event.pk), "title": (None, title)}
    )
    return session


# ------------------------------------------------------------------------ registration


def clean_target(target: dict[str, Any]) -> dict[str, str]:
    """Only the registry list's filter fields, as text (a saved filter is data)."""
    return {k: str(target[k]) for k in TARGET_FIELDS if target.get(k)}


def target_businesses(user: Any, event: Event):
    """Active businesses of the event's saved filter that `user` may see, in its region."""
    qs = Business.objects.visible_to(user).active().within(event.region_scope)
    target = event.target_filter or {}
    if target.get("district"):
        qs = qs.filter(district_code=target["district"])
    elif target.get("regency"):
        qs = qs.filter(regency_code=target["regency"])
    if target.get("category"):
        qs = qs.filter(sector__category=target["category"])
    if target.get("size"):
        qs = qs.filter(size_class=target["size"])
    return qs


def _in_region(event: Event, business: Business) -> bool:
    return (business.village_id or "").startswith(event.region_scope or "")


def _register_locked(
    user: Any, event: Event, business: Business, source: str
) -> tuple[Registration, str]:
    """Register under the event lock; returns (registration, 'registered'|'waiting'|'already')."""
    existing = (
        Registration.objects.select_for_update().filter(event=event, business=business).first()
    )
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing, "already"
    full = (
        event.capacity is not None
        and Registration.objects.filter(event=event).active().count() >= event.capacity
    )
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    now = timezone.now()
    if existing is not None:
        existing.status, existing.source, existing.queued_at = status, source, now
        existing.registered_by, existing.cancelled_at = user, None
        existing.save(
            update_fields=["status", "source", "queued_at", "registered_by", "cancelled_at"]
        )
        registration = existing
    else:
        registration = Registration.objects.create(
            event=event,
            business=business,
            status=status,
            source=source,
            queued_at=now,
            registered_by=user,
        )
    record(
        user,
        Action.CREATE,
        registration,
        event=TrainingRegistered(event=event.pk, source=source, status=status),
    )
    return registration, status


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def register(
    user: Any, event: Event, business: Business, source: str = Source.MANUAL
) -> Registration:
    """Register one business (staff: any visible business in the region; owner: own)."""
    if source == Source.SELF:
        if not may_register_self(user, event, business):
            raise NotAllowed("register_self")
    else:
        require_event(user, event, "register")
        if not Business.objects.visible_to(user).filter(pk=business.pk).exists():
            raise NotAllowed("register")
        if not _in_region(event, business):
            raise TrainingError(
                f"{business.name}: di luar wilayah acara / outside the event's region"
            )
    with transaction.atomic():
        event = _lock(event)
        if event.status != EventStatus.OPEN:
            raise TrainingError("pendaftaran ditutup / registration is closed")
        registration, outcome = _register_locked(user, event, business, source)
    if outcome == "already":
        raise TrainingError(
            f"{business.name}: sudah terdaftar di acara ini / already registered for this event"
        )
    return registration


def _register_many(user: Any, event: Event, businesses, source: str, cohort: int | None = None):
    counts = {"registered": 0, "waiting": 0, "already": 0}
    with transaction.atomic():
        event = _lock(event)
        if event.status != EventStatus.OPEN:
            raise TrainingError("pendaftaran ditutup / registration is closed")
        for business in businesses:
            _registration, outcome = _register_locked(user, event, business, source)
            counts[outcome] += 1
        record(
            user,
            Action.UPDATE,
            event,
            event=TrainingInvited(source=source, cohort=cohort, **counts),
        )
    return counts


def invite_target(user: Any, event: Event) -> dict[str, int]:
    """Register every business of the event's target group the actor may see."""
    require_event(user, event, "invite")
    if not event.target_filter and not event.region_scope:
        raise TrainingError("acara belum punya kelompok sasaran / the event has no target group")
    return _register_many(user, event, target_businesses(user, event).order_by("pk"), Source.TARGET)


def invite_cohort(user: Any, event: Event, cohort: Cohort) -> dict[str, int]:
    """Register every member of a cohort the actor may see and that lies in the region."""
    require_event(user, event, "invite")
    if not Cohort.objects.visible_to(user).filter(pk=cohort.pk).exists():
        raise NotAllowed("invite_cohort")
    members = (
        Business.objects.visible_to(user)
        .filter(cohort_memberships__cohort=cohort)
        .within(event.region_scope)
        .order_by("pk")
    )
    return _register_many(user, event, members, Source.COHORT, cohort=cohort.pk)


def cancel_registration(user: Any, registration: Registration) -> Registration | None:
    """Cancel; when that frees a seat, the first of the waiting list moves up (returned)."""
    event = registration.event
    own = Business.objects.visible_to(user).filter(pk=registration.business_id).exists()
    if not (scope_for(user).perms.register_own_business and own):
        require_event(user, event, "cancel")
    promoted = None
    with transaction.atomic():
        event = _lock(event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise TrainingError("pendaftaran sudah dibatalkan / already cancelled")
        old = registration.status
        registration.status, registration.cancelled_at = (
            RegistrationStatus.CANCELLED,
            timezone.now(),
        )
        registration.save(update_fields=["status", "cancelled_at"])
        record(user, Action.UPDATE, registration, changes={"status": (old, registration.status)})
        if old == RegistrationStatus.REGISTERED:
            promoted = _promote(user, event)
    return promoted


def _promote(user: Any, event: Event) -> Registration | None:
    seats = Registration.objects.filter(event=event).active().count()
    if event.capacity is not None and seats >= event.capacity:
        return None
    first = Registration.objects.select_for_update().filter(event=event).waiting().first()
    if first is not None:
        first.status = RegistrationStatus.REGISTERED
        first.save(update_fields=["status"])
    record(user, Action.UPDATE, event, event=WaitingListMoved(promoted=first.pk if first else None))
    return first


def set_outcome(
    user: Any, registration: Registration, outcome: str, score: Any = None
) -> Registration:
    require_event(user, registration.event, "set_outcome")
    if outcome not in Outcome.values:
        raise TrainingError("hasil tidak dikenal / unknown outcome")
    if registration.status != RegistrationStatus.REGISTERED:
        raise TrainingError("bukan peserta terdaftar / not a registered participant")
    if score is not None and not (0 <= score <= 100):
        raise TrainingError("nilai harus 0–100 / the score must be 0–100")
    old = (registration.outcome, registration.score)
    registration.outcome, registration.score = outcome, score
    registration.save(update_fields=["outcome", "score"])
    record(
        user,
        Action.UPDATE,
        registration,
        changes={"outcome": (old[0], outcome), "score": (old[1], score)},
    )
    return registration


# ------------------------------------------------------------------------------ cohorts


def create_cohort(user: Any, name: str, region_scope: str = "") -> Cohort:
    require_manage(user)
    scope = scope_for(user)
    if scope.organisation_id is None:
        raise NotAllowed("create_cohort")
    cohort = Cohort.objects.create(
        organisation_id=scope.organisation_id,
        name=name,
        region_scope=region_scope,
        created_by=user,
    )
    record(user, Action.CREATE, cohort, changes={"name": (None, name)})
    return cohort


def add_members(user: Any, cohort: Cohort, businesses) -> int:
    """Add businesses the actor may see (in the cohort's region); returns how many new."""
    require_cohort(user, cohort)
    visible = Business.objects.visible_to(user).within(cohort.region_scope)
    ids = list(visible.filter(pk__in=[b.pk for b in businesses]).values_list("pk", flat=True))
    if len(ids) != len({b.pk for b in businesses}):
        raise NotAllowed("add_members")
    existing = set(CohortMember.objects.filter(cohort=cohort).values_list("business_id", flat=True))
    new = [CohortMember(cohort=cohort, business_id=i) for i in ids if i not in existing]
    CohortMember.objects.bulk_create(new)
    record(
        user, Action.UPDATE, cohort, changes={"members": (len(existing), len(existing) + len(new))}
    )
    return len(new)


# ------------------------------------------------------------------------------ consent


def record_consent(
    user: Any,
    business: Business,
    *,
    given: bool,
    on: dt.date,
    source: str,
    purpose: str = "training",
) -> Consent:
    """Consent (or its withdrawal) of a business's owner, with date and source. Staff who
    may edit the business, or the owner themself, record it; audited."""
    perms = scope_for(user).perms
    if not (
        perms.edit_business and Business.objects.visible_to(user).filter(pk=business.pk).exists()
    ):
        raise NotAllowed("record_consent")
    source = " ".join((source or "").split())
    if not source:
        raise TrainingError("sumber persetujuan wajib diisi / the source is required")
    consent = Consent.objects.create(
        person_id=business.owner_id,
        purpose=purpose,
        given=given,
        on=on,
        source=source,
        recorded_by=user,
    )
    record(
        user,
        Action.UPDATE,
        business,
        event=ConsentRecorded(purpose=purpose, given=given, on=on.isoformat(), source=source),
    )
    return consent


def record_prakerja(user: Any, business: Business, status: str, on: dt.date) -> Prakerja:
    perms = scope_for(user).perms
    if not (
        perms.manage_training and Business.objects.visible_to(user).filter(pk=business.pk).exists()
    ):
        raise NotAllowed("record_prakerja")
    try:
        with transaction.atomic():
            row = Prakerja.objects.create(
                person_id=business.owner_id, status=status, on=on, recorded_by=user
            )
    except IntegrityError:
        raise TrainingError("langkah ini sudah dicatat / this step is already recorded") from None
    record(user, Action.CREATE, row, changes={"status": (None, status), "on": (None, on)})
    return row
