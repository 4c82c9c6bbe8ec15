"""Verbs of the exchange: export a cycle encoded, receive another agency's encoding, match.

Each verb checks the actor against the cycle's program (`require_program`: the role
table's manage_programs for that one program) before touching anything, and is audited
with a typed event (`audit.events.EncodedExported`, `EncodedReceived`).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from sinergi.audit.actions import record
from sinergi.audit.events import EncodedExported, EncodedReceived
from sinergi.audit.models import Action
from sinergi.exchange.models import AgencyList, AgencyListStatus, EncodedExport, ExportStatus
from sinergi.programs.models import (
    Cycle,
    Finding,
    FindingStatus,
    Nomination,
    NominationStatus,
)
from sinergi.programs.permissions import require_program
from sinergi.programs.snapshots import business_snapshot

REASON = "RECEIVED_FROM_AGENCY"
# Fields a registry line carries; the other agency encodes the same (agreed) subset.
FIELDS = ("owner_name", "birth_date", "business_name", "address")
_ENCODED, _MANIFEST = "encoded.parquet", "manifest.json"


class ExchangeError(Exception):
    """A request that cannot be done (bad key file, not an encoding, no export): one line."""


def _frame(noms: list[Nomination]) -> Any:
    return _snapshot_frame([n.snapshot or business_snapshot(n.business) for n in noms])


def _snapshot_frame(snaps: list[dict[str, Any]], name: str = "nominasi") -> Any:
    from sinergi.linkage import ListFrame

    cols = ("owner_name", "nik", "business_name", "address", "village", "district", "regency",
            "phone")  # fmt: skip
    rows = [[str(s.get(c if c != "business_name" else "name") or "") for c in cols] for s in snaps]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(cols, pl.Utf8), orient="row")
    return ListFrame(name=name, frame=frame)


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in (_ENCODED, _MANIFEST):
            z.write(folder / name, name)
    return buf.getvalue()


# What an uploaded zip may unpack to (a 1 M-record encoding is ~200 MB).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def _unzip(data: bytes, folder: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(z.getinfo(n).file_size for n in (_ENCODED, _MANIFEST)) > MAX_UNPACKED_BYTES:
                raise ExchangeError(
                    "berkas sandi terlalu besar setelah dibuka / the encoded list is too "
                    "large once unpacked"
                )
            for name in (_ENCODED, _MANIFEST):
                (folder / name).write_bytes(z.read(name))
    except (zipfile.BadZipFile, KeyError):
        raise ExchangeError(
            "bukan berkas sandi (zip berisi encoded.parquet dan manifest.json) / not an "
            "encoded list (a zip holding encoded.parquet and manifest.json)"
        ) from None


@transaction.atomic
def export_cycle(
    user: Any, cycle: Cycle, key_text: str, fields: list[str], block_level: str
) -> EncodedExport:
    """Encode the cycle's active nominations with the shared key (in memory, not stored)."""
    from sinergi.linkage import InputError, pprl_encode, pprl_parse_key, pprl_write_encoded

    require_program(user, cycle.program, "export_encoded")
    noms = list(
        cycle.nominations.filter(status=NominationStatus.ACTIVE)
        .select_related("business__owner", "business__village__parent__parent")
        .order_by("id")
    )
    if not noms:
        raise ExchangeError("belum ada nominasi / no nominations yet")
    try:
        key = pprl_parse_key(key_text, "kunci / key")
        encoded = pprl_encode([_frame(noms)], key, block_level, None, fields)
    except (InputError, ValueError) as exc:
        raise ExchangeError(str(exc)) from None
    with tempfile.TemporaryDirectory() as tmp:
        pprl_write_encoded(encoded, Path(tmp))
        data = _zip(Path(tmp))
    export = EncodedExport.objects.create(
        cycle=cycle,
        key_id=encoded.manifest["key_id"],
        fields=list(encoded.manifest["clk_fields"]),
        block_level=block_level,
        records=len(noms),
        nominations=[n.pk for n in noms],
        encoded=data,
        created_by=user,
    )
    record(
        user,
        Action.EXPORT,
        export,
        event=EncodedExported(len(noms), export.key_id, export.fields, block_level),
    )
    return export


