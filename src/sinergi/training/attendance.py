"""Importing attendance of one session: a Zoom participant report or a signed sheet.

The request only stores the file (`receive_attendance`); the worker (`read_attendance`,
`training.file_jobs`) reads it (`attendance_files`), matches its people to the event's
registered participants (`matching`), and stores, in one transaction:
- one `AttendanceLine` per person (their raw lines kept, reconnects together) with the
  outcome: matched, ambiguous (candidates listed) or unmatched — the review list;
- `Attendance` per matched registration: the minutes of ALL people matched to it
  (union of intervals, so one owner on two devices is not counted twice), and `present`
  when they reach the session's rule (`Session.min_minutes`).
A review line is resolved by `choose_line` (one of its candidates, or for an unmatched
line any registered participant), which recomputes that registration's minutes.
Importing the same session again replaces the minutes of the registrations it matches
(a later, fuller report wins); earlier imports stay as they were, with their lines.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.events import AttendanceImported
from sinergi.audit.models import Action
from sinergi.training import attendance_files as files
from sinergi.training import file_jobs
from sinergi.training.actions import TrainingError
from sinergi.training.engine import InputError, read_table
from sinergi.training.matching import MATCHED, Registrant, match_people
from sinergi.training.models import (
    Attendance,
    AttendanceImport,
    AttendanceKind,
    AttendanceLine,
    FileStatus,
    LineOutcome,
    Registration,
    Session,
)
from sinergi.training.permissions import require_event

MAX_BYTES = 20 * 1024 * 1024


def _registrants(session: Session) -> list[Registrant]:
    rows = (
        Registration.objects.filter(event_id=session.event_id)
        .active()
        .values_list(
            "pk",
            "business__owner__full_name",
            "business__name",
            "business__owner__email",
            "business__owner__phone",
        )
    )
    return [Registrant(pk, o or "", b or "", e or "", p or "") for pk, o, b, e, p in rows]


def read_lines(kind: str, path: Path) -> list[files.Line]:
    """The lines of a stored attendance file; AttendanceFileError names file, line, column."""
    name = path.name
    if kind == AttendanceKind.ZOOM:
        return files.parse_zoom(files.decode(path.read_bytes()), name)
    try:
        table = read_table(path)
    except InputError as exc:
        raise files.AttendanceFileError(str(exc)) from exc
    frame = table.frame.select(table.headers)
    rows = [["" if c is None else str(c) for c in row] for row in frame.rows()]
    return files.parse_table(table.headers, rows, name, 2)


def receive_attendance(
    user: Any,
    session: Session,
    kind: str,
    name: str,
    chunks: Iterable[bytes],
    *,
    read_in_worker: bool = True,
) -> AttendanceImport:
    """Store the file as received and queue its reading: nothing is parsed here."""
    from sinergi.intake.received import keep_received

    require_event(user, session.event, "import_attendance")
    if kind not in AttendanceKind.values:
        raise TrainingError("jenis berkas tidak dikenal / unknown file kind")
    return keep_received(
        AttendanceImport,
        actor=user,
        actor_field="imported_by",
        name=name,
        chunks=chunks,
        status=FileStatus.READING,
        enqueue=file_jobs.enqueue_attendance if read_in_worker else None,
        max_bytes=MAX_BYTES,
        too_large=lambda stored: TrainingError(
            f"{stored}: berkas lebih dari 20 MB / file over 20 MB"
        ),
        session=session,
        kind=kind,
    )


def import_attendance(
    user: Any, session: Session, kind: str, name: str, data: bytes
) -> AttendanceImport:
    """Store and read at once (fixtures, the command line, benchmarks). Raises what the
    worker would record: AttendanceFileError (file, line, column) or TrainingError."""
    done = receive_attendance(user, session, kind, name, [data], read_in_worker=False)
    return file_jobs.read_now(done, _match_and_store)


def read_attendance(import_id: int) -> str:
    """The worker's half: read, match and store a stored attendance file."""
    return file_jobs.run(file_jobs.ATTENDANCE_READ, AttendanceImport, import_id, _match_and_store)


