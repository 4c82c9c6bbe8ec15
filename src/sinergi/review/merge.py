"""Merge and split businesses, with per-field survivorship and an exact undo.

Survivorship: for each field in SURVIVOR_FIELDS the user picks which provider wins —
one of the businesses ("b:<id>", its current value) or one of their source records
("r:<id>", the value that row offers, see `linking.record_values`). Without a choice
the surviving business keeps its own value. The NIK choice carries sex and birth date
with it (they are derived from the NIK).

Invariants (see models.MergeOperation):
- Nothing is deleted by a merge: absorbed businesses become inactive, their source
  records and pending review pairs move to the survivor; `before`/`after` hold full
  snapshots, `moved` the records' old business and link status, `pairs` the pairs' old
  values. `undo_operation` puts exactly those back, and refuses when any of those
  businesses or owners changed since (undo the later change first), so an undo never
  overwrites someone else's work.
- A split moves some records of a business to a new business made from them; its undo
  moves them back and deletes that new business and its owner (nothing else points at
  them yet; if something does, it is deactivated instead).
- Every operation and undo leaves audit events: "merge"/"split"/"undo" on the
  businesses, plus UPDATE/CREATE/DEACTIVATE events for the field changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.actions import diff, record
from sinergi.audit.events import Merged, SplitOff, Undone
from sinergi.audit.models import Action
from sinergi.registry.actions import snapshot
from sinergi.registry.models import Business, Person, Status
from sinergi.review import keys, linking
from sinergi.review.models import MergeOperation, OperationKind, PairStatus, ReviewPair
from sinergi.review.querysets import can_review

SURVIVOR_FIELDS: tuple[tuple[str, Any], ...] = (
    ("business.name", _("Business name")),
    ("owner.full_name", _("Owner name")),
    ("owner.nik", _("NIK")),
    ("owner.phone", _("Phone")),
    ("owner.email", _("E-mail")),
    ("business.address", _("Street address")),
    ("business.rt_rw", _("RT/RW")),
    ("business.village_id", _("Village")),
    ("business.sector_id", _("Sector (KBLI 2020)")),
    ("business.nib", _("NIB")),
)
# Fields that travel with another field's choice.
COMPANIONS = {"owner.nik": ("owner.sex", "owner.birth_date")}


class MergeError(ValueError):
    """A merge, split or undo that cannot be done; the message is for the user."""


@dataclass(frozen=True)
class Option:
    key: str  # "b:<id>" | "r:<id>"
    value: Any
    provenance: str


def _value_of_business(business: Business, field: str) -> Any:
    scope, name = field.split(".", 1)
    obj = business.owner if scope == "owner" else business
    return getattr(obj, name)


def _records_of(businesses: list[Business]) -> list[Any]:
    from sinergi.intake.models import SourceRecord

    return list(
        SourceRecord.objects.filter(business__in=businesses)
        .select_related("file", "batch")
        .order_by("pk")
    )


def provenance_of_record(rec: Any) -> str:
    sheet = f" [{rec.sheet}]" if rec.sheet else ""
    who = rec.batch.uploaded_by_username or "—"
    when = timezone.localtime(rec.imported_at).strftime("%Y-%m-%d")
    return f"{rec.file.name}{sheet} #{rec.row_number} · batch {rec.batch_id} · {who} · {when}"


def options_for(businesses: list[Business]) -> dict[str, list[Option]]:
    """Every distinct value each field could take, with where it comes from.

    Businesses first (their current values), then records; a value offered twice is
    listed once, under its first provider.
    """
    records = _records_of(businesses)
    offered = [(r, linking.record_values(r)) for r in records]
    out: dict[str, list[Option]] = {}
    for field, _label in SURVIVOR_FIELDS:
        seen: set[str] = set()
        opts: list[Option] = []
        for b in businesses:
            v = _value_of_business(b, field)
            if v in (None, "") or str(v) in seen:
                continue
            seen.add(str(v))
            opts.append(
                Option(f"b:{b.pk}", v, f"{_('business')} #{b.pk} ({b.get_origin_display()})")
            )
        for rec, values in offered:
            v = values.get(field)
            if v in (None, "") or str(v) in seen:
                continue
            seen.add(str(v))
            opts.append(Option(f"r:{rec.pk}", v, provenance_of_record(rec)))
        out[field] = opts
    return out


def _resolve(choice: str, field: str, businesses: dict[int, Business], records: dict[int, Any]):
    kind, _sep, ident = choice.partition(":")
    if not ident.isdigit():
        raise MergeError(f"pilihan tidak dikenal / unknown choice {choice!r}")
    if kind == "b" and int(ident) in businesses:
        b = businesses[int(ident)]
        return {f: _value_of_business(b, f) for f in (field, *COMPANIONS.get(field, ()))}
    if kind == "r" and int(ident) in records:
        values = linking.record_values(records[int(ident)])
        return {f: values.get(f) for f in (field, *COMPANIONS.get(field, ()))}
    raise MergeError(f"pilihan bukan milik usaha ini / choice not from these businesses {choice}")


def _check_values(values: dict[str, Any]) -> None:
    from sinergi.regions.models import Region
    from sinergi.registry.models import Sector

    village = values.get("business.village_id")
    if village and not Region.objects.filter(code=village).exists():
        raise MergeError(f"kode desa tidak dikenal / unknown village code {village}")
    sector = values.get("business.sector_id")
    if sector and not Sector.objects.filter(code=sector).exists():
        raise MergeError(f"kode KBLI tidak dikenal / unknown KBLI code {sector}")


def _apply(business: Business, values: dict[str, Any]) -> None:
    for field, value in values.items():
        scope, name = field.split(".", 1)
        obj = business.owner if scope == "owner" else business
        if value is None and name not in (
            "village_id",
            "sector_id",
            "birth_date",
            "latitude",
            "longitude",
        ):
            value = ""
        setattr(obj, name, value)


def _state(businesses: list[Business]) -> dict[str, dict[str, Any]]:
    from sinergi.audit.actions import json_safe

    return {
        "business": {str(b.pk): json_safe(snapshot(b)) for b in businesses},
        "owner": {str(b.owner_id): json_safe(snapshot(b.owner)) for b in businesses},
    }


def _lock(ids: list[int]) -> dict[int, Business]:
    found = Business.objects.select_for_update().select_related("owner").filter(pk__in=ids)
    return {b.pk: b for b in found}


def _require(actor: Any, ids: list[int]) -> None:
    """The role reviews (`review_pairs`) and EVERY business involved lies in the actor's
    scope (those that no longer exist, e.g. removed by an undone split, excepted)."""
    if not can_review(actor):
        raise NotAllowed("review_pairs")
    existing = Business.objects.filter(pk__in=ids)
    if existing.exclude(pk__in=Business.objects.visible_to(actor).values("pk")).exists():
        raise NotAllowed("review_pairs")


def involved(op: MergeOperation) -> list[int]:
    """Every business a merge or split touched: the target, the others, and every one
    whose state it recorded before or after."""
    ids = {op.target_id, *(int(i) for i in op.others)}
    for state in (op.before, op.after):
        ids.update(int(k) for k in (state or {}).get("business", {}))
    return sorted(ids)


def require_operation(actor: Any, op: MergeOperation) -> None:
    """NotAllowed unless the actor may see every business `op` touched."""
    _require(actor, involved(op))


@transaction.atomic
def merge_businesses(
    actor: Any,
    survivor: Business,
    others: list[Business],
    *,
    choices: dict[str, str] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> MergeOperation:
    """Merge `others` into `survivor` (module doc). Returns the undoable operation."""
    from sinergi.intake.models import LinkStatus, SourceRecord

    ids = [survivor.pk, *[o.pk for o in others]]
    if not others or len(set(ids)) != len(ids):
        raise MergeError("pilih dua usaha atau lebih / choose two or more businesses")
    _require(actor, ids)
    locked = _lock(ids)
    survivor, others = locked[survivor.pk], [locked[o.pk] for o in others]
    if any(b.status != Status.ACTIVE for b in locked.values()):
        raise MergeError("hanya usaha aktif yang dapat digabung / only active businesses merge")
    before = _state(list(locked.values()))
    records = {r.pk: r for r in _records_of(list(locked.values()))}
    values: dict[str, Any] = {}
    for field, choice in (choices or {}).items():
        if choice and field in dict(SURVIVOR_FIELDS):
            values.update(_resolve(choice, field, locked, records))
    _check_values(values)
    _apply(survivor, values)
    owner_changes = diff(before["owner"][str(survivor.owner_id)], snapshot(survivor.owner))
    if owner_changes:
        survivor.owner.save()
        record(actor, Action.UPDATE, survivor.owner, changes=owner_changes, request=request)
    survivor.save()
    business_changes = diff(before["business"][str(survivor.pk)], snapshot(survivor))
    if business_changes:
        record(actor, Action.UPDATE, survivor, changes=business_changes, request=request)

    # Records that change: the absorbed businesses' rows, and the survivor's own rows
    # that were waiting for this review (they are now simply linked).
    affected = SourceRecord.objects.filter(
        Q(business__in=others) | Q(business=survivor, link_status=LinkStatus.REVIEW)
    ).order_by("pk")
    moved = {
        str(pk): [b, st] for pk, b, st in affected.values_list("pk", "business", "link_status")
    }
    SourceRecord.objects.filter(business__in=others).update(business=survivor)
    SourceRecord.objects.filter(
        pk__in=[int(k) for k in moved], link_status=LinkStatus.REVIEW
    ).update(link_status=LinkStatus.LINKED)
    for other in others:
        other.status = Status.INACTIVE
        other.save(update_fields=["status", "updated_at"])
        record(
            actor,
            Action.DEACTIVATE,
            other,
            changes={"status": {"old": Status.ACTIVE, "new": Status.INACTIVE}},
            request=request,
        )
    pairs = _repoint_pairs(survivor, others)
    op = MergeOperation.objects.create(
        kind=OperationKind.MERGE,
        target=survivor,
        others=[o.pk for o in others],
        before=before,
        after=_state(list(_lock(ids).values())),
        moved=moved,
        pairs=pairs,
        choices={f: {"from": c} for f, c in (choices or {}).items() if c},
        note=note,
        performed_by=actor,
    )
    for b in [survivor, *others]:
        record(actor, "merge", b, event=Merged(op.pk, survivor.pk), request=request)
    keys.refresh_keys(ids)
    return op


def _repoint_pairs(survivor: Business, others: list[Business]) -> dict[str, dict[str, Any]]:
    """Pending pairs of absorbed businesses now concern the survivor (module doc)."""
    other_ids = [o.pk for o in others]
    group = {survivor.pk, *other_ids}
    changed: dict[str, dict[str, Any]] = {}
    seen: set[tuple[int, int]] = set()
    qs = ReviewPair.objects.select_for_update().filter(
        Q(business_a__in=group) | Q(business_b__in=group), status=PairStatus.PENDING
    )
    for pair in qs.order_by("-match_probability", "pk"):
        old = {"business_a": pair.business_a_id, "business_b": pair.business_b_id,
               "status": pair.status}  # fmt: skip
        a = survivor.pk if pair.business_a_id in group else pair.business_a_id
        b = survivor.pk if pair.business_b_id in group else pair.business_b_id
        if a == b:
            pair.status = PairStatus.SAME
        elif (min(a, b), max(a, b)) in seen:
            pair.status = PairStatus.OBSOLETE
        else:
            seen.add((min(a, b), max(a, b)))
            if (a, b) == (pair.business_a_id, pair.business_b_id):
                continue
            pair.business_a_id, pair.business_b_id = a, b
        changed[str(pair.pk)] = old
        pair.save(update_fields=["business_a", "business_b", "status"])
    return changed


@transaction.atomic
def split_business(
    actor: Any,
    business: Business,
    record_ids: list[int],
    *,
    choices: dict[str, str] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> MergeOperation:
    """Move `record_ids` (rows of `business`) to a new business made from them."""
    from sinergi.intake.models import LinkStatus, SourceRecord
    from sinergi.regions.models import Region
    from sinergi.registry.models import Sector

    _require(actor, [business.pk])
    business = _lock([business.pk])[business.pk]
    rows = list(SourceRecord.objects.filter(business=business).order_by("pk"))
    chosen = [r for r in rows if r.pk in set(record_ids)]
    if not chosen or len(chosen) != len(set(record_ids)):
        raise MergeError("pilih baris sumber usaha ini / choose source rows of this business")
    if len(chosen) == len(rows):
        raise MergeError(
            "sisakan minimal satu baris pada usaha ini / leave at least one row on this business"
        )
    before = _state([business])
    offered = [linking.record_values(r) for r in chosen]
    villages = {o["business.village_id"] for o in offered if o["business.village_id"]}
    sectors = {o["business.sector_id"] for o in offered if o["business.sector_id"]}
    values = linking.group_values(
        chosen,
        set(Region.objects.filter(code__in=villages).values_list("code", flat=True)),
        set(Sector.objects.filter(code__in=sectors).values_list("code", flat=True)),
    )
    by_pk = {r.pk: r for r in chosen}
    for field, choice in (choices or {}).items():
        if choice and field in dict(SURVIVOR_FIELDS):
            values.update(_resolve(choice, field, {}, by_pk))
    _check_values(values)
    created = linking.create_businesses(actor, [values])[0]
    moved = {str(r.pk): [r.business_id, r.link_status] for r in chosen}
    SourceRecord.objects.filter(pk__in=[r.pk for r in chosen]).update(
        business=created, link_status=LinkStatus.CREATED
    )
    created = Business.objects.select_related("owner").get(pk=created.pk)
    op = MergeOperation.objects.create(
        kind=OperationKind.SPLIT,
        target=business,
        others=[created.pk],
        before=before,
        after=_state([business, created]),
        moved=moved,
        choices={f: {"from": c} for f, c in (choices or {}).items() if c},
        note=note,
        performed_by=actor,
    )
    for b in (business, created):
        record(actor, "split", b, event=SplitOff(op.pk, business.pk, sorted(by_pk)),
               request=request)  # fmt: skip
    keys.refresh_keys([business.pk, created.pk])
    return op


def _current(op: MergeOperation) -> dict[str, dict[str, Any]]:
    from sinergi.audit.actions import json_safe

    ids = [int(k) for k in op.after["business"]]
    people = [int(k) for k in op.after["owner"]]
    return {
        "business": {
            str(b.pk): json_safe(snapshot(b)) for b in Business.objects.filter(pk__in=ids)
        },
        "owner": {str(p.pk): json_safe(snapshot(p)) for p in Person.objects.filter(pk__in=people)},
    }


@transaction.atomic
def undo_operation(
    actor: Any, op: MergeOperation, *, request: HttpRequest | None = None
) -> MergeOperation:
    """Reverse a merge or split exactly (module doc)."""
    from sinergi.intake.models import SourceRecord

    op = MergeOperation.objects.select_for_update().get(pk=op.pk)
    ids = sorted({int(k) for k in op.after["business"]})
    require_operation(actor, op)
    if op.undone_at is not None:
        raise MergeError("sudah dibatalkan / already undone")
    _lock(ids)
    if _current(op) != op.after:
        raise MergeError(
            "usaha berubah sejak operasi ini; batalkan perubahan yang lebih baru dulu / "
            "the businesses changed since; undo the later change first"
        )
    for rec_id, (business_id, status) in op.moved.items():
        SourceRecord.objects.filter(pk=int(rec_id)).update(
            business_id=business_id, link_status=status
        )
    for pair_id, old in op.pairs.items():
        ReviewPair.objects.filter(pk=int(pair_id)).update(
            business_a_id=old["business_a"], business_b_id=old["business_b"], status=old["status"]
        )
    for person in Person.objects.filter(pk__in=[int(k) for k in op.before["owner"]]):
        _restore(actor, person, op.before["owner"][str(person.pk)], request)
    for item in Business.objects.filter(pk__in=[int(k) for k in op.before["business"]]):
        _restore(actor, item, op.before["business"][str(item.pk)], request)
    if op.kind == OperationKind.SPLIT:
        for created in Business.objects.select_related("owner").filter(pk__in=op.others):
            _remove_created(actor, created, request)
    op.undone_at, op.undone_by = timezone.now(), actor
    op.save(update_fields=["undone_at", "undone_by"])
    for b in Business.objects.filter(pk__in=ids):
        record(actor, "undo", b, event=Undone(op.pk, op.kind), request=request)
    keys.refresh_keys(ids)
    return op


def _restore(actor: Any, obj: Any, old: dict[str, Any], request: HttpRequest | None) -> None:
    from sinergi.audit.actions import json_safe

    now = json_safe(snapshot(obj))
    changes = diff(now, old)
    if not changes:
        return
    fields = obj._meta
    for attname, value in old.items():
        field = next(f for f in fields.concrete_fields if f.attname == attname)
        setattr(obj, attname, field.to_python(value) if value is not None else None)
    obj.save()
    action = (
        Action.REACTIVATE if changes.get("status", {}).get("new") == "active" else Action.UPDATE
    )
    record(actor, action, obj, changes=changes, request=request)


def _remove_created(actor: Any, created: Business, request: HttpRequest | None) -> None:
    """Delete a business a split created (and its owner); deactivate when referenced."""
    owner = created.owner
    try:
        with transaction.atomic():
            ReviewPair.objects.filter(Q(business_a=created) | Q(business_b=created)).delete()
            record(actor, "undo", created, event=Undone(deleted=True), request=request)
            created.delete()
            if not owner.businesses.exists():
                owner.delete()
    except ProtectedError:
        created.status = Status.INACTIVE
        created.save(update_fields=["status", "updated_at"])
        record(actor, Action.DEACTIVATE, created, request=request)
