"""The cost of one `/api/match` call in process, and whether it finds the business.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_scale_copy \\
        python -m bench.match_bench [--records 60] [--profile 20]

On the `bench.registry_scale` database (1 M businesses; the keys filled by
`python -m bench.registry_scale keys` or the migrations): the province officer matches
`--records` registry businesses sent the way `bench.http_load`'s match phase sends them
(half with the NIK, 30 % with the phone as typed, 30 % with a letter dropped from the
owner's name), through `api.linkage.match_record` and the response's grades and reasons.
Prints the CPU ms per call (this process: normalising, key lookups' client side,
scoring; the database's own CPU is not in it), how many businesses were a candidate,
first, and first and `certain`, and the known hard case (a shop name shared by ~5,000
businesses, the owner typed with a slip, no NIK) with and without its regency.
`--profile N` prints cProfile's top functions over N calls.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def records(count: int) -> list[tuple[int, dict[str, str]]]:
    """(business id, record) pairs: registry owners and shops as another system would
    send them, some with the NIK, some with the phone, some with a typo in the owner's
    name (also the match pool of `bench.http_load`)."""
    from sinergi.registry.models import Business

    rows = (
        Business.objects.filter(origin="demo")
        .order_by("id")
        .values_list("id", "name", "owner__full_name", "owner__nik", "owner__phone")[
            1000 : 1000 + count * 37 : 37
        ]
    )
    rng = random.Random(5)
    out = []
    for pk, shop, owner, nik, phone in rows:
        record = {"business_name": shop, "owner_name": owner}
        if rng.random() < 0.5:
            record["nik"] = nik
        if rng.random() < 0.3:
            record["phone"] = "0" + phone[3:]
        if rng.random() < 0.3 and len(owner) > 4:
            i = rng.randrange(1, len(owner) - 1)
            record["owner_name"] = owner[:i] + owner[i + 1 :]
        out.append((pk, record))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=60)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from sinergi.api import linkage
    from sinergi.registry.models import Business

    user = get_user_model().objects.get(username="bench.province")

    def call(record: dict[str, str]) -> Any:
        matched = linkage.match_record(user, record)
        for s in matched.candidates:
            linkage.grade(s, matched.thresholds)
            linkage.field_reasons(s.fields)
            linkage.reasons(s, record, s.business, s.fields)
        return matched

    pool = records(args.records)
    for _, record in pool[:2]:
        call(record)  # the scorer and the reference tables are built once per process
    found = first = certain = 0
    t0 = time.process_time()
    for pk, record in pool:
        matched = call(record)
        ids = [s.business_id for s in matched.candidates]
        found += pk in ids
        if ids and ids[0] == pk:
            first += 1
            certain += linkage.grade(matched.candidates[0], matched.thresholds) == "certain"
    cpu = (time.process_time() - t0) / len(pool) * 1000
    _say(f"{len(pool)} calls: {cpu:.1f} CPU ms per call; the business was a candidate for "
         f"{found}, first for {first}, first and certain for {certain}")  # fmt: skip
    hard = (
        Business.objects.filter(name="Salon Salon Dua Putri", owner__full_name="Yuniati Utami")
        .values_list("id", flat=True)
        .first()
    )
    if hard is not None:
        for regency in ("1971", ""):
            typed = {"business_name": "Salon Salon Dua Putri", "owner_name": "Yuniati Utam"}
            ids = [s.business_id for s in call({**typed, "regency": regency}).candidates]
            rank = ids.index(hard) + 1 if hard in ids else None
            _say(f"'Yuniati Utam', regency {regency or 'not sent'}: business {hard} is "
                 f"{f'candidate {rank} of {len(ids)}' if rank else 'not a candidate'}")  # fmt: skip
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _, record in pool[: args.profile]:
            call(record)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumtime").print_stats(30)


if __name__ == "__main__":
    main()