def _read_upload(data: bytes) -> Any:
    from sinergi.linkage import InputError, pprl_read_encoded

    with tempfile.TemporaryDirectory() as tmp:
        _unzip(data, Path(tmp))
        try:
            return pprl_read_encoded(Path(tmp))
        except InputError:
            raise ExchangeError(
                "bukan berkas sandi `sinergi pprl encode` / not a `sinergi pprl encode` list"
            ) from None


@transaction.atomic
def receive_list(user: Any, cycle: Cycle, agency: str, data: bytes) -> AgencyList:
    """Keep another agency's encoded list and queue its match with our export made with
    the same key; ExchangeError when it is not an encoding or no such export exists."""
    require_program(user, cycle.program, "receive_encoded")
    agency = agency.strip()
    if not agency:
        raise ExchangeError("nama instansi wajib diisi / the agency's name is required")
    theirs = _read_upload(data)
    key_id = str(theirs.manifest.get("key_id", ""))
    export = EncodedExport.objects.filter(
        cycle=cycle, key_id=key_id, status=ExportStatus.DONE
    ).first()
    if export is None:
        raise ExchangeError(
            "belum ada ekspor siklus ini dengan kunci yang sama / no export of this cycle "
            "was made with the same key"
        )
    received = AgencyList.objects.create(
        export=export,
        agency=agency[:200],
        records=theirs.frame.height,
        encoded=data,
        uploaded_by=user,
    )
    record(
        user,
        Action.CREATE,
        received,
        event=EncodedReceived(received.agency, received.records, key_id),
    )
    from sinergi.exchange.tasks import match_task

    transaction.on_commit(lambda: match_task.enqueue(received.pk))
    return received


def run_match(received_id: int) -> str:
    """The worker's job: match, then one open finding per matched nomination (re-runnable:
    a nomination that already has this list's finding gets no second one)."""
    from sinergi.linkage import InputError, pprl_match, pprl_read_encoded

    claimed = AgencyList.objects.filter(
        pk=received_id, status__in=[AgencyListStatus.QUEUED, AgencyListStatus.RUNNING]
    ).update(status=AgencyListStatus.RUNNING)
    if not claimed:
        return "skipped"
    received = AgencyList.objects.select_related("export").get(pk=received_id)
    export = received.export
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ours, theirs = Path(tmp, "ours"), Path(tmp, "theirs")
            ours.mkdir()
            theirs.mkdir()
            _unzip(bytes(export.encoded), ours)
            _unzip(bytes(received.encoded), theirs)
            result = pprl_match(
                pprl_read_encoded(ours), pprl_read_encoded(theirs), names=("ours", "theirs")
            )
    except (InputError, ExchangeError) as exc:
        AgencyList.objects.filter(pk=received_id).update(
            status=AgencyListStatus.FAILED, error=str(exc)[:2000]
        )
        return "failed"
    best: dict[int, tuple[float, str, int]] = {}
    for rec, row, score, agreed in result.pairs.select(
        "a_rec", "b_row", "score", "agreed"
    ).iter_rows():
        if rec not in best or score > best[rec][0]:
            best[rec] = (score, agreed, row)
    if export.cycle_id is None:
        # the registry: the overlap is a list of our businesses (shown per reader's scope)
        matched = [[export.businesses[rec], round(sc, 4), ag, row]
                   for rec, (sc, ag, row) in sorted(best.items())]  # fmt: skip
        AgencyList.objects.filter(pk=received_id).update(
            status=AgencyListStatus.DONE,
            pairs=result.pairs.height,
            matched=matched,
            findings=len(matched),
        )
        return "done"
    related = f"agency:{received.pk}"
    with transaction.atomic():
        ids = [export.nominations[rec] for rec in best]
        # a line removed since the export gets no finding
        noms = Nomination.objects.filter(status=NominationStatus.ACTIVE).in_bulk(ids)
        have = set(
            Finding.objects.filter(
                nomination_id__in=ids, reason=REASON, related=related
            ).values_list("nomination_id", flat=True)
        )
        findings = [
            Finding(
                nomination=noms[export.nominations[rec]],
                reason=REASON,
                related=related,
                probability=score,
                evidence=agreed,
                message_id=f"Diterima dari instansi lain: {received.agency} (baris {row})",
                message_en=f"Received from another agency: {received.agency} (row {row})",
                status=FindingStatus.OPEN,
            )
            for rec, (score, agreed, row) in sorted(best.items())
            if export.nominations[rec] in noms and export.nominations[rec] not in have
        ]
        Finding.objects.bulk_create(findings)
        AgencyList.objects.filter(pk=received_id).update(
            status=AgencyListStatus.DONE, pairs=result.pairs.height, findings=len(findings)
        )
    return "done"


