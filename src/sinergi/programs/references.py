"""Reference lists (uploaded lists of other agencies) and the lines a cycle is screened
against: the cycle's own frozen nominations, the ledger of programs of the same kind in
the period, and the reference lists overlapping the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import models, transaction

from sinergi.accounts.scope import NotAllowed, scope_for
from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.core import jobs
from sinergi.programs.models import (
    RECEIVED_CATEGORIES,
    Cycle,
    Disbursement,
    Nomination,
    NominationStatus,
    ReferenceList,
    ReferenceListStatus,
    ReferenceRow,
)
from sinergi.programs.snapshots import business_snapshot
from sinergi.registry.models import Business


def screening_lines(cycle: Cycle, noms: list[Nomination] | None = None) -> dict[str, Any]:
    """The lines to screen; `noms` (the cycle's active nominations in id order, with their
    frozen snapshots) saves reading them again when the caller has them."""
    from sinergi.programs.screening import LEDGER_FILE, line_from_snapshot

    program = cycle.program
    kind = program.kind
    if noms is None:
        noms = list(cycle.nominations.filter(status=NominationStatus.ACTIVE).order_by("id"))
    proposed = [
        line_from_snapshot(f"nomination:{n.pk}", n.snapshot, n.amount_idr, kind) for n in noms
    ]
    # Ledger of programs of the same kind in the same period, net paid > 0.
    ledger = (
        Disbursement.objects.filter(program_kind=kind, period_key=program.period_key)
        .values("business_id", "program_id", "program__name")
        .annotate(net=models.Sum("amount_idr"))
        .filter(net__gt=0)
    )
    businesses = Business.objects.select_related("owner", "village__parent__parent").in_bulk(
        [row["business_id"] for row in ledger]
    )
    paid = []
    for row in ledger:
        snap = business_snapshot(businesses[row["business_id"]])
        line = line_from_snapshot(f"program:{row['program_id']}", snap, row["net"], kind)
        paid.append(replace(line, label=f"{row['program__name']}: {snap['name']}"))
    received: dict[str, list[Any]] = {LEDGER_FILE.removesuffix(".csv"): paid}
    exclude: dict[str, dict[str, list[Any]]] = {}
    # Only lists that were read: one being read has no rows yet (the page says so).
    lists = ReferenceList.objects.usable_by(program.organisation).filter(
        status=ReferenceListStatus.READY
    )
    lists = lists.filter(
        models.Q(period_start__isnull=True) | models.Q(period_start__lte=program.period_end),
        models.Q(period_end__isnull=True) | models.Q(period_end__gte=program.period_start),
    )
    for ref in lists:
        # values_list, not model instances: reference lists run to millions of rows.
        rows = [
            line_from_snapshot(
                f"reference:{ref.category}:{ref.pk}:{number}",
                {
                    "name": business_name,
                    "owner_name": owner_name,
                    "nik": nik,
                    "address": address,
                    "regency": regency,
                },
                None,
                "",
            )
            for number, business_name, owner_name, nik, address, regency in ref.rows.order_by(
                "row_number"
            ).values_list("row_number", "business_name", "owner_name", "nik", "address", "regency")
        ]
        stem = f"{ref.category}_{ref.pk}"
        if ref.category in RECEIVED_CATEGORIES:
            received[stem] = rows
        else:
            exclude.setdefault(ref.category, {})[stem] = rows
    return {"nominations": noms, "proposed": proposed, "received": received, "exclude": exclude}


REFERENCE_FIELDS = ("nik", "owner_name", "business_name", "address", "regency")


def _require_lists(user: Any, organisation: Any) -> None:
    scope = scope_for(user)
    own = getattr(organisation, "pk", None) == scope.organisation_id
    if not scope.perms.manage_programs or not (scope.perms.manage_any_program or own):
        raise NotAllowed("upload_reference_list")


def receive_reference_list(
    user: Any,
    *,
    organisation: Any,
    category: str,
    name: str,
    file_name: str,
    chunks: Iterable[bytes],
    period_start: date | None = None,
    period_end: date | None = None,
    shared: bool = False,
    read_in_worker: bool = True,
) -> ReferenceList:
    """Store the file as received and queue its reading: nothing is parsed here.

    The list is `reading` (never screened against) until the worker's
    `read_reference_list` keeps its rows and makes it `ready`, or ends it `unreadable`
    with the reader's message (file, row, column).
    """
    from sinergi.intake import storage

    _require_lists(user, organisation)
    path, _hash, _size = storage.store_chunks(file_name, chunks)
    with transaction.atomic():
        ref = ReferenceList.objects.create(
            organisation=organisation,
            category=category,
            name=name,
            file_name=path.name,
            stored_path=str(path),
            status=ReferenceListStatus.READING,
            period_start=period_start,
            period_end=period_end,
            shared=False,
            share_requested_by=user if shared else None,
            uploaded_by=user,
        )
        record(
            user,
            Action.CREATE,
            ref,
            changes={"file": {"new": ref.file_name}, "share_requested": {"new": shared}},
        )
        if read_in_worker:
            enqueue_read(ref.pk)
    return ref


def enqueue_read(list_id: int) -> None:
    from sinergi.programs.tasks import read_reference_list_task

    read_reference_list_task.enqueue(list_id)


def read_reference_list(list_id: int) -> str:
    """The worker's half: read the stored list and keep every row (`_keep_rows`)."""
    from sinergi.linkage import InputError

    kind = jobs.KINDS["programs.reference_read"]
    if not jobs.claim(kind, list_id, waiting=ReferenceListStatus.READING):
        return "not-claimed"
    ref = ReferenceList.objects.get(pk=list_id)
    try:
        with jobs.Heartbeat(lambda: jobs.beat(kind, list_id)):
            _keep_rows(ref)
    except (InputError, OSError, ValueError) as exc:
        ReferenceList.objects.filter(pk=list_id, status=ReferenceListStatus.READING).update(
            status=ReferenceListStatus.UNREADABLE, error=str(exc)[:2000], heartbeat_at=None
        )
        return ReferenceListStatus.UNREADABLE
    return ReferenceListStatus.READY


