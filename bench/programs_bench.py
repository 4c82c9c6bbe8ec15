"""Programs benchmark: screen, approve and disburse one big grant cycle through the verbs.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_bench_programs \\
        python -m bench.programs_bench --registry 1000000 --nominations 100000 \\
            --references 1000000
    python -m bench.programs_bench --sqlite                 # small default sizes

Builds a synthetic registry in Kab. Bangka (bulk inserts, not timed), an ASN reference list
sharing `--overlap` of its NIKs with nominated owners, a grant program and a cycle of
`--nominations` random registry businesses, then times exactly what the web pages
call: `submit_cycle` (freeze + eligibility + screening), `verify_cycle`, closing the
findings (bulk, as a stand-in for officers), `approve_cycle` and `disburse_cycle` (batches
of 500). Target (issue 6): each step under 2 minutes on PostgreSQL at the sizes above.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def _nik(rng: random.Random, district: str) -> str:
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    month, year, serial = rng.randint(1, 12), rng.randint(60, 99), rng.randint(1, 9999)
    return f"{district}{day:02d}{month:02d}{year:02d}{serial:04d}"


def _name(rng: random.Random) -> str:
    """Two or three given names: distinct people, as the engine sees them (no digits)."""
    from bench.names_data import COMMON_NAMES_FEMALE, COMMON_NAMES_MALE

    pool = COMMON_NAMES_MALE + COMMON_NAMES_FEMALE
    return " ".join(rng.choice(pool) for _ in range(rng.choice((2, 3))))


SHOPS = ("Warung", "Toko", "Kedai", "Depot", "UD", "Kios")
GOODS = ("Makmur", "Jaya", "Sejahtera", "Berkah", "Abadi", "Lestari", "Mandiri", "Sentosa")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--registry", type=int, default=5_000)
    p.add_argument("--nominations", type=int, default=1_000)
    p.add_argument("--references", type=int, default=5_000)
    p.add_argument("--overlap", type=float, default=0.01, help="share of nominees on the ASN list")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--sqlite", action="store_true", help="use a fresh SQLite file")
    p.add_argument("--profile", metavar="FILE", help="write a cProfile of the submit step")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sinergi-programs-bench-"))
    os.environ["SINERGI_VAR_DIR"] = str(work / "var")
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        p.error("set DATABASE_URL to a PostgreSQL database, or pass --sqlite")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from sinergi.accounts.models import Membership, Organisation
    from sinergi.programs import actions
    from sinergi.programs.models import Finding, Nomination, ReferenceList, ReferenceRow
    from sinergi.regions.loading import load_regions
    from sinergi.regions.models import Region
    from sinergi.registry.models import Business, Person

    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0, interactive=False)
    if not Region.objects.filter(code__startswith="1901", level="village").exists():
        load_regions(("19",))
    villages = list(
        Region.objects.filter(code__startswith="1901", level="village").values_list(
            "code", flat=True
        )
    )
    user, _ = get_user_model().objects.get_or_create(username="bench.officer")
    org, _ = Organisation.objects.get_or_create(name="Bench Dinas", defaults={"kind": "other"})
    Membership.objects.get_or_create(
        user=user, defaults={"organisation": org, "role": "regency_officer", "scope_id": "1901"}
    )
    timings: dict[str, float] = {}

    t = time.perf_counter()
    existing = Business.objects.count()
    batch = 20_000
    for start in range(existing, args.registry, batch):
        n = min(batch, args.registry - start)
        people = Person.objects.bulk_create(
            [
                Person(full_name=_name(rng), nik=_nik(rng, rng.choice(villages)[:6]))
                for i in range(n)
            ]
        )
        items = []
        for person in people:
            b = Business(
                name=f"{rng.choice(SHOPS)} {rng.choice(GOODS)} {person.full_name.split()[0]}",
                owner=person,
                address=f"Jl. {rng.choice(GOODS)} No. {rng.randint(1, 200)}",
                village_id=rng.choice(villages),
            )
            b.refresh_derived()
            items.append(b)
        Business.objects.bulk_create(items)
    timings["setup_registry_s"] = time.perf_counter() - t

    # The registry is kept between runs on one database; earlier runs' lists are not.
    ReferenceList.objects.filter(name="ASN bench").delete()
    picked = list(Business.objects.select_related("owner").order_by("?")[: args.nominations])
    asn = ReferenceList.objects.create(organisation=org, category="asn", name="ASN bench")
    on_list = picked[: int(len(picked) * args.overlap)]
    rows = [
        ReferenceRow(
            reference_list=asn, row_number=i + 1, nik=b.owner.nik, owner_name=b.owner.full_name
        )
        for i, b in enumerate(on_list)
    ]
    rows += [
        ReferenceRow(
            reference_list=asn,
            row_number=len(rows) + i + 1,
            nik=_nik(rng, rng.choice(villages)[:6]),
            owner_name=_name(rng),
        )
        for i in range(max(0, args.references - len(rows)))
    ]
    ReferenceRow.objects.bulk_create(rows, batch_size=20_000)
    # A year of its own per run on a kept database: earlier runs' payments would otherwise
    # be "already received" for this one and change what is measured.
    from sinergi.programs.models import Program

    year = 2000 + Program.objects.filter(name__startswith="Bench ").count()
    program = actions.create_program(
        user,
        organisation=org,
        kind="grant",
        name=f"Bench {timezone.now():%H%M%S}",
        budget_idr=args.nominations * 3_000_000,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        region_scope="1901",
    )
    cycle = actions.create_cycle(user, program, "bench")
    t = time.perf_counter()
    Nomination.objects.bulk_create(
        [
            Nomination(cycle=cycle, business=b, amount_idr=2_400_000, nominated_by=user)
            for b in picked
        ],
        batch_size=5_000,
    )
    timings["nominate_bulk_s"] = time.perf_counter() - t

    t = time.perf_counter()
    if args.profile:
        import cProfile

        cProfile.runctx(
            "actions.submit_cycle(user, cycle)", globals(), locals(), filename=args.profile
        )
    else:
        actions.submit_cycle(user, cycle)
    timings["submit_screen_s"] = time.perf_counter() - t
    t = time.perf_counter()
    actions.verify_cycle(user, cycle)
    timings["verify_s"] = time.perf_counter() - t
    findings = Finding.objects.filter(nomination__cycle=cycle)
    counts: dict[str, int] = {}
    for reason in findings.values_list("reason", flat=True):
        counts[reason] = counts.get(reason, 0) + 1
    findings.filter(status="open").update(
        status="resolved", resolution_reason="bench", resolved_by=user, resolved_at=timezone.now()
    )
    t = time.perf_counter()
    actions.approve_cycle(user, cycle)
    timings["approve_s"] = time.perf_counter() - t
    t = time.perf_counter()
    result = actions.disburse_cycle(user, cycle)
    timings["disburse_s"] = time.perf_counter() - t
    report = {
        "database": django.db.connection.vendor,
        "registry": Business.objects.count(),
        "nominations": len(picked),
        "references": len(rows),
        "findings": counts,
        "paid": result["paid"],
        "refused": len(result["refused"]),
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }
    _say(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