def _match_and_store(done: AttendanceImport) -> None:
    session = done.session
    user = done.imported_by
    kind = done.kind
    require_event(user, session.event, "import_attendance")
    started = time.perf_counter()
    lines = read_lines(kind, Path(done.stored_path))
    whole = session.length_minutes if kind == AttendanceKind.SHEET else None
    people = files.group_people(lines, whole_session=whole)
    decisions = match_people(people, _registrants(session))
    with transaction.atomic():
        locked = file_jobs.still_reading(AttendanceImport, done.pk)
        if locked is None:
            return
        done = locked
        done.lines, done.people = len(lines), len(people)
        done.matched = sum(d.outcome == MATCHED for d in decisions)
        done.review = sum(d.outcome != MATCHED for d in decisions)
        rows = [
            AttendanceLine(
                attendance_import=done,
                line_numbers=[x.number for x in p.lines],
                raw=[dict(x.raw) for x in p.lines],
                display_name=p.name[:300],
                email=p.email[:254],
                minutes=p.minutes,
                outcome=d.outcome,
                matched_by=d.matched_by,
                reason=d.reason[:300],
                candidates=d.candidates,
                registration_id=d.registration_id,
            )
            for p, d in zip(people, decisions, strict=True)
        ]
        AttendanceLine.objects.bulk_create(rows, batch_size=1000)
        by_registration: dict[int, list[files.Line]] = {}
        for p, d in zip(people, decisions, strict=True):
            if d.registration_id is not None:
                by_registration.setdefault(d.registration_id, []).extend(p.lines)
        _store_minutes(
            session, {r: _minutes(session, kind, ls) for r, ls in by_registration.items()}
        )
        done.seconds = round(time.perf_counter() - started, 2)
        done.status, done.error, done.heartbeat_at = FileStatus.DONE, "", None
        done.save()
        record(
            user,
            Action.UPDATE,
            done,
            event=AttendanceImported(
                file=done.file_name,
                lines=done.lines,
                people=done.people,
                matched=done.matched,
                review=done.review,
            ),
        )


def _minutes(session: Session, kind: str, lines: list[files.Line]) -> int:
    return session.length_minutes if kind == AttendanceKind.SHEET else files.minutes_of(lines)


def _store_minutes(session: Session, minutes: dict[int, int]) -> None:
    existing = {
        a.registration_id: a
        for a in Attendance.objects.filter(session=session, registration_id__in=list(minutes))
    }
    new, changed = [], []
    for registration_id, value in minutes.items():
        present = value >= session.min_minutes
        row = existing.get(registration_id)
        if row is None:
            new.append(
                Attendance(
                    session=session, registration_id=registration_id, minutes=value, present=present
                )
            )
        else:
            row.minutes, row.present, row.updated_at = value, present, timezone.now()
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=1000)
    Attendance.objects.bulk_update(changed, ["minutes", "present", "updated_at"], batch_size=1000)


def choose_line(user: Any, line: AttendanceLine, registration_id: int) -> AttendanceLine:
    """A person's decision on a review line: which registered participant it was."""
    session = line.attendance_import.session
    require_event(user, session.event, "choose_line")
    with transaction.atomic():
        line = AttendanceLine.objects.select_for_update().get(pk=line.pk)
        if line.outcome == LineOutcome.MATCHED or line.registration_id is not None:
            raise TrainingError("baris ini sudah diputuskan / this line is already decided")
        allowed = Registration.objects.filter(event_id=session.event_id).active()
        if line.candidates and registration_id not in line.candidates:
            raise TrainingError("bukan kandidat baris ini / not a candidate of this line")
        if not allowed.filter(pk=registration_id).exists():
            raise TrainingError("bukan peserta terdaftar / not a registered participant")
        line.registration_id, line.chosen_by, line.chosen_at = registration_id, user, timezone.now()
        line.save(update_fields=["registration", "chosen_by", "chosen_at"])
        decided = AttendanceLine.objects.filter(
            attendance_import__session=session, registration_id=registration_id
        )
        lines = [
            files.Line(
                number=0,
                name="",
                original_name="",
                email="",
                phone="",
                business="",
                joined=files.parse_time(r.get(_col(r, "join"), "")),
                left=files.parse_time(r.get(_col(r, "leave"), "")),
                duration=_duration(r),
                raw=(),
            )
            for d in decided
            for r in d.raw
        ]
        kind = line.attendance_import.kind
        _store_minutes(session, {registration_id: _minutes(session, kind, lines)})
        record(
            user,
            Action.UPDATE,
            line.attendance_import,
            changes={"line": (None, line.pk), "registration": (None, registration_id)},
        )
    return line


def _col(raw: dict[str, str], fld: str) -> str:
    found = files._columns(list(raw))
    headers = list(raw)
    return headers[found[fld]] if fld in found else ""


def _duration(raw: dict[str, str]) -> int | None:
    text = raw.get(_col(raw, "duration"), "").strip()
    try:
        return int(float(text.replace(",", "."))) if text else None
    except ValueError:
        return None