def upload_reference_list(
    user: Any,
    *,
    organisation: Any,
    category: str,
    name: str,
    path: str,
    period_start: date | None = None,
    period_end: date | None = None,
    shared: bool = False,
) -> ReferenceList:
    """Store and read a CSV/XLSX list at once (fixtures, demo, command line).

    Raises the engine's InputError (naming the file) when the file cannot be used; no
    list is kept then.
    """
    from pathlib import Path

    _require_lists(user, organisation)
    with transaction.atomic():
        ref = receive_reference_list(
            user,
            organisation=organisation,
            category=category,
            name=name,
            file_name=Path(path).name,
            chunks=[Path(path).read_bytes()],
            period_start=period_start,
            period_end=period_end,
            shared=shared,
            read_in_worker=False,
        )
        _keep_rows(ref)
        ref.refresh_from_db()
    return ref


@transaction.atomic
def _keep_rows(ref: ReferenceList) -> None:
    """Read the stored file (engine readers; NIKs stay text) and keep every row.

    Raises the engine's InputError (naming the file) when the file cannot be used."""
    from sinergi.linkage import read_table, recognise_table, require_identifying, to_canonical

    table = read_table(ref.stored_path)
    mapping = recognise_table(table, {})
    require_identifying(mapping, table.file)
    frame = to_canonical(table, mapping)
    ref.rows.all().delete()  # a re-run after a crash starts clean
    rows = []
    for i, row in enumerate(frame.iter_rows(named=True), start=1):
        values = {f: (row.get(f) or "").strip() for f in REFERENCE_FIELDS}
        rows.append(
            ReferenceRow(
                reference_list=ref,
                row_number=i,
                nik=values["nik"][:32],
                owner_name=values["owner_name"][:200],
                business_name=values["business_name"][:200],
                address=values["address"][:255],
                regency=values["regency"][:120],
                data={k: v for k, v in row.items() if isinstance(v, str) and v},
            )
        )
    ReferenceRow.objects.bulk_create(rows, batch_size=2000)
    ReferenceList.objects.filter(pk=ref.pk).update(
        rows_count=len(rows), status=ReferenceListStatus.READY, error="", heartbeat_at=None
    )
    record(ref.uploaded_by, Action.UPDATE, ref, changes={"rows": {"new": len(rows)}})


@transaction.atomic
def approve_sharing(user: Any, ref: ReferenceList) -> ReferenceList:
    """Share a list with every organisation, as its uploader asked. The approver is of
    another role than a manager (`approve_shared_lists`: a system admin) and not the one
    who asked: one person alone never exposes another agency's list to everyone."""
    ref = ReferenceList.objects.select_for_update().get(pk=ref.pk)
    scope = scope_for(user)
    if not scope.perms.approve_shared_lists or ref.share_requested_by_id in (None, user.pk):
        raise NotAllowed("approve_sharing")
    ref.shared, ref.share_approved_by = True, user
    ref.save(update_fields=["shared", "share_approved_by"])
    record(user, Action.UPDATE, ref, changes={"shared": {"old": False, "new": True}})
    return ref


@transaction.atomic
def withdraw_sharing(user: Any, ref: ReferenceList) -> ReferenceList:
    """Stop sharing a list (or drop the request): its organisation's managers or an
    approver. From then on only its own organisation screens against it."""
    ref = ReferenceList.objects.select_for_update().get(pk=ref.pk)
    scope = scope_for(user)
    own = scope.perms.manage_programs and scope.owns(ref)
    if not (own or scope.perms.approve_shared_lists):
        raise NotAllowed("withdraw_sharing")
    old = ref.shared
    ref.shared, ref.share_requested_by, ref.share_approved_by = False, None, None
    ref.save(update_fields=["shared", "share_requested_by", "share_approved_by"])
    record(user, Action.UPDATE, ref, changes={"shared": {"old": old, "new": False}})
    return ref
