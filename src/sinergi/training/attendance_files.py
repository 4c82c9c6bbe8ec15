"""Reading attendance files into people with minutes: pure, no ORM.

Two kinds of file:
- Zoom's participant report (CSV). Zoom may put a meeting block first ("Meeting ID,Topic,
  ...", its values, a blank line); the participant table follows with "Name (Original
  Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", ... (header
  spellings vary between versions and languages: see `ALIASES`). A participant who
  reconnected appears on several lines.
- A signed attendance sheet (xlsx, read with the engine's reader): one row per person
  who signed, with a name and perhaps a business, phone and e-mail. Signing counts as
  attending the whole session.

Lines become people (`group_people`): lines with the same e-mail are one person; lines
without an e-mail, the same display name. Minutes are the UNION of the person's
join–leave intervals (reconnects summed, an overlap from a second device counted once),
rounded to whole minutes; a line without times counts its duration column. When lines
without an e-mail share a name but were connected AT THE SAME TIME, they may be two
people with one name: the person is flagged `several_at_once` and goes to review.

Errors name the file, the line and the column (`AttendanceFileError`); nothing is
dropped: every data line ends up in exactly one person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from sinergi.training.meeting_names import split_original

ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name (original name)",
        "name (original name)",
        "user name (original name)",
        "participant",
        "name",
        "nama (nama asli)",
        "nama",
        "nama peserta",
        "display name",
    ),
    "email": ("user email", "email", "e-mail", "attendee email", "email pengguna", "surel"),
    "join": ("join time", "waktu bergabung", "join"),
    "leave": ("leave time", "waktu keluar", "leave"),
    "duration": (
        "duration (minutes)",
        "time in session (minutes)",
        "durasi (menit)",
        "duration",
        "durasi",
    ),
    "phone": (
        "phone",
        "no hp",
        "no. hp",
        "nomor hp",
        "hp",
        "telepon",
        "no telp",
        "whatsapp",
        "no wa",
    ),
    "business": ("nama usaha", "business", "business name", "usaha"),
}
_TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H.%M.%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%dT%H:%M:%S",
)


class AttendanceFileError(ValueError):
    """A file that cannot be read as attendance; the message names file, line, column."""


@dataclass(frozen=True)
class Line:
    number: int  # line in the file (1 = first line of the file)
    name: str
    original_name: str
    email: str
    phone: str
    business: str
    joined: dt.datetime | None
    left: dt.datetime | None
    duration: int | None
    raw: tuple[tuple[str, str], ...]


@dataclass
class Person:
    lines: list[Line] = field(default_factory=list)
    minutes: int = 0
    several_at_once: bool = False

    @property
    def name(self) -> str:
        return self.lines[0].name

    @property
    def email(self) -> str:
        return next((x.email for x in self.lines if x.email), "")


def _msg(file: str, line: int, column: str, text_id: str, text_en: str) -> str:
    where = f"baris {line}" + (f", kolom '{column}'" if column else "")
    where_en = f"line {line}" + (f", column '{column}'" if column else "")
    return f"{file}: {where}: {text_id} / {where_en}: {text_en}"


def _columns(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    folded = [h.strip().strip("\ufeff").casefold() for h in headers]
    for fld, names in ALIASES.items():
        for name in names:
            if name in folded:
                found[fld] = folded.index(name)
                break
    return found


def parse_time(text: str) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_zoom(text: str, file: str) -> list[Line]:
    """Every participant line of a Zoom participant report (module doc)."""
    rows = list(csv.reader(io.StringIO(text)))
    start = None
    for i, row in enumerate(rows):
        cols = _columns(row)
        if "name" in cols and ("duration" in cols or "join" in cols):
            start = i
            break
    if start is None:
        raise AttendanceFileError(
            _msg(
                file,
                1,
                "",
                "tidak ada tabel peserta Zoom (kolom Nama dan Durasi/Waktu bergabung)",
                "no Zoom participant table (Name and Duration/Join Time columns)",
            )
        )
    headers = rows[start]
    return list(_lines(file, headers, rows[start + 1 :], start + 2))


def parse_table(headers: list[str], rows: Iterable[list[str]], file: str, first: int) -> list[Line]:
    """Lines of a signed sheet already read as text cells (the engine's reader)."""
    if "name" not in _columns(headers):
        raise AttendanceFileError(
            _msg(file, first - 1, "", "tidak ada kolom Nama", "no Name column")
        )
    return list(_lines(file, headers, rows, first))


def _lines(file: str, headers: list[str], rows: Iterable[list[str]], first: int):
    cols = _columns(headers)

    def cell(row: list[str], fld: str) -> str:
        i = cols.get(fld)
        return (row[i] if i is not None and i < len(row) else "") or ""

    for number, row in enumerate(rows, start=first):
        if not any((c or "").strip() for c in row):
            continue  # blank line: nothing to keep
        shown, original = split_original(cell(row, "name").strip())
        joined, left = parse_time(cell(row, "join")), parse_time(cell(row, "leave"))
        if cell(row, "join").strip() and joined is None:
            raise AttendanceFileError(
                _msg(
                    file,
                    number,
                    headers[cols["join"]],
                    f"waktu '{cell(row, 'join')}' tidak terbaca",
                    f"time '{cell(row, 'join')}' cannot be read",
                )
            )
        if cell(row, "leave").strip() and left is None:
            raise AttendanceFileError(
                _msg(
                    file,
                    number,
                    headers[cols["leave"]],
                    f"waktu '{cell(row, 'leave')}' tidak terbaca",
                    f"time '{cell(row, 'leave')}' cannot be read",
                )
            )
        duration_text = cell(row, "duration").strip()
        duration = None
        if duration_text:
            try:
                duration = int(float(duration_text.replace(",", ".")))
            except ValueError:
                raise AttendanceFileError(  # noqa: B904 (the message says it all)
                    _msg(
                        file,
                        number,
                        headers[cols["duration"]],
                        f"durasi '{duration_text}' bukan angka menit",
                        f"duration '{duration_text}' is not a number of minutes",
                    )
                )
            if duration < 0:
                raise AttendanceFileError(
                    _msg(
                        file,
                        number,
                        headers[cols["duration"]],
                        "durasi negatif",
                        "negative duration",
                    )
                )
        if joined and left and left < joined:
            raise AttendanceFileError(
                _msg(
                    file,
                    number,
                    headers[cols["leave"]],
                    "waktu keluar sebelum waktu bergabung",
                    "leave time before join time",
                )
            )
        yield Line(
            number=number,
            name=shown,
            original_name=original,
            email=cell(row, "email").strip(),
            phone=cell(row, "phone").strip(),
            business=cell(row, "business").strip(),
            joined=joined,
            left=left,
            duration=duration,
            raw=tuple(zip(headers, [c or "" for c in row], strict=False)),
        )


def union_minutes(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> int:
    """Whole minutes covered by the union of intervals (overlaps counted once)."""
    total = 0.0
    end: dt.datetime | None = None
    begin: dt.datetime | None = None
    for a, b in sorted(intervals):
        if end is None or a > end:
            if end is not None and begin is not None:
                total += (end - begin).total_seconds()
            begin, end = a, b
        elif b > end:
            end = b
    if end is not None and begin is not None:
        total += (end - begin).total_seconds()
    return int(round(total / 60))


def _overlap(lines: list[Line]) -> bool:
    timed = sorted((x.joined, x.left) for x in lines if x.joined and x.left)
    return any(timed[i + 1][0] < timed[i][1] for i in range(len(timed) - 1))


def minutes_of(lines: list[Line]) -> int:
    timed = [(x.joined, x.left) for x in lines if x.joined and x.left]
    untimed = sum(x.duration or 0 for x in lines if not (x.joined and x.left))
    return union_minutes(timed) + untimed  # type: ignore[arg-type]


def person_key(line: Line) -> str:
    if line.email.strip():
        return "e:" + line.email.strip().casefold()
    # The whole cell (shown and original name): two people on the same phone model must
    # not become one person.
    cell = f"{line.name} ({line.original_name})" if line.original_name else line.name
    return "n:" + " ".join(cell.casefold().split())


def group_people(lines: list[Line], whole_session: int | None = None) -> list[Person]:
    """People of a file in first-appearance order (module doc). `whole_session`: minutes
    to give each person (a signed sheet), instead of their lines' minutes."""
    people: dict[str, Person] = {}
    for line in lines:
        people.setdefault(person_key(line), Person()).lines.append(line)
    for key, person in people.items():
        person.minutes = whole_session if whole_session is not None else minutes_of(person.lines)
        person.several_at_once = key.startswith("n:") and _overlap(person.lines)
    return list(people.values())
