"""Training benchmark (issue 12): one event of N participants.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_bench_training \\
        python -m bench.training_bench --participants 5000
    python -m bench.training_bench --sqlite --participants 500      # quick look

Builds N registered businesses (bulk inserts, not timed) from `bench.training_data`,
writes the Zoom participant report of their webinar (reconnects, device names, phone
numbers as names, namesakes, guests), then times what the pages call:
- `attendance.import_attendance` (read, group, match with the engine, store): target
  <= 20 s for 5,000 participants;
- `certificates.issue_all` (one certificate per participant who passed), then the ZIP
  job of all of them as the worker runs it (`certificate_zip.request_zip` then `build`:
  batches of one typst document split into pages, up to one process per core, each
  batch kept as a part file, joined into one ZIP under VAR_DIR): target <= 2 min for
  5,000.
The load average (`uptime`) is recorded before each timed step: the machine is shared.
It also reports the matching quality against the generator's truth.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import zipfile
from pathlib import Path


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def _load() -> list[float]:
    """The 1, 5 and 15 minute load averages (what `uptime` shows)."""
    return [round(x, 1) for x in os.getloadavg()]


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--participants", type=int, default=5_000)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--sqlite", action="store_true", help="use a fresh SQLite file")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sinergi-training-bench-"))
    os.environ["SINERGI_VAR_DIR"] = str(work / "var")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-123456")
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        p.error("set DATABASE_URL to a PostgreSQL database, or pass --sqlite")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from bench.training_data import registrants, zoom_report
    from sinergi.accounts.models import Membership, Organisation
    from sinergi.regions.loading import load_regions
    from sinergi.regions.models import Region
    from sinergi.registry.models import Business, Person
    from sinergi.training import actions, attendance, certificate_zip, certificates
    from sinergi.training import certificate_pages as pages
    from sinergi.training.models import Registration, Topic

    call_command("migrate", verbosity=0, interactive=False)
    if not Region.objects.filter(code__startswith="1901", level="village").exists():
        load_regions(("19",))
    village = Region.objects.filter(code__startswith="1901", level="village").first().code
    user, _ = get_user_model().objects.get_or_create(username="bench.training")
    org, _ = Organisation.objects.get_or_create(name="Bench Dinas", defaults={"kind": "other"})
    Membership.objects.get_or_create(
        user=user, defaults={"organisation": org, "role": "regency_officer", "scope_id": "1901"}
    )
    t = time.perf_counter()
    owners = registrants(args.participants, args.seed)
    people = Person.objects.bulk_create(
        Person(full_name=o.owner_name, email=o.email, phone=o.phone) for o in owners
    )
    businesses = Business.objects.bulk_create(
        Business(name=o.business_name, owner=pp, village_id=village)
        for o, pp in zip(owners, people, strict=True)
    )
    event = actions.create_event(
        user,
        name=f"Webinar bench {args.participants}",
        topic=Topic.objects.get_or_create(name="Pemasaran digital")[0],
        mode="online",
        meeting_url="https://zoom.example/j/1",
        region_scope="1901",
    )
    start = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)
    session = actions.add_session(
        user,
        event,
        title="Sesi 1",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        min_minutes=60,
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(event=event, business=b, status="registered", source="manual", queued_at=now)
        for b in businesses
    )
    text, truth = zoom_report(owners, args.seed)
    data = text.encode()
    timings = {"setup_s": round(time.perf_counter() - t, 1)}

    loads = {"before_import": _load()}
    t, c = time.perf_counter(), time.process_time()
    done = attendance.import_attendance(user, session, "zoom", "participants.csv", data)
    timings["attendance_import_s"] = round(time.perf_counter() - t, 2)
    # CPU seconds of this process: what the step costs whatever else runs on the machine.
    timings["attendance_import_cpu_s"] = round(time.process_time() - c, 2)
    position = {b.pk: i for i, b in enumerate(businesses)}
    pairs = Registration.objects.filter(event=event).values_list("pk", "business_id")
    index_of = {r: position[b] for r, b in pairs}
    by_key = {(x.email or x.name).casefold(): x for x in truth}
    right = wrong = 0
    for line in done.people_lines.filter(outcome="matched"):
        first = line.raw[0]
        who = by_key[(first["User Email"] or first["Name (Original Name)"]).casefold()]
        if who.index >= 0 and index_of[line.registration_id] == who.index:
            right += 1
        else:
            wrong += 1
    attendees = sum(x.index >= 0 for x in truth)

    Registration.objects.filter(event=event).update(outcome="passed", score=80)
    t = time.perf_counter()
    issued = certificates.issue_all(user, event)
    timings["issue_all_s"] = round(time.perf_counter() - t, 1)
    # The ZIP as the app builds it: the request queues a job (`request_zip`: the
    # certificates' fingerprint, one row), the worker builds it (`build`: batches kept as
    # parts under VAR_DIR, progress on the row, joined into one file).
    loads["before_zip"] = _load()
    t = time.perf_counter()
    job = certificate_zip.request_zip(user, event, "https://sinergi.example", queue=False)
    timings["zip_request_s"] = round(time.perf_counter() - t, 2)
    t, c = time.perf_counter(), time.process_time()
    children = _children_cpu()
    outcome = certificate_zip.build(job.pk)
    timings["zip_s"] = round(time.perf_counter() - t, 1)
    # CPU of this process plus its worker processes (the ZIP compiles batches in them).
    timings["zip_cpu_s"] = round(time.process_time() - c + _children_cpu() - children, 1)
    timings["zip_processes"] = certificates.workers_for(-(-job.total // pages.BATCH))
    job.refresh_from_db()
    with zipfile.ZipFile(job.stored_path) as archive:
        pdfs = len(archive.namelist())
    loads["after_zip"] = _load()
    result = {
        "participants": args.participants,
        "zoom_lines": done.lines,
        "people": done.people,
        "matched_right": right,
        "matched_wrong": wrong,
        "attendees": attendees,
        "share_right": round(right / max(attendees, 1), 4),
        "review": done.review,
        "certificates": len(issued),
        "zip_job": outcome,
        "zip_pdfs": pdfs,
        "zip_mb": round(job.size / 1e6, 1),
        "database": "sqlite" if args.sqlite else "postgresql",
        **timings,
        "cores": len(os.sched_getaffinity(0)),
        "load_average": loads,
    }
    _say(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
