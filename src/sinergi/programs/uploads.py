"""Nominating a cycle's businesses from an uploaded list linked to the registry.

A regency sends a spreadsheet of proposed recipients (owner name, NIK, business name,
address, phone, maybe an amount). The officer uploads it into a draft cycle; every row
is linked to the registry with the engine intake uses, and only a row that matches one
business is nominated, through `actions.nominate` (so its rules hold here too).

Two steps, like intake: `create_upload` stores the file and guesses the column mapping
(shown with the first rows, to correct); `run_upload` checks every row, links the good
ones and stores one `NominationUploadRow` per data row.

Per row, in this order (each row gets exactly one outcome; nothing is dropped):
- bad: an empty row, a row with no name/NIK/NIB/phone, an amount cell that is not whole
  rupiah > 0, or no amount at all (empty amount cell and no default amount). The message
  names the file, the row and the column.
- matched: a valid 16-digit NIK carried by exactly one active registry business wins
  outright ("nik"); otherwise the engine's attach decision (>= the model's high
  threshold, `linkage.incremental.link_new`, "model"). The match is nominated, or
  refused with the reason: outside the uploader's region (the business is then not
  named), outside the program's region, already nominated (also by an earlier row of
  this file).
- doubtful: businesses at or above the low threshold (or several businesses sharing the
  NIK), kept with their probabilities for a person to choose (`nominate_candidate`).
- not found: nothing the uploader may see in the registry. Intake adds businesses; a
  nomination list never does.

Invariants: no SourceRecord or Business is created; the registry frame is the one intake
links against (`review.frames.registry_frame`, cached) and is only read. Everything a
run writes (nominations, rows, counts) commits together while the cycle row is locked,
so a submission cannot slip in between two rows and two runs into one cycle serialise.

Size: the run is synchronous. Linking is fast (the engine links 10k rows against 1M in
~16 s); each nomination is one `nominate` call (a few queries), so at most `MAX_ROWS`
rows per file keep the request within about a minute (docs/programs.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.models import Action
from sinergi.linkage import (
    ROW_ID,
    SOURCE_ROW,
    InputError,
    Thresholds,
    input_error,
    load_spec,
    read_table,
)
from sinergi.programs import actions
from sinergi.programs.models import (
    Cycle,
    CycleStatus,
    Nomination,
    NominationUpload,
    NominationUploadRow,
    NominationUploadStatus,
    UploadOutcome,
)
from sinergi.programs.permissions import require_program
from sinergi.programs.upload_rows import (
    Match,
    check_rows,
    column_mapping,
    guess,
    link_rows,
    mapping_value,
    shown_cells,
)
from sinergi.registry.models import Business

__all__ = [
    "MAX_ROWS",
    "InputError",
    "UploadError",
    "create_upload",
    "nominate_candidate",
    "run_upload",
    "shown_cells",
]

MAX_ROWS = 10_000
PREVIEW_ROWS = 10


class UploadError(Exception):
    """A refused upload step; one line, Bahasa Indonesia / English."""


# ------------------------------------------------------------------------- the verbs


def _require_draft(cycle: Cycle) -> None:
    if cycle.status != CycleStatus.DRAFT:
        raise UploadError("siklus bukan draf lagi / the cycle is no longer a draft")


def create_upload(user: Any, cycle: Cycle, name: str, chunks: Iterable[bytes]) -> NominationUpload:
    """Store the file as received, read it, guess the columns: an upload to check.

    Raises InputError (naming the file) when it cannot be read or is too long, and
    UploadError when the cycle is not a draft.
    """
    from sinergi.intake import storage

    require_program(user, cycle.program, "create_upload")
    _require_draft(cycle)
    path, content_hash, _size = storage.store_chunks(name, chunks)
    table = read_table(path)
    if table.frame.height > MAX_ROWS:
        raise input_error(
            path.name,
            f"{table.frame.height} baris; paling banyak {MAX_ROWS} per unggahan, bagi berkasnya",
            f"{table.frame.height} rows; at most {MAX_ROWS} per upload, split the file",
        )
    mapping, recognition = guess(table)
    upload = NominationUpload.objects.create(
        cycle=cycle,
        file_name=path.name,
        sheet=table.sheet or "",
        stored_path=str(path),
        content_hash=content_hash,
        headers=table.headers,
        numeric_columns=sorted(table.numeric_columns),
        mapping=mapping,
        recognition=recognition,
        preview=table.frame.head(PREVIEW_ROWS).select(table.headers).rows(),
        rows_total=table.frame.height,
        uploaded_by=user,
    )
    record(
        user,
        Action.CREATE,
        upload,
        changes={"file": {"new": upload.file_name}, "rows": {"new": upload.rows_total}},
    )
    return upload


def _visible_businesses(user: Any, ids: set[int]) -> dict[int, Business]:
    found: dict[int, Business] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        found.update(Business.objects.visible_to(user).in_bulk(chunk))
    return found


def run_upload(
    user: Any, upload: NominationUpload, chosen: dict[str, str], default_amount: int | None
) -> NominationUpload:
    """Check, link and nominate every row of a checked upload (module doc).

    `chosen` is the officer's mapping {header: field or "-"}. Raises InputError for a bad
    mapping or an unreadable file, UploadError when the upload already ran or the cycle
    is no longer a draft; nothing is written then.
    """
    # The review app owns the registry frame and the model; imported here, as intake does.
    from sinergi.review import frames
    from sinergi.review.actions import current_model

    require_program(user, upload.cycle.program, "run_upload")
    started = time.perf_counter()
    if upload.status != NominationUploadStatus.PREVIEW:
        raise UploadError("berkas ini sudah diproses / this file was already processed")
    if default_amount is not None and (
        isinstance(default_amount, bool)
        or not isinstance(default_amount, int)
        or default_amount < 1
    ):
        raise UploadError("nominal bawaan harus rupiah bulat > 0 / whole rupiah > 0 required")
    _require_draft(upload.cycle)
    table = read_table(upload.stored_path, upload.sheet or None)
    if table.headers != upload.headers or table.frame.height != upload.rows_total:
        raise UploadError(
            f"{upload.file_name}: isi berkas berubah sejak diunggah / "
            "the file changed since it was uploaded"
        )
    mapping = column_mapping(upload.file_name, table.headers, chosen)
    checked = check_rows(table, mapping, default_amount)
    lm = current_model()
    spec = load_spec()
    registry, _cached = frames.registry_frame(lm.version, spec)
    good = checked.good
    matches = link_rows(
        good, registry, lm.model, spec, Thresholds(lm.low_threshold, lm.high_threshold)
    )
    match_of_row = dict(zip(good[SOURCE_ROW].to_list(), good[ROW_ID].to_list(), strict=True))
    amount_of_row = dict(
        zip(checked.frame[SOURCE_ROW].to_list(), checked.frame["amount_idr"].to_list(), strict=True)
    )
    raws = table.frame.select(SOURCE_ROW, *table.headers).rows()

    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("program").get(pk=upload.cycle_id)
        _require_draft(cycle)
        upload = NominationUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != NominationUploadStatus.PREVIEW:
            raise UploadError("berkas ini sudah diproses / this file was already processed")
        ids = {m.business_id for m in matches.values() if m.business_id}
        ids |= {b for m in matches.values() for b, _p in m.candidates}
        visible = _visible_businesses(user, ids)
        first_row: dict[int, int] = {}
        rows: list[NominationUploadRow] = []
        for source_row, *cells in raws:
            row = NominationUploadRow(
                upload=upload,
                row_number=source_row,
                raw=dict(zip(table.headers, cells, strict=True)),
                notes=checked.notes.get(source_row, []),
                amount_idr=amount_of_row.get(source_row),
            )
            if source_row in checked.bad:
                row.outcome, row.message = UploadOutcome.BAD, checked.bad[source_row]
            else:
                match = matches[match_of_row[source_row]]
                _decide(user, cycle, row, match, visible, first_row)
            rows.append(row)
        NominationUploadRow.objects.bulk_create(rows, batch_size=1000)
        counts = {o.value: 0 for o in UploadOutcome}
        for row in rows:
            counts[row.outcome] += 1
        upload.mapping = {h: mapping_value(mapping, h) for h in table.headers}
        upload.default_amount_idr = default_amount
        upload.model_version = lm.version
        upload.nominated = counts[UploadOutcome.NOMINATED]
        upload.refused = counts[UploadOutcome.REFUSED]
        upload.doubtful = counts[UploadOutcome.DOUBTFUL]
        upload.not_found = counts[UploadOutcome.NOT_FOUND]
        upload.bad = counts[UploadOutcome.BAD]
        upload.status = NominationUploadStatus.DONE
        upload.run_by, upload.run_at = user, timezone.now()
        upload.seconds = round(time.perf_counter() - started, 2)
        upload.save()
        record(
            user,
            Action.UPDATE,
            upload,
            changes={
                "status": {"old": NominationUploadStatus.PREVIEW, "new": upload.status},
                "rows": {"new": len(rows)},
                **{k: {"new": v} for k, v in counts.items()},
                "model_version": {"new": lm.version},
            },
        )
    return upload


def _decide(
    user: Any,
    cycle: Cycle,
    row: NominationUploadRow,
    match: Match,
    visible: dict[int, Business],
    first_row: dict[int, int],
) -> None:
    """Set one linked row's outcome; nominate it when it matched one business."""
    row.matched_by, row.match_probability = match.matched_by, match.probability
    if match.business_id is None:
        shown = [(b, p) for b, p in match.candidates if b in visible]
        if shown:
            row.outcome = UploadOutcome.DOUBTFUL
            row.candidates = [{"business_id": b, "probability": p} for b, p in shown]
            row.message = (
                "cocok meragukan: pilih usaha yang benar atau abaikan / "
                "doubtful match: choose the right business or leave the row"
            )
        else:
            row.outcome = UploadOutcome.NOT_FOUND
            row.message = (
                "tidak ada di registri: impor dulu lewat menu Impor / "
                "not in the registry: import it through intake first"
            )
        return
    business = visible.get(match.business_id)
    if business is None:
        # Not named: the uploader may not see businesses outside their region.
        row.outcome = UploadOutcome.REFUSED
        row.message = (
            "usaha yang cocok berada di luar wilayah Anda / "
            "the matching business is outside your region"
        )
        return
    row.business = business
    if business.pk in first_row:
        n = first_row[business.pk]
        row.outcome = UploadOutcome.REFUSED
        row.message = (
            f"{business.name}: sudah dinominasikan dari baris {n} berkas ini / "
            f"already nominated from row {n} of this file"
        )
        return
    first_row[business.pk] = row.row_number
    try:
        row.nomination = actions.nominate(user, cycle, business, row.amount_idr)
    except actions.ProgramError as exc:
        row.outcome, row.message = UploadOutcome.REFUSED, str(exc)
    else:
        row.outcome = UploadOutcome.NOMINATED


