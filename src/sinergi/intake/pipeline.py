"""Running an import: claim the batch, store its rows chunk by chunk, link, finish.

Crash safety (the invariant the tests kill the worker to check): every chunk is one
transaction that (1) advances `SourceFile.rows_done` from the value this run read to the
chunk's end with a conditional update, (2) stores the chunk's records and problems, and
(3) adds the chunk's counts to the batch. A crash anywhere rolls back all three, so a
re-run starts at `rows_done` and every input row ends up stored exactly once. Two workers
on one batch cannot both store a chunk: the second one's conditional update matches no
row and it stops. The unique (file, sheet, row_number) constraint is the last guard.

Claiming follows the house habit: `filter(id=..., status=queued).update(status=running)`;
a running batch whose heartbeat is older than `core.jobs.STALE_SECONDS` (its worker died)
can be claimed again, and a running worker hands it back to the queue (`requeue_stale`).
While a run holds the batch a heartbeat thread refreshes `heartbeat_at` (`core.jobs`).
On SIGTERM (`sinergi worker`) the run stops after the chunk it is storing and puts the
batch back on the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import polars as pl
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sinergi.core import jobs
from sinergi.intake import parsed, writer
from sinergi.intake.models import BatchStatus, ImportBatch, LinkStatus, SourceFile, SourceRecord
from sinergi.intake.transform import ChunkResult, chunk_rows, mapping_of, table_frames
from sinergi.linkage import CANONICAL_FIELDS, InputError, RawTable, detect_numeric_nik_files

log = logging.getLogger(__name__)

CHUNK_ROWS = 50_000
FIRST_CHUNK_ROWS = 10_000
STALE_SECONDS = jobs.STALE_SECONDS
LINK_CHUNK = 20_000


class ChunkTakenOver(Exception):
    """Another worker stored this chunk first; this run stops without writing."""


# Test seam: called after each committed chunk with the number of chunks this run stored.
after_chunk: Callable[[int], None] | None = None


def claim(batch_id: int, *, stale_seconds: int | None = None) -> bool:
    """Take the batch for this worker; True when this call won it."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=jobs.stale_seconds(stale_seconds))
    won = (
        ImportBatch.objects.filter(id=batch_id)
        .filter(
            Q(status=BatchStatus.QUEUED)
            | Q(status=BatchStatus.RUNNING, heartbeat_at__lt=stale)
            | Q(status=BatchStatus.RUNNING, heartbeat_at__isnull=True)
        )
        .update(status=BatchStatus.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1)
    )
    if won:
        ImportBatch.objects.filter(id=batch_id, started_at__isnull=True).update(started_at=now)
    return bool(won)


