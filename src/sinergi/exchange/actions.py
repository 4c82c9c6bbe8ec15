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
from sinergi.exchange.models import AgencyList, AgencyListStatus, EncodedExport
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
    from sinergi.linkage import ListFrame

    cols = ("owner_name", "nik", "business_name", "address", "village", "district", "regency",
            "phone")  # fmt: skip
    rows = []
    for n in noms:
        snap = n.snapshot or business_snapshot(n.business)
        rows.append([str(snap.get(c if c != "business_name" else "name") or "") for c in cols])
    frame = pl.DataFrame(rows, schema=dict.fromkeys(cols, pl.Utf8), orient="row")
    return ListFrame(name="nominasi", frame=frame)


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


@transaction.atomic
def receive_list(user: Any, cycle: Cycle, agency: str, data: bytes) -> AgencyList:
    """Keep another agency's encoded list and queue its match with our export made with
    the same key; ExchangeError when it is not an encoding or no such export exists."""
    from sinergi.linkage import InputError, pprl_read_encoded

    require_program(user, cycle.program, "receive_encoded")
    agency = agency.strip()
    if not agency:
        raise ExchangeError("nama instansi wajib diisi / the agency's name is required")
    with tempfile.TemporaryDirectory() as tmp:
        _unzip(data, Path(tmp))
        try:
            theirs = pprl_read_encoded(Path(tmp))
        except InputError:
            raise ExchangeError(
                "bukan berkas sandi `sinergi pprl encode` / not a `sinergi pprl encode` list"
            ) from None
    key_id = str(theirs.manifest.get("key_id", ""))
    export = EncodedExport.objects.filter(cycle=cycle, key_id=key_id).first()
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
