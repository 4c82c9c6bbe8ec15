"""Synthetic webinar data for training: registrants and a Zoom participant report.

`registrants(n, seed)` gives owners with business names, e-mails (most) and phones;
`zoom_report(registrants, seed)` writes the CSV the way Zoom's participant export does
(meeting block first, then "Name (Original Name),User Email,Join Time,Leave Time,
Duration (Minutes),Guest,Recording Consent,In Waiting Room", US dates with AM/PM) and
returns the truth: for each registrant who attended, their index, and the minutes they
attended (the union of their lines).

How people show up (fractions of attendees):
- 62 % logged in: their e-mail, the name in any spelling (title, degree, caps) — when
  the owner has an e-mail at all (85 %), else they fall to the next case;
- 15 % a name without e-mail: "Hj. Siti Aminah, S.Pd.", "SITI AMINAH", "siti aminah";
-  5 % a business-style name: "Bu Siti Keripik" (first name + product);
- 15 % a phone number as the name ("0812-3456-7890", "Siti 081234567890");
-  3 % a device name without e-mail ("Samsung A12", "iPhone", "Zoom user"): unmatchable;
- two registrants share one name and both join without e-mail (namesakes);
- 40 % reconnect: 2–3 lines with gaps; 5 % of logged-in people overlap from a second
  device (same account). A name without e-mail shown twice AT ONCE goes to review by
  design (it may be two people), so the fixture does not count on it;
- guests who never registered join too (their names are not in the registry).

Used by tests/training/test_zoom_fixture.py (the committed fixture was written by
`python -m bench.training_data tests/training/data`) and by bench/training_bench.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

FIRST = (
    "Siti Nur Sri Dewi Ani Rina Wati Yuni Lina Fitri Ratna Indah Maya Putri Ayu Tuti Endang "
    "Sari Wulan Rahmawati Budi Agus Joko Slamet Eko Hendra Rudi Andi Dedi Bambang Heru Iwan "
    "Yusuf Ahmad Rizki Fajar Arif Hadi Bayu Dimas Fauzi Gilang Hasan Imam Irfan Kurnia Lukman "
    "Made Ketut Wayan Nyoman Putu Gede Komang Teguh Taufik Wahyu Yanto Zainal Asep Ujang Cecep "
    "Nining Euis Neneng Lilis Oom Ucu Tati Erna Darmi Suparmi Sumarni Tarmini Sukarti Kasni "
    "Rohani Juwita Melati Kartini Mawar Anggrek"
).split()
LAST = (
    "Aminah Lestari Wahyuni Rahayu Hidayah Santoso Prasetyo Setiawan Saputra Kusuma Wijaya "
    "Gunawan Hartono Susanto Purnomo Hakim Rahman Fauzan Maulana Ramadhan Nasution Siregar "
    "Lubis Harahap Sinaga Simanjuntak Tanjung Chaniago Sikumbang Pratama Permana Hermawan "
    "Kurniawan Suryadi Sutrisno Handayani Puspita Anggraini Safitri Yulianti Marlina Novita "
    "Fitriani Susilawati Setiabudi Wibowo Nugroho Utomo Hidayat Firmansyah Ardiansyah "
    "Syahputra Pane Batubara Daulay Rangkuti Ritonga Pohan Matondang"
).split()
PRODUCTS = (
    "Keripik Batik Kopi Sambal Kue Madu Tenun Rendang Bakso Kerupuk Dodol Jamu Songket "
    "Anyaman Terasi Abon Tempe Tahu Roti Gula"
).split()
KINDS = ("Warung", "Toko", "UD", "CV", "Kedai", "Dapur", "Rumah", "Griya")
TITLES = ("Hj.", "H.", "Bu", "Pak", "Ibu", "Dr.", "Ir.")
DEGREES = ("S.Pd.", "S.E.", "SE", "A.Md.", "S.Kom", "M.M.")
DEVICES = (
    "Samsung A12",
    "iPhone",
    "Galaxy A52s",
    "Redmi Note 10",
    "OPPO A15",
    "vivo Y20s",
    "LAPTOP-7QK2",
    "Zoom user",
    "iPad",
)
GUESTS = ("Tamu Undangan", "Narasumber Dinas", "Host Webinar", "Moderator", "Panitia")


@dataclass(frozen=True)
class Owner:
    owner_name: str
    business_name: str
    email: str
    phone: str  # as the registry keeps it: +62...


def registrants(n: int, seed: int = 12) -> list[Owner]:
    """n owners with distinct names, except ONE deliberate pair of namesakes. Beyond
    1,000 owners a name that is taken gets a middle name (two words run out at ~4,800)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Owner] = []
    while len(out) < n:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        if name in seen and n > 1000:
            name = f"{first} {rng.choice(FIRST)} {last}"
        if name in seen:
            continue
        seen.add(name)
        product = rng.choice(PRODUCTS)
        business = f"{rng.choice(KINDS)} {product} {rng.choice(LAST)}"
        email = (
            f"{first.lower()}.{last.lower()}{len(out)}@mail.example" if rng.random() < 0.85 else ""
        )
        phone = f"+62812{rng.randrange(10**7, 10**8)}"
        out.append(Owner(name, business, email, phone))
    # The namesakes: the last registrant takes the name of the first (another business).
    twin = out[-1]
    out[-1] = Owner(out[0].owner_name, twin.business_name, "", twin.phone)
    return out