def _beat(batch_id: int) -> None:
    ImportBatch.objects.filter(id=batch_id, status=BatchStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def run_import(
    batch_id: int, *, chunk_rows_count: int | None = None, stale_seconds: int | None = None
) -> str:
    """Import a queued batch (or resume it); returns the final status.

    Exceptions from bad data end the batch as failed with the message; anything that kills
    the process leaves it running until its heartbeat goes stale and it is claimed again.
    Returns "not-claimed" when a live worker holds the batch or it is not waiting.
    """
    if not claim(batch_id, stale_seconds=stale_seconds):
        return "not-claimed"
    if chunk_rows_count is None:
        from django.conf import settings

        chunk_rows_count = getattr(settings, "SINERGI_IMPORT_CHUNK_ROWS", CHUNK_ROWS)
    with jobs.Heartbeat(lambda: _beat(batch_id)):
        return _run_claimed(batch_id, chunk_rows_count)


def _run_claimed(batch_id: int, chunk_rows_count: int) -> str:
    batch = ImportBatch.objects.select_related("source").get(id=batch_id)
    try:
        outcome = _import_rows(batch, chunk_rows_count)
        if outcome in (BatchStatus.CANCELLED, BatchStatus.QUEUED):
            return outcome
        _discard_parsed(batch)
        if batch.link_after_import:
            _link(batch)
    except (InputError, ChunkTakenOver, ValueError, OSError) as exc:
        return _fail(batch, exc)
    except Exception as exc:  # a bug must still end the job visibly, not hang it
        log.exception("import batch %s failed", batch_id)
        return _fail(batch, exc)
    ImportBatch.objects.filter(id=batch_id).update(
        status=BatchStatus.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )
    return BatchStatus.DONE


def _fail(batch: ImportBatch, exc: BaseException) -> str:
    ImportBatch.objects.filter(id=batch.id).update(
        status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
    )
    return BatchStatus.FAILED


class _BatchRows:
    """The rows of all files of a batch as one sequence in file order, built as chunks need them.

    Files are normalised together (in chunks that may span files) because the engine's
    fixed cost per call is large next to a small regency file. Every file is read (its kept
    table, or the file) and checked before anything is stored, so a changed file fails the
    batch at once; a file's frame (raw JSON, canonical columns) is built only when a chunk
    reaches it, so the first chunk is stored sooner, and dropped once passed.
    """

    def __init__(self, batch: ImportBatch) -> None:
        self.files = list(batch.files.order_by("position", "id"))
        self.height = sum(f.rows_total for f in self.files)
        # Files judged Excel-damaged (numeric NIK column): ids as text, like source_file.
        self.numeric: set[str] = set()
        # Canonical fields each file has no column for (their problems are not the rows').
        self.absent: dict[int, frozenset[str]] = {}
        self._tables: dict[int, RawTable] = {}
        self._frames: dict[int, pl.DataFrame] = {}
        for source_file in self.files:
            table = parsed.read_source(
                Path(source_file.stored_path),
                source_file.sheet,
                content_hash=source_file.content_hash,
                header_row=source_file.header_row,
                headers=source_file.headers,
                rows=source_file.rows_total,
            )
            if table.frame.height != source_file.rows_total:
                raise InputError(
                    f"{source_file.name}: isi berkas berubah sejak diunggah / "
                    "the file changed since it was uploaded"
                )
            if source_file.rows_done < source_file.rows_total:
                self._tables[source_file.id] = table

    def _frame(self, source_file: SourceFile) -> pl.DataFrame:
        frame = self._frames.get(source_file.id)
        if frame is None:
            table = self._tables.pop(source_file.id)
            mapping = mapping_of(source_file.mapping, table.headers)
            frame = table_frames(table, mapping, source_file.id, source_file.sheet)
            self.absent[source_file.id] = frozenset(CANONICAL_FIELDS) - set(mapping.fields)
            if mapping.fields.get("nik") in table.numeric_columns:
                self.numeric.add(str(source_file.id))
            # Excel damage is judged over the whole file, not per chunk.
            self.numeric |= detect_numeric_nik_files(frame)
            self._frames[source_file.id] = frame
        return frame

    def slice(self, start: int, size: int) -> pl.DataFrame:
        """Rows start..start+size of the batch (fewer at its end)."""
        segments = _segments(self.files, start, start + size)
        touched = {f.id for f, _first, _last in segments}
        for file_id in [i for i in self._frames if i not in touched]:
            del self._frames[file_id]  # passed: every later slice starts after it
        parts = [self._frame(f).slice(first, last - first) for f, first, last in segments]
        return pl.concat(parts, how="vertical")


def _discard_parsed(batch: ImportBatch) -> None:
    """Every row is stored: the tables kept at upload are not needed any more."""
    for source_file in batch.files.all():
        parsed.discard(Path(source_file.stored_path), source_file.sheet)


def _segments(files: list[SourceFile], start: int, end: int) -> list[tuple[SourceFile, int, int]]:
    """(file, first row done before, last row after) for each file the slice start..end touches."""
    out = []
    offset = 0
    for f in files:
        lo, hi = max(start, offset), min(end, offset + f.rows_total)
        if lo < hi:
            out.append((f, lo - offset, hi - offset))
        offset += f.rows_total
    return out


def _store_chunk(
    batch_id: int,
    result: ChunkResult,
    prepared: writer.Prepared,
    segments: list[tuple[SourceFile, int, int]],
) -> None:
    """One chunk, one transaction: advance the cursors, store rows and problems, count."""
    with transaction.atomic():
        for source_file, first, last in segments:
            moved = SourceFile.objects.filter(id=source_file.id, rows_done=first).update(
                rows_done=last
            )
            if not moved:
                raise ChunkTakenOver(
                    f"{source_file.name}: baris {first + 1}-{last} sudah disimpan proses "
                    "lain / rows already stored by another worker"
                )
        writer.write_records(prepared)
        writer.write_problems(
            prepared, [(f.id, f.sheet, first + 1, last) for f, first, last in segments]
        )
        ImportBatch.objects.filter(id=batch_id).update(
            rows_read=F("rows_read") + result.rows,
            rows_valid=F("rows_valid") + (result.rows - result.rows_with_problems),
            rows_with_problems=F("rows_with_problems") + result.rows_with_problems,
            rows_out_of_scope=F("rows_out_of_scope") + result.rows_out_of_scope,
            heartbeat_at=timezone.now(),
        )


class _InlineStore:
    """Stores each chunk before the next is normalised (SQLite, tests)."""

    def submit(self, *args: object) -> None:
        _store_chunk(*args)  # type: ignore[arg-type]

    def wait(self) -> None:
        pass

    def close(self) -> None:
        pass


class _ThreadStore:
    """Stores chunk k in a thread (its own connection) while chunk k+1 is normalised.

    On PostgreSQL most of the storing happens in the server process, so the two overlap
    on two cores. At most one chunk is in flight and chunks commit in order, so the
    cursor invariant is the same as inline; an error in the thread surfaces at `wait`.
    """

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-store")
        self._pending: Future[None] | None = None

    def submit(self, *args: object) -> None:
        self.wait()
        self._pending = self._pool.submit(_store_chunk, *args)

    def wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        # The thread keeps one connection for all its chunks (a new server process per
        # chunk would start with cold caches); it is closed here, in the thread that owns it.
        from django.db import connection

        self._pool.submit(connection.close)
        self._pool.shutdown(wait=True)


def _store() -> _InlineStore | _ThreadStore:
    from django.conf import settings
    from django.db import connection

    threaded = getattr(settings, "INTAKE_STORE_IN_THREAD", True)
    if threaded and connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _ThreadStore()
    return _InlineStore()


def _import_rows(batch: ImportBatch, size: int) -> str:
    rows = _BatchRows(batch)
    files = rows.files
    # Files are stored in order, so what is done is a prefix of the batch's rows.
    start = sum(f.rows_done for f in files)
    stored = 0
    store = _store()
    try:
        while start < rows.height:
            if jobs.STOP.is_set():
                store.wait()
                _hand_back(batch.id)
                return BatchStatus.QUEUED
            if _cancel_requested(batch.id):
                store.wait()
                ImportBatch.objects.filter(id=batch.id).update(
                    status=BatchStatus.CANCELLED, finished_at=timezone.now()
                )
                return BatchStatus.CANCELLED
            # A small first chunk gets the storing thread going sooner; it is the slower side.
            part = rows.slice(start, min(size, FIRST_CHUNK_ROWS) if stored == 0 else size)
            end = start + part.height
            result = chunk_rows(part, batch.scope_code, rows.numeric, rows.absent)
            # Encoded here, while the storing thread is busy with the previous chunk.
            prepared = writer.prepare(
                result.records, result.problems, batch_id=batch.id, now=timezone.now()
            )
            store.submit(batch.id, result, prepared, _segments(files, start, end))
            if after_chunk is not None:
                store.wait()
                after_chunk(stored + 1)
            start = end
            stored += 1
        store.wait()
    finally:
        store.close()
    return BatchStatus.RUNNING


def _cancel_requested(batch_id: int) -> bool:
    return ImportBatch.objects.filter(id=batch_id, cancel_requested=True).exists()


def link_records_function() -> Callable[..., object] | None:
    """The review app's `link_records`, when that app is installed; else None."""
    from django.apps import apps

    if not apps.is_installed("sinergi.review"):
        return None
    from importlib import import_module

    return getattr(import_module("sinergi.review.actions"), "link_records", None)


def _link(batch: ImportBatch) -> None:
    """Hand the batch's pending rows to the review app's linker, when it exists.

    Without it, rows stay `pending` and a later run links them. A linking failure does not
    undo the import: the rows are stored; the batch ends done with the error shown.
    """
    link = link_records_function()
    if link is None:
        return
    ImportBatch.objects.filter(id=batch.id).update(heartbeat_at=timezone.now())
    ids = list(
        SourceRecord.objects.filter(batch=batch, link_status=LinkStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)
    )
    try:
        if ids:
            link(ids, user=batch.uploaded_by)
    except Exception as exc:  # the rows are safe; report and let a later run link them
        log.exception("linking batch %s failed", batch.id)
        # The first line is the message; engines append pages of SQL after it.
        lines = str(exc).strip().splitlines()
        reason = lines[0][:300] if lines else type(exc).__name__
        ImportBatch.objects.filter(id=batch.id).update(
            error=f"Penautan ke registri gagal / linking into the registry failed: {reason}"
        )
        return
    linked = SourceRecord.objects.filter(batch=batch, business__isnull=False).count()
    ImportBatch.objects.filter(id=batch.id).update(rows_linked=linked)


def _hand_back(batch_id: int) -> None:
    """The worker is stopping (SIGTERM): the batch goes back to the queue as it stands."""
    from sinergi.intake.actions import enqueue

    moved = ImportBatch.objects.filter(id=batch_id, status=BatchStatus.RUNNING).update(
        status=BatchStatus.QUEUED, heartbeat_at=None
    )
    if moved:
        enqueue(batch_id)
        log.warning("import batch %s handed back to the queue (worker stopping)", batch_id)


def requeue_stale(stale_seconds: int | None = None) -> list[int]:
    """Queue again every import whose worker stopped sending heartbeats (`core.jobs`).

    A running `sinergi worker` scans every `jobs.SCAN_SECONDS`, so a killed worker's
    import resumes by itself whenever (and whether) that worker is restarted.
    """
    return jobs.requeue_stale(stale_seconds).get("intake.import", [])
