"""The registry at the size of one province: load 1 M businesses into PostgreSQL, measure.

    # once: an empty PostgreSQL database of your own
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE sinergi_bench'
    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_bench

    python -m bench.registry_scale load --businesses 1000000 [--province 19] [--seed 7]
                                        [--sources] [--reset]
    python -m bench.registry_scale measure [--repeat 15] [--json bench/out/registry.json]
    python -m bench.registry_scale users    # only the benchmark's users (for load tests)
    python -m bench.registry_scale normalise  # source records' normalised values (match)
    python -m bench.registry_scale keys     # the businesses' blocking keys (match, typing)

`load` migrates the database, loads the regions of the province and the KBLI table, and
writes `--businesses` owners and businesses spread over the province's villages with
PostgreSQL `COPY` (about 2-4 minutes for 1 M on 2 cores); `--sources` adds one intake
source record per business, linked to it (the "source records" of the issue). It then
runs `VACUUM ANALYZE`, so plans and index-only scans are those of a settled database.
`--reset` first deletes earlier benchmark rows (origin "demo" businesses made by this
command, their owners and source records).

`measure` runs the issue's requests through Django's test client, one client at a time,
for a province officer (scope = the province) and a regency officer (scope = the first
regency), `--repeat` times each after one warm-up, and prints p50/p95 in ms as a
markdown table (`docs/benchmarks.md`).

`normalise` writes each benchmark source record's `normalised` values (what an import
stores and the linkage engine reads) from its business's own fields, through the same
normaliser as an import (`review.frames.manual_businesses_frame`), 50,000 at a time.
`load --sources` does it too; databases loaded before it existed had `{}` there, which
makes the registry frame of the match endpoint (`/api/match`) empty of names and NIKs.

`users` creates (or keeps) the two benchmark users, `bench.province` and `bench.regency`,
with password `bench-registry-scale` — the accounts a concurrent load test logs in with.
The `SEARCHES` below (a name, a shop name, and a NIK and phone read from the database)
are the queries such a test should send too; `sample_identifiers()` returns them.

Same seed, same rows. Nothing here runs in CI: no test loads a few rows with it yet, so
run `load --businesses 200` on a scratch PostgreSQL database after changing the models.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import names_data as nd
from bench.world import make_business_name, make_name

PASSWORD = "bench-registry-scale"
USERS = {"province": "bench.province", "regency": "bench.regency"}
BENCH_SOURCE = "Benchmark registry_scale"
SEARCHES = {"owner name": "Siti Saputra", "shop name": "Warung Barokah"}
GROUP_MIX = nd.GROUP_MIX.get("19", nd.DEFAULT_MIX)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.test_settings")
    import django

    django.setup()


# ------------------------------------------------------------------------------ generating


class _Owner:
    """What `bench.world.make_business_name` reads of an owner."""

    __slots__ = ("group", "name", "sex")

    def __init__(self, name: str, sex: str, group: str) -> None:
        self.name, self.sex, self.group = name, sex, group


def _rows(
    n: int, villages: list[str], sectors: list[str], rng: random.Random, first_id: int
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(person row, business row) pairs; NIKs and phones unique by construction."""
    groups, weights = list(GROUP_MIX), list(GROUP_MIX.values())
    start = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    span = int((dt.datetime(2026, 11, 30, tzinfo=dt.UTC) - start).total_seconds())
    for i in range(n):
        pk = first_id + i
        sex = "P" if rng.random() < 0.55 else "L"
        group = rng.choices(groups, weights)[0]
        name = make_name(group, sex, rng)
        village = rng.choice(villages)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        day = born.day + (40 if sex == "P" else 0)
        # Serial from the row number: unique NIKs without a lookup.
        nik = f"{village[:6]}{day:02d}{born:%m%y}{(pk % 9999) + 1:04d}"
        phone = f"+628{(11_000_000_000 + pk * 7919) % 10_000_000_000:010d}"[:14]
        created = start + dt.timedelta(seconds=rng.randrange(span))
        person = (pk, name, nik, sex, born, phone, "", created, created)
        sector_ix = rng.randrange(len(nd.SECTORS))
        shop = make_business_name(_Owner(name, sex, group), sector_ix, rng)
        capital = int(rng.lognormvariate(17.5, 1.3))
        sales = int(capital * rng.uniform(0.5, 4))
        size = _size(capital, sales)
        covid = rng.random() < 0.6
        street = f"Jl. {rng.choice(nd.STREET_NAMES)} No. {rng.randrange(1, 200)}"
        business = (
            pk, shop, pk, street, f"{rng.randrange(1, 20):03d}/{rng.randrange(1, 10):03d}",
            village, village[:2], village[:4], village[:6], village,
            sectors[sector_ix], capital, sales, size,
            f"{rng.randrange(10**12, 10**13)}" if rng.random() < 0.3 else "",
            rng.randrange(1, 20), covid, rng.randrange(10, 90) if covid else None,
            "active" if rng.random() < 0.97 else "inactive", "demo", created, created,
        )  # fmt: skip
        yield person, business