# --- the registry (issue 17): an encoded copy of the businesses within the officer's region


def require_registry_exchange(user: Any) -> Any:
    """The actor may exchange the registry of their region (role table: exchange_registry)."""
    from sinergi.accounts.scope import scope_for

    scope = scope_for(user)
    scope.require(scope.perms.exchange_registry, "exchange_registry")
    return scope


def registry_exports_for(user: Any) -> Any:
    """Registry exports lying inside the user's region (made by them or by an officer of a
    region inside theirs); nothing for a user who may not exchange the registry."""
    from sinergi.accounts.scope import scope_for

    scope = scope_for(user)
    if not scope.perms.exchange_registry:
        return EncodedExport.objects.none()
    qs = EncodedExport.objects.filter(cycle__isnull=True)
    return qs.filter(region__startswith=scope.region) if scope.region else qs


def registry_overlaps_for(user: Any) -> Any:
    """Registry exports whose region overlaps the user's: their received lists' overlap
    may be read (counts, and the matched businesses inside the reader's own region), as
    a regency officer reads what the province's exchange found in that regency."""
    from django.db.models import Q

    from sinergi.accounts.scope import scope_for

    scope = scope_for(user)
    if not scope.perms.exchange_registry:
        return EncodedExport.objects.none()
    region = scope.region
    wider = [region[:k] for k in (0, 2, 4, 6) if k < len(region)]
    return EncodedExport.objects.filter(cycle__isnull=True).filter(
        Q(region__startswith=region) | Q(region__in=wider)
    )


def _registry_businesses(region: str) -> list[Any]:
    from sinergi.registry.models import Business

    return list(
        Business.objects.within(region)
        .active()
        .select_related("owner", "village__parent__parent")
        .order_by("id")
    )


def _encode_registry(export: EncodedExport, key_text: str) -> None:
    """Encode the active businesses of `export.region` into `export` (not saved)."""
    from sinergi.linkage import InputError, pprl_encode, pprl_parse_key, pprl_write_encoded

    businesses = _registry_businesses(export.region)
    if not businesses:
        raise ExchangeError("tidak ada usaha aktif di wilayah ini / no active business here")
    try:
        key = pprl_parse_key(key_text, "kunci / key")
        frame = _snapshot_frame([business_snapshot(b) for b in businesses], "registri")
        encoded = pprl_encode([frame], key, export.block_level, None, list(export.fields))
    except (InputError, ValueError) as exc:
        raise ExchangeError(str(exc)) from None
    with tempfile.TemporaryDirectory() as tmp:
        pprl_write_encoded(encoded, Path(tmp))
        export.encoded = _zip(Path(tmp))
    export.key_id = encoded.manifest["key_id"]
    export.fields = list(encoded.manifest["clk_fields"])
    export.records = len(businesses)
    export.businesses = [b.pk for b in businesses]