def _variant(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        return f"{rng.choice(TITLES)} {name}"
    if roll < 0.4:
        return f"{name}, {rng.choice(DEGREES)}"
    if roll < 0.55:
        return name.upper()
    if roll < 0.7:
        return name.lower()
    return name


def _local(phone: str, rng: random.Random) -> str:
    digits = "0" + phone[3:]
    if rng.random() < 0.5:
        return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
    return digits


def _zoom_time(at: dt.datetime) -> str:
    return at.strftime("%m/%d/%Y %I:%M:%S %p")


@dataclass
class Truth:
    index: int  # registrant index, -1 for a guest
    minutes: int
    style: str
    name: str  # the "Name (Original Name)" cell of their lines
    email: str


def zoom_report(
    owners: list[Owner], seed: int = 12, attend: float = 0.9, start: dt.datetime | None = None
) -> tuple[str, list[Truth]]:
    """The CSV text and the truth per attending person (module doc)."""
    rng = random.Random(seed)
    start = start or dt.datetime(2024, 3, 1, 9, 0)
    people: list[tuple[int, str, str, str]] = []  # (index, shown name, email, style)
    namesakes = {0, len(owners) - 1}
    for i, owner in enumerate(owners):
        if i not in namesakes and rng.random() > attend:
            continue
        first = owner.owner_name.split()[0]
        roll = rng.random()
        if i in namesakes:
            people.append((i, owner.owner_name, "", "namesake"))
        elif roll < 0.62 and owner.email:
            people.append((i, _variant(rng, owner.owner_name), owner.email, "email"))
        elif roll < 0.77:
            people.append((i, _variant(rng, owner.owner_name), "", "name"))
        elif roll < 0.82:
            product = owner.business_name.split()[1]
            people.append((i, f"{rng.choice(('Bu', 'Pak'))} {first} {product}", "", "business"))
        elif roll < 0.97:
            phone = _local(owner.phone, rng)
            shown = phone if rng.random() < 0.6 else f"{first} {phone}"
            people.append((i, shown, "", "phone"))
        else:
            people.append((i, rng.choice(DEVICES), "", "device"))
    for g in GUESTS:
        people.append((-1, g, "", "guest"))
    rng.shuffle(people)

    lines: list[list[str]] = []
    truth: list[Truth] = []
    for index, shown, email, style in people:
        pieces = 1 if rng.random() > 0.4 else rng.choice((2, 3))
        at = start + dt.timedelta(minutes=rng.randrange(0, 15), seconds=rng.randrange(60))
        intervals = []
        for _ in range(pieces):
            length = dt.timedelta(minutes=rng.randrange(5, 60), seconds=rng.randrange(60))
            intervals.append((at, at + length))
            at = at + length + dt.timedelta(minutes=rng.randrange(1, 6))
        if email and rng.random() < 0.05:  # a second device, overlapping the first line
            a, b = intervals[0]
            intervals.append((a + (b - a) / 3, b + dt.timedelta(minutes=2)))
        original = shown if rng.random() < 0.9 else f"{shown} ({rng.choice(DEVICES)})"
        for a, b in intervals:
            minutes = -(-int((b - a).total_seconds()) // 60)  # Zoom rounds up
            lines.append(
                [
                    original,
                    email,
                    _zoom_time(a),
                    _zoom_time(b),
                    str(minutes),
                    "No" if email else "Yes",
                    "Y",
                    "No",
                ]
            )
        union = _union_minutes(intervals)
        truth.append(Truth(index, union, style, original, email))
    rng.shuffle(lines)
    lines.sort(key=lambda row: row[2])  # Zoom lists lines by join time

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "Meeting ID",
            "Topic",
            "Start Time",
            "End Time",
            "User Email",
            "Duration (Minutes)",
            "Participants",
        ]
    )
    writer.writerow(
        [
            "812 3456 7890",
            "Webinar UMKM Go Digital",
            _zoom_time(start),
            _zoom_time(start + dt.timedelta(hours=2)),
            "host@dinas.example",
            "120",
            str(len(people)),
        ]
    )
    writer.writerow([])
    writer.writerow(
        [
            "Name (Original Name)",
            "User Email",
            "Join Time",
            "Leave Time",
            "Duration (Minutes)",
            "Guest",
            "Recording Consent",
            "In Waiting Room",
        ]
    )
    writer.writerows(lines)
    return out.getvalue(), truth


def _union_minutes(intervals: list[tuple[dt.datetime, dt.datetime]]) -> int:
    total, end, begin = 0.0, None, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            if end is not None:
                total += (end - begin).total_seconds()
            begin, end = a, b
        elif b > end:
            end = b
    if end is not None:
        total += (end - begin).total_seconds()
    return int(round(total / 60))


def write_fixture(folder: Path, n: int = 220, seed: int = 12) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    owners = registrants(n, seed)
    text, truth = zoom_report(owners, seed)
    (folder / "zoom_participants.csv").write_text(text, encoding="utf-8", newline="")
    (folder / "zoom_registrants.json").write_text(
        json.dumps([asdict(o) for o in owners], ensure_ascii=False, indent=0), encoding="utf-8"
    )
    (folder / "zoom_truth.json").write_text(
        json.dumps([asdict(t) for t in truth], indent=0), encoding="utf-8"
    )


if __name__ == "__main__":
    write_fixture(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/training/data"))