def _size(capital: int, sales: int) -> str:
    from sinergi.registry.size_class import size_class

    return size_class(capital, sales) or ""


PERSON_COLUMNS = (
    "id", "full_name", "nik", "sex", "birth_date", "phone", "email", "created_at", "updated_at",
)  # fmt: skip
BUSINESS_COLUMNS = (
    "id", "name", "owner_id", "address", "rt_rw", "village_id", "province_code",
    "regency_code", "district_code", "village_code", "sector_id", "capital", "yearly_sales",
    "size_class", "nib", "workers", "covid_affected", "covid_revenue_drop_pct", "status",
    "origin", "created_at", "updated_at",
)  # fmt: skip
# Columns with a database default that COPY must still be given (Django defaults live in
# Python, not in the table).
BUSINESS_CONSTANTS = {"postcode": "", "kbli_edition": "2020", "marketplace_url": "",
                      "social_url": ""}  # fmt: skip


def load(n: int, province: str, seed: int, sources: bool, reset: bool) -> dict[str, float]:
    """Load `n` businesses into the PostgreSQL database of DATABASE_URL; seconds per step."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("registry_scale load needs PostgreSQL: set DATABASE_URL")
    took: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    _reference_data(province)
    took["migrate and reference data"] = time.perf_counter() - t
    if reset:
        t = time.perf_counter()
        _reset()
        took["reset"] = time.perf_counter() - t
    ensure_users(province)
    villages, sectors = _villages_and_sectors(province)
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM registry_person")
        first = max(cur.fetchone()[0], _max_id("registry_business")) + 1
    rng = random.Random(seed)
    t = time.perf_counter()
    people, businesses = [], []
    for person, business in _rows(n, villages, sectors, rng, first):
        people.append(person)
        businesses.append(business + tuple(BUSINESS_CONSTANTS.values()))
    took["generate"] = time.perf_counter() - t
    t = time.perf_counter()
    _copy("registry_person", PERSON_COLUMNS, people)
    _copy("registry_business", BUSINESS_COLUMNS + tuple(BUSINESS_CONSTANTS), businesses)
    took["copy people and businesses"] = time.perf_counter() - t
    if sources:
        t = time.perf_counter()
        _copy_sources(people, businesses)
        took["copy source records"] = time.perf_counter() - t
        t = time.perf_counter()
        normalise_sources()
        took["normalise source records"] = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("registry_person", "registry_business", "intake_sourcerecord"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    _refresh_aggregates()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    took["vacuum analyze"] = time.perf_counter() - t
    return took


def _max_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cur.fetchone()[0]


def _copy(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    connection.connection.commit() if not connection.get_autocommit() else None


def _copy_sources(people: list[tuple[Any, ...]], businesses: list[tuple[Any, ...]]) -> None:
    """One imported source record per business, linked to it, in one benchmark batch."""
    from django.utils import timezone

    from sinergi.accounts.models import Organisation
    from sinergi.intake.models import ImportBatch, Source, SourceFile

    org = Organisation.objects.get(name="Benchmark province office")
    source, _ = Source.objects.get_or_create(name=BENCH_SOURCE, organisation=org)
    batch = ImportBatch.objects.create(
        source=source, organisation=org, label=BENCH_SOURCE, status="done"
    )
    file = SourceFile.objects.create(batch=batch, name="registry_scale.csv", stored_path="",
                                     content_hash="0" * 64)  # fmt: skip
    first = _max_id("intake_sourcerecord") + 1
    now = timezone.now()
    rows = []
    for i, (person, business) in enumerate(zip(people, businesses, strict=True)):
        raw = json.dumps({"Nama Pemilik": person[1], "NIK": person[2], "Nama Usaha": business[1]})
        canonical = json.dumps({"owner_name": person[1], "nik": person[2],
                                "business_name": business[1]})  # fmt: skip
        village = business[5]
        rows.append((
            first + i, batch.pk, file.pk, "", i + 1, raw, canonical, "{}", "{}", person[1],
            business[1], "valid", village[:2], village[:4], village[:6], village, business[0],
            "linked", now, True, 0,
        ))  # fmt: skip
    _copy(
        "intake_sourcerecord",
        ("id", "batch_id", "file_id", "sheet", "row_number", "raw", "canonical", "normalised",
         "corrected", "owner_name", "business_name", "nik_status", "province_code",
         "regency_code", "district_code", "village_code", "business_id", "link_status",
         "imported_at", "in_scope", "problem_count"),
        rows,
    )  # fmt: skip


def normalise_sources(chunk: int = 50_000) -> int:
    """Write the benchmark source records' `normalised` JSON from their businesses' own
    fields (module doc); returns the number of records written."""
    import polars as pl
    from django.db import connection

    from sinergi.intake.transform import _json
    from sinergi.linkage import NORMALISED
    from sinergi.registry.models import Business
    from sinergi.review.frames import manual_businesses_frame

    with connection.cursor() as cur:
        cur.execute(
            "SELECT MIN(r.business_id), MAX(r.business_id) FROM intake_sourcerecord r"
            " JOIN intake_importbatch b ON b.id = r.batch_id JOIN intake_source s"
            " ON s.id = b.source_id WHERE s.name = %s",
            [BENCH_SOURCE],
        )
        low, high = cur.fetchone()
    if low is None:
        return 0
    written = 0
    for start in range(low, high + 1, chunk):
        some = Business.objects.filter(pk__gte=start, pk__lt=start + chunk, origin="demo")
        frame = manual_businesses_frame(exclude_with_records=False, businesses=some)
        if frame.height == 0:
            continue
        dates = [c for c, t in frame.schema.items() if t in (pl.Date, pl.Datetime)]
        out = frame.with_columns(pl.col(c).cast(pl.Utf8) for c in dates).select(
            pl.col("business_id"), _json(NORMALISED).alias("normalised")
        )
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS bench_norm"
                        " (business_id bigint PRIMARY KEY, normalised jsonb)")  # fmt: skip
            cur.execute("TRUNCATE bench_norm")
        _copy("bench_norm", ("business_id", "normalised"), out.iter_rows())
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE intake_sourcerecord r SET normalised = n.normalised FROM bench_norm n"
                " WHERE r.business_id = n.business_id AND r.batch_id IN (SELECT b.id FROM"
                " intake_importbatch b JOIN intake_source s ON s.id = b.source_id"
                " WHERE s.name = %s)",
                [BENCH_SOURCE],
            )
            written += cur.rowcount
        print(f"  normalised {written:,} source records", file=sys.stderr)  # noqa: T201
    return written


def fill_keys(chunk: int = 100_000) -> int:
    """The `BusinessKey` rows of every business (`review.keys.key_rows`, the rules the app
    uses on save), written with COPY after emptying the table: the duplicate warning and
    `/api/match` find candidates through them. Returns the number of keys written."""
    import polars as pl
    from django.db import connection

    from sinergi.review.keys import key_rows

    cols = ["business_id", "owner_name", "business_name", "nik", "phone", "nib", "regency_code"]
    schema = {c: pl.Utf8 for c in cols} | {"business_id": pl.Int64}
    with connection.cursor() as cur:
        cur.execute("TRUNCATE review_businesskey")
    high, written, start = _max_id("registry_business"), 0, 0
    while start <= high:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT b.id, p.full_name, b.name, p.nik, p.phone, b.nib, b.regency_code"
                " FROM registry_business b JOIN registry_person p ON p.id = b.owner_id"
                " WHERE b.id >= %s AND b.id < %s",
                [start, start + chunk],
            )
            rows = cur.fetchall()
        start += chunk
        if not rows:
            continue
        frame = pl.DataFrame(rows, schema=schema, orient="row").with_columns(
            pl.col(c).replace("", None) for c in cols[1:]
        )
        keys = key_rows(frame)
        _copy("review_businesskey", ("business_id", "kind", "value"), keys.iter_rows())
        written += keys.height
        print(f"  {written:,} keys up to business {start - 1:,}", file=sys.stderr)  # noqa: T201
    with connection.cursor() as cur:
        cur.execute("ANALYZE review_businesskey")
    return written


def _refresh_aggregates() -> None:
    """Rebuild pre-aggregated counts, when the insights app is installed."""
    from django.apps import apps

    if apps.is_installed("sinergi.insights"):
        from sinergi.insights.aggregates import refresh_all

        refresh_all()


def _reference_data(province: str) -> None:
    from sinergi.regions.loading import load_regions
    from sinergi.regions.models import Region
    from sinergi.registry.kbli import load_kbli
    from sinergi.registry.models import Sector

    if not Region.objects.filter(code__startswith=province, level="village").exists():
        load_regions((province,))
    if not Sector.objects.exists():
        load_kbli()


def _villages_and_sectors(province: str) -> tuple[list[str], list[str | None]]:
    from sinergi.regions.models import Region
    from sinergi.registry.models import Sector

    villages = sorted(
        Region.objects.filter(code__startswith=province, level="village").values_list(
            "code", flat=True
        )
    )
    if not villages:
        raise SystemExit(f"no villages under region {province}")
    known = set(Sector.objects.values_list("code", flat=True))
    return villages, [s[1] if s[1] in known else None for s in nd.SECTORS]


def _reset() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM intake_sourcerecord WHERE batch_id IN (SELECT b.id FROM"
            " intake_importbatch b JOIN intake_source s ON s.id = b.source_id WHERE s.name = %s)",
            [BENCH_SOURCE],
        )
        cur.execute("DELETE FROM registry_business WHERE origin = 'demo'")
        cur.execute(
            "DELETE FROM registry_person p WHERE NOT EXISTS"
            " (SELECT 1 FROM registry_business b WHERE b.owner_id = p.id) AND p.user_id IS NULL"
        )


def ensure_users(province: str = "19") -> dict[str, Any]:
    """The benchmark's province and regency officers (created once, password `PASSWORD`)."""
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Membership, Organisation
    from sinergi.regions.models import Region

    regency = (
        Region.objects.filter(code__startswith=province, level="regency")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    users = {}
    for key, scope in (("province", province), ("regency", regency)):
        user, created = get_user_model().objects.get_or_create(username=USERS[key])
        if created:
            user.set_password(PASSWORD)
            user.save()
        org, _ = Organisation.objects.get_or_create(
            name=f"Benchmark {key} office", defaults={"kind": "other", "region_id": scope}
        )
        Membership.objects.update_or_create(
            user=user,
            defaults={"organisation": org, "role": f"{key}_officer", "scope_id": scope},
        )
        users[key] = user
    return users


# ------------------------------------------------------------------------------- measuring


def sample_identifiers(scope: str) -> dict[str, str]:
    """A NIK and a phone (as an officer types it, 08...) of a business inside `scope`,
    picked deterministically."""
    from sinergi.registry.models import Business

    mine = Business.objects.within(scope).filter(origin="demo")
    at = min(1234, mine.count() // 2)
    business = mine.select_related("owner").order_by("id")[at : at + 1].get()
    return {"nik": business.owner.nik, "phone": "0" + business.owner.phone[3:],
            "business": str(business.pk)}  # fmt: skip


def requests_for(scope: str, *, with_detail: bool) -> dict[str, tuple[str, str, dict]]:
    """The issue's requests: name -> (method, path, data)."""
    ids = sample_identifiers(scope)
    cases = {
        "list, page 1": ("GET", "/registry/", {}),
        "list, page 2000": ("GET", "/registry/?page=2000", {}),
        f'search an owner\'s name ("{SEARCHES["owner name"]}")': (
            "POST", "/registry/", {"q": SEARCHES["owner name"]},
        ),
        f'search a shop name ("{SEARCHES["shop name"]}")': (
            "POST", "/registry/", {"q": SEARCHES["shop name"]},
        ),
        "search a NIK": ("POST", "/registry/", {"q": ids["nik"]}),
        "search a phone number": ("POST", "/registry/", {"q": ids["phone"]}),
    }  # fmt: skip
    if with_detail:
        cases["business page"] = ("GET", f"/registry/{ids['business']}/", {})
    return cases


INSIGHT_CASES = {
    "dashboard (home page)": ("GET", "/", {}),
    "map of the scope": ("GET", "/insights/map/", {}),
    "API list, first page": ("API", "/api/businesses", {}),
    "API list, name search": ("API", "/api/businesses?q=Warung+Barokah", {}),
}


def _api_token(user: Any) -> str:
    """A bearer token for `user`, stored hashed like any other (name "benchmark")."""
    from sinergi.api.models import ApiToken
    from sinergi.api.tokens import digest

    secret = f"bench-{user.username}"
    ApiToken.objects.get_or_create(
        key_hash=digest(secret), defaults={"user": user, "name": "benchmark", "prefix": secret[:8]}
    )
    return secret


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile (of 15 samples: the 15th, i.e. the slowest)."""
    ordered = sorted(samples)
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]


def timed(call: Callable[[], Any], repeat: int) -> list[float]:
    call()  # warm-up: connection, caches
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        response = call()
        out.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"status {response.status_code} for {response.request}")
    return out


def measure(
    repeat: int, province: str = "19", insights: bool = True
) -> dict[str, dict[str, dict[str, float]]]:
    from django.test import Client

    users = ensure_users(province)
    from django.apps import apps

    insights = insights and apps.is_installed("sinergi.insights")
    if insights:
        from sinergi.insights.aggregates import ensure_fresh

        ensure_fresh()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for key, user in users.items():
        scope = user.membership.scope_id
        client = Client()
        client.force_login(user)
        cases = requests_for(scope, with_detail=key == "province")
        if insights:
            cases |= INSIGHT_CASES
        for name, (method, path, data) in cases.items():
            if method == "API":
                auth = {"Authorization": f"Bearer {_api_token(user)}"}
                samples = timed(lambda c=client, p=path, h=auth: c.get(p, headers=h), repeat)
            elif method == "GET":
                samples = timed(lambda c=client, p=path: c.get(p), repeat)
            else:
                samples = timed(lambda c=client, p=path, d=data: c.post(p, d), repeat)
            results.setdefault(name, {})[f"{key} ({scope})"] = {
                "p50": statistics.median(samples),
                "p95": p95(samples),
            }
            print(f"  {key:8} {name:45} p95 {p95(samples):8.0f} ms", file=sys.stderr)  # noqa: T201
    return results


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    columns = sorted({c for row in results.values() for c in row})
    lines = ["| request | " + " | ".join(f"{c} p95 (p50)" for c in columns) + " |"]
    lines.append("|---|" + "---:|" * len(columns))
    for name, row in results.items():
        cells = [
            f"{row[c]['p95']:,.0f} ms ({row[c]['p50']:,.0f})" if c in row else "–" for c in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.registry_scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="load businesses into PostgreSQL")
    p_load.add_argument("--businesses", type=int, default=1_000_000)
    p_load.add_argument("--province", default="19")
    p_load.add_argument("--seed", type=int, default=7)
    p_load.add_argument("--sources", action="store_true", help="one source record per business")
    p_load.add_argument("--reset", action="store_true", help="delete earlier benchmark rows")
    p_measure = sub.add_parser("measure", help="time the issue's requests")
    p_measure.add_argument("--repeat", type=int, default=15)
    p_measure.add_argument("--province", default="19")
    p_measure.add_argument("--json", type=Path)
    sub.add_parser("users", help="create the benchmark users only")
    sub.add_parser("normalise", help="the source records' normalised values (for match)")
    sub.add_parser("keys", help="the businesses' blocking keys (duplicate warning, match)")
    args = parser.parse_args(argv)
    setup_django()
    if args.command == "load":
        t = time.perf_counter()
        took = load(args.businesses, args.province, args.seed, args.sources, args.reset)
        for step, seconds in took.items():
            print(f"{step}: {seconds:.1f} s")  # noqa: T201
        print(f"total: {time.perf_counter() - t:.1f} s")  # noqa: T201
    elif args.command == "users":
        ensure_users()
    elif args.command == "normalise":
        t = time.perf_counter()
        n = normalise_sources()
        with_vacuum = "VACUUM ANALYZE intake_sourcerecord"
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(with_vacuum)
        print(f"normalised {n:,} source records in {time.perf_counter() - t:.0f} s")  # noqa: T201
    elif args.command == "keys":
        t = time.perf_counter()
        n = fill_keys()
        print(f"wrote {n:,} business keys in {time.perf_counter() - t:.0f} s")  # noqa: T201
    else:
        results = measure(args.repeat, args.province)
        print(table(results))  # noqa: T201
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