def export_registry(user: Any, key_text: str, fields: list[str], block_level: str) -> EncodedExport:
    """An encoded copy of the active registry within the user's region. Up to
    settings.EXCHANGE_REGISTRY_INLINE_MAX businesses it is made in the request (the key
    is never stored); above, the worker makes it (the key waits in `pending_key` until
    the job erases it)."""
    from django.conf import settings

    from sinergi.audit.events import RegistryEncodedExported
    from sinergi.linkage import InputError, pprl_key_id, pprl_parse_key
    from sinergi.registry.models import Business

    scope = require_registry_exchange(user)
    if len(set(fields)) < 2:  # no field alone in a filter (frequency attacks)
        raise ExchangeError("pilih minimal dua kolom / choose at least two fields")
    try:
        key = pprl_parse_key(key_text, "kunci / key")  # a bad key is refused now
    except (InputError, ValueError) as exc:
        raise ExchangeError(str(exc)) from None
    count = Business.objects.within(scope.region).active().count()
    if not count:
        raise ExchangeError("tidak ada usaha aktif di wilayah ini / no active business here")
    export = EncodedExport(
        cycle=None,
        region=scope.region,
        fields=list(fields),
        block_level=block_level,
        records=count,
        encoded=b"",
        created_by=user,
        key_id=pprl_key_id(key),
    )
    in_worker = count > getattr(settings, "EXCHANGE_REGISTRY_INLINE_MAX", 5000)
    with transaction.atomic():
        if in_worker:
            export.status = ExportStatus.QUEUED
            export.pending_key = key_text
            export.save()
            from sinergi.exchange.tasks import registry_export_task

            transaction.on_commit(lambda: registry_export_task.enqueue(export.pk))
        else:
            _encode_registry(export, key_text)
            export.save()
        record(
            user,
            Action.EXPORT,
            export,
            event=RegistryEncodedExported(
                scope.region, count, export.key_id, list(export.fields), block_level, in_worker
            ),
        )
    return export


def run_registry_export(export_id: int) -> str:
    """The worker's job for a large registry export; the key is erased whatever happens."""
    claimed = EncodedExport.objects.filter(
        pk=export_id, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).update(status=ExportStatus.RUNNING)
    if not claimed:
        return "skipped"
    export = EncodedExport.objects.get(pk=export_id)
    key_text, export.pending_key = export.pending_key, ""
    try:
        _encode_registry(export, key_text)
    except ExchangeError as exc:
        EncodedExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(exc)[:2000], pending_key=""
        )
        return "failed"
    except BaseException:  # a crash must not leave the key behind either
        EncodedExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error="internal error", pending_key=""
        )
        raise
    export.status = ExportStatus.DONE
    export.save()
    return "done"


@transaction.atomic
def receive_for_registry(user: Any, agency: str, data: bytes) -> AgencyList:
    """Another agency's encoded list, queued to match the newest registry export inside
    the user's region made with the same key."""
    require_registry_exchange(user)
    agency = agency.strip()
    if not agency:
        raise ExchangeError("nama instansi wajib diisi / the agency's name is required")
    theirs = _read_upload(data)
    key_id = str(theirs.manifest.get("key_id", ""))
    export = (
        registry_exports_for(user)
        .filter(key_id=key_id, status=ExportStatus.DONE)
        .order_by("-created_at", "-id")
        .first()
    )
    if export is None:
        raise ExchangeError(
            "belum ada ekspor registri dengan kunci yang sama / no registry export was made "
            "with the same key"
        )
    received = AgencyList.objects.create(
        export=export, agency=agency[:200], records=theirs.frame.height, encoded=data,
        uploaded_by=user,
    )  # fmt: skip
    record(
        user,
        Action.CREATE,
        received,
        event=EncodedReceived(received.agency, received.records, key_id),
    )
    from sinergi.exchange.tasks import match_task

    transaction.on_commit(lambda: match_task.enqueue(received.pk))
    return received