def nominate_candidate(user: Any, row: NominationUploadRow, business_id: int) -> Nomination:
    """Nominate the business a person chose for a doubtful row (one of its candidates).

    The row keeps its outcome (what the run decided) and gains the business, the
    nomination and who chose it when. Raises UploadError / ProgramError with the reason.
    """
    require_program(user, row.upload.cycle.program, "nominate_candidate")
    with transaction.atomic():
        row = (
            NominationUploadRow.objects.select_for_update()
            .select_related("upload__cycle__program")
            .get(pk=row.pk)
        )
        if row.outcome != UploadOutcome.DOUBTFUL or row.nomination_id is not None:
            raise UploadError("baris ini sudah diputuskan / this row is already decided")
        if business_id not in {c["business_id"] for c in row.candidates}:
            raise UploadError("bukan kandidat baris ini / not a candidate of this row")
        business = Business.objects.visible_to(user).filter(pk=business_id).first()
        if business is None:
            raise PermissionDenied
        cycle = Cycle.objects.select_for_update().get(pk=row.upload.cycle_id)
        nomination = actions.nominate(user, cycle, business, row.amount_idr)
        row.business, row.nomination = business, nomination
        row.chosen_by, row.chosen_at = user, timezone.now()
        row.save(update_fields=["business", "nomination", "chosen_by", "chosen_at"])
        record(
            user,
            Action.UPDATE,
            row.upload,
            changes={"row": {"new": row.row_number}, "business": {"new": business.pk}},
        )
    return nomination
