"""Synthetic aid lists for `sinergi screen`: proposed, received and exclusion lists with
the findings a perfect screen would report.

    python -m bench.generate_aid --proposed 20000 --received 100000 --seed 11 --out DIR

Writes DIR/proposed/*.csv (person-based BPUM-style lists, one per province: NO, NAMA, NIK,
ALAMAT, KAB/KOTA, JENIS BANTUAN, NOMINAL; some passed through Excel with a numeric NIK
column), DIR/received/bpum_salur.csv (aid already paid, with TANGGAL CAIR in and outside
the period), DIR/exclude/{asn,deceased,credit}.csv (carry NIKs) and DIR/exclude/bumn.csv
(name, birth date and regency only), plus:
- expected.csv: source_file, source_row, reason, related (the person or row behind it);
- rows.csv: source_file, source_row, person_id, kind, tags (corruption tags), nik_readable;
- reference_rows.csv: file, row, person_id of every received and exclusion row;
- manifest.json: sizes, period, seed, and which reasons are scored on which rows.

The world comes from `bench.world.build_world` and cells are written by `bench.corrupt`,
so names, NIKs, addresses and regencies carry the same damage as the dedupe benchmark.

Ground truth (the screen runs with the default --per-kind and --period-from/--period-to
PERIOD below):
- DUPLICATE_IN_LIST: every proposed row of a (person, aid kind) but the first in source
  order (files in name order, rows in order). A person proposed for two kinds is not one.
- ALREADY_RECEIVED: a proposed row whose person has a received row of the same kind
  paid inside the period (rows of another kind or outside the period are decoys).
- EXCLUDED_<CAT>: a proposed row whose person is on that list.
- NIK_SHARED: a family member proposed under another person's NIK: both rows.
- NIK_MISSING / NIK_DAMAGED: from the corruption tags; rows whose NIK got a typo or a KK
  number are not scored for NIK_* codes (whether they stay valid is chance).

Invariants: same arguments, same files byte for byte; every proposed row is in rows.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import names_data as nd
from bench.corrupt import Rates, render_name, render_nik, render_regency, render_street
from bench.generate import default_regency_count, slug
from bench.world import NATIONAL_PROVINCES, Business, build_world, pick_regencies
from sinergi.linkage.normalize.region_tables import load_tables

PERIOD = ("2021-01-01", "2021-12-31")
KIND_WEIGHTS = (0.45, 0.2, 0.15, 0.12, 0.08)
PROPOSED_HEADER = ("NO", "NAMA", "NIK", "ALAMAT", "KAB/KOTA", "JENIS BANTUAN", "NOMINAL")
RECEIVED_HEADER = ("NAMA", "NIK", "ALAMAT", "KAB/KOTA", "JENIS BANTUAN", "NOMINAL", "TANGGAL CAIR")
EXCLUDE_HEADERS = {
    "asn": ("NIP", "NAMA", "NIK", "INSTANSI", "KAB/KOTA"),
    "deceased": ("NIK", "NAMA", "TANGGAL MENINGGAL", "KAB/KOTA"),
    "credit": ("NAMA DEBITUR", "NIK", "BANK", "JENIS KREDIT"),
    "bumn": ("NAMA", "TANGGAL LAHIR", "KAB/KOTA", "PERUSAHAAN"),
}


@dataclass(frozen=True)
class AidRates:
    """How often each case happens (per proposed person unless said otherwise)."""

    double_same_kind: float = 0.04  # proposed twice for the same kind (a duplicate)
    double_other_kind: float = 0.03  # proposed again for another kind (not a duplicate)
    double_other_file: float = 0.5  # of doubles: in another province's list
    received: float = 0.15  # already has a received row of the same kind in the period
    received_decoy: float = 0.05  # received row of another kind or outside the period
    asn: float = 0.02
    deceased: float = 0.01
    credit: float = 0.03
    bumn: float = 0.01
    shared_nik: float = 0.003  # a family member proposed with this person's NIK
    excel_file: float = 0.25  # proposed lists whose NIK column was numeric
    exclusion_filler: float = 2.0  # exclusion rows of people not proposed, per listed one


@dataclass
class _Row:
    person: int
    kind: str
    file: str
    tags: list[str] = field(default_factory=list)
    nik_override: str | None = None
    name_override: str | None = None


def _persons(world: list[Business]) -> list[Business]:
    """One business per owner: the owner's first (its address is where they live)."""
    seen: set[int] = set()
    out = []
    for b in world:
        if b.owner.person_id not in seen:
            seen.add(b.owner.person_id)
            out.append(b)
    return out


def _regency_text(b: Business, rng: random.Random, rates: Rates, tags: list[str]) -> str:
    name = load_tables().regencies[b.village_code[:4]].name.strip()
    return render_regency(name, rng, rates, tags).upper()


def _address(b: Business, rng: random.Random, rates: Rates, tags: list[str]) -> str:
    tables = load_tables()
    v = tables.villages[b.village_code]
    d = tables.districts[v.parent_code]  # type: ignore[index]
    street = render_street(b.address, rng, rates, tags)
    return " ".join(p for p in (street, f"DS. {v.name.strip()}", f"KEC. {d.name.strip()}") if p)


def generate_aid(
    out: Path,
    proposed: int = 20_000,
    received: int = 100_000,
    seed: int = 11,
    aid: AidRates | None = None,
    rates: Rates | None = None,
) -> dict[str, object]:
    """Write the lists and their truth to `out`; return the manifest."""
    aid = aid or AidRates()
    rates = rates or Rates()
    rng = random.Random(seed)
    n_prop_people = int(proposed / (1 + aid.double_same_kind + aid.double_other_kind) + 1)
    listed = aid.asn + aid.deceased + aid.credit + aid.bumn
    n_people = int(
        n_prop_people * (1.1 + listed * aid.exclusion_filler + aid.shared_nik)
        + max(received - n_prop_people * (aid.received + aid.received_decoy), 0)
        + 10
    )
    chosen = pick_regencies(default_regency_count(proposed * 4), rng, NATIONAL_PROVINCES)
    world = _persons(
        build_world(int(n_people * 1.06), chosen, [0.0] * int(n_people * 1.06), rates, rng)
    )
    rng.shuffle(world)
    tables = load_tables()
    kinds = list(nd.AID_KINDS)
    prop_people = world[:n_prop_people]
    rest = iter(world[n_prop_people:])
    by_id = {b.owner.person_id: b for b in world}

    def file_of(b: Business) -> str:
        return f"usulan_{slug(tables.provinces[b.village_code[:2]].name)}.csv"

    files = sorted({file_of(b) for b in prop_people})
    rows: list[_Row] = []
    kind_of: dict[int, str] = {}
    for b in prop_people:
        pid = b.owner.person_id
        kind = rng.choices(kinds, weights=KIND_WEIGHTS)[0]
        kind_of[pid] = kind
        rows.append(_Row(pid, kind, file_of(b)))
        for p_double, same in ((aid.double_same_kind, True), (aid.double_other_kind, False)):
            if rng.random() < p_double:
                k2 = kind if same else rng.choice([k for k in kinds if k != kind])
                f2 = rng.choice(files) if rng.random() < aid.double_other_file else file_of(b)
                rows.append(_Row(pid, k2, f2, ["doubled"] if same else ["other_kind"]))
    # Family members proposed under someone else's NIK (people on no other list). The
    # list is cut to size first, so that none of them is cut off.
    shared_owners = rng.sample(prop_people, int(len(prop_people) * aid.shared_nik))
    rows = rows[: max(proposed - len(shared_owners), 0)]
    no_reference = {b.owner.person_id for b in shared_owners}
    for b in shared_owners:
        kin = next(rest)
        by_id[kin.owner.person_id] = _Business_at(kin, b)
        rows.append(
            _Row(kin.owner.person_id, kind_of[b.owner.person_id], file_of(b), ["shared_nik"],
                 nik_override=b.owner.nik)
        )  # fmt: skip
    # --- write proposed lists
    excel = {f: rng.random() < aid.excel_file for f in files}
    per_file: dict[str, list[_Row]] = {f: [] for f in files}
    for r in rows:
        per_file[r.file].append(r)
    expected: list[tuple[str, int, str, str]] = []
    row_info: list[tuple[object, ...]] = []
    order: list[tuple[str, int, _Row]] = []
    (out / "proposed").mkdir(parents=True, exist_ok=True)
    for f in files:
        members = per_file[f]
        rng.shuffle(members)
        data = []
        for i, r in enumerate(members, start=1):
            b = by_id[r.person]
            o = b.owner
            tags = r.tags
            nik = render_nik(r.nik_override or o.nik, rng, rates, tags, excel[f])
            amount = rng.choice(nd.AID_AMOUNTS)
            amount_text = rng.choice(
                (str(amount), f"{amount:,}".replace(",", "."), f"Rp {amount:,}".replace(",", "."))
            )
            data.append(
                [str(i), render_name(o.name, o.sex, rng, rates, tags).upper(), nik,
                 _address(b, rng, rates, tags).upper(), _regency_text(b, rng, rates, tags),
                 r.kind.upper(), amount_text]
            )  # fmt: skip
            order.append((f, i, r))
            # Readable: the person's own NIK survives (valid, or 15 digits kept by Excel).
            readable = not any(t in tags for t in ("nik_missing", "nik_kk", "nik_typo", "nik_sci"))
            row_info.append(
                (f, i, f"P{r.person}", r.kind, ";".join(tags), int(readable), int(excel[f]))
            )
        _write_csv(out / "proposed" / f, PROPOSED_HEADER, data)
    # --- truth: duplicates (source order = files by name, rows in order)
    first_of: dict[tuple[int, str], tuple[str, int]] = {}
    for f, i, r in order:
        key = (r.person, r.kind)
        if key in first_of:
            expected.append((f, i, "DUPLICATE_IN_LIST", f"{first_of[key][0]}:{first_of[key][1]}"))
        else:
            first_of[key] = (f, i)
        if "nik_missing" in r.tags:
            expected.append((f, i, "NIK_MISSING", ""))
        elif excel[f] and not {"nik_kk", "nik_typo"} & set(r.tags) or "nik_sci" in r.tags:
            expected.append((f, i, "NIK_DAMAGED", ""))
    for f, i, r in order:
        if "shared_nik" in r.tags:
            owner_pid = next(
                b.owner.person_id for b in shared_owners if b.owner.nik == r.nik_override
            )
            expected.append((f, i, "NIK_SHARED", f"P{owner_pid}"))
            for f2, i2, r2 in order:
                if r2.person == owner_pid:
                    expected.append((f2, i2, "NIK_SHARED", f"P{r.person}"))
    # --- received list
    received_rows: list[tuple[int, list[str]]] = []
    got: set[int] = set()
    for b in prop_people:
        pid = b.owner.person_id
        if pid in no_reference:
            continue
        x = rng.random()
        if x < aid.received:
            received_rows.append((pid, _received_row(b, kind_of[pid], True, rng, rates)))
            got.add(pid)
        elif x < aid.received + aid.received_decoy:
            other = rng.random() < 0.5
            k = rng.choice([k for k in kinds if k != kind_of[pid]]) if other else kind_of[pid]
            received_rows.append((pid, _received_row(b, k, other, rng, rates)))
    while len(received_rows) < received:
        b = next(rest)
        in_period = rng.random() < 0.7
        received_rows.append(
            (b.owner.person_id, _received_row(b, rng.choice(kinds), in_period, rng, rates))
        )
    rng.shuffle(received_rows)
    (out / "received").mkdir(parents=True, exist_ok=True)
    _write_csv(out / "received" / "bpum_salur.csv", RECEIVED_HEADER, [r for _, r in received_rows])
    reference_rows = [
        ("bpum_salur.csv", i, f"P{pid}") for i, (pid, _) in enumerate(received_rows, start=1)
    ]
    for f, i, r in order:
        if r.person in got and r.kind == kind_of[r.person] and "shared_nik" not in r.tags:
            expected.append((f, i, "ALREADY_RECEIVED", f"P{r.person}"))
    # --- exclusion lists
    (out / "exclude").mkdir(parents=True, exist_ok=True)
    members_of: dict[str, set[int]] = {}
    for cat, share in (("asn", aid.asn), ("deceased", aid.deceased), ("credit", aid.credit),
                       ("bumn", aid.bumn)):  # fmt: skip
        pool = [b for b in prop_people if b.owner.person_id not in no_reference]
        picked = rng.sample(pool, int(len(prop_people) * share))
        members_of[cat] = {b.owner.person_id for b in picked}
        people = picked + [next(rest) for _ in range(int(len(picked) * aid.exclusion_filler))]
        listed_rows = [(b.owner.person_id, _exclusion_row(cat, b, rng, rates)) for b in people]
        rng.shuffle(listed_rows)
        _write_csv(
            out / "exclude" / f"{cat}.csv", EXCLUDE_HEADERS[cat], [r for _, r in listed_rows]
        )
        reference_rows += [
            (f"{cat}.csv", i, f"P{pid}") for i, (pid, _) in enumerate(listed_rows, start=1)
        ]
    for f, i, r in order:
        for cat, pids in members_of.items():
            if r.person in pids and "shared_nik" not in r.tags:
                expected.append((f, i, f"EXCLUDED_{cat.upper()}", f"P{r.person}"))
    _write_table(out / "expected.csv", ("source_file", "source_row", "reason", "related"), expected)
    _write_table(
        out / "rows.csv",
        ("source_file", "source_row", "person_id", "kind", "tags", "nik_readable", "excel"),
        row_info,
    )
    _write_table(out / "reference_rows.csv", ("file", "row", "person_id"), reference_rows)
    manifest = {
        "seed": seed,
        "proposed_rows": len(order),
        "received_rows": len(received_rows),
        "proposed_files": files,
        "period": PERIOD,
        "exclude": {c: f"exclude/{c}.csv" for c in EXCLUDE_HEADERS},
        "carries_nik": {"asn": True, "deceased": True, "credit": True, "bumn": False},
        "excel_damaged": [f for f in files if excel[f]],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _Business_at(kin: Business, home: Business) -> Business:  # noqa: N802 - a constructor
    """The family member lives at the NIK owner's address."""
    return Business(
        business_id=kin.business_id,
        owner=kin.owner,
        name=kin.name,
        sector=kin.sector,
        address=home.address,
        village_code=home.village_code,
        nib="",
    )


def _received_row(
    b: Business, kind: str, in_period: bool, rng: random.Random, rates: Rates
) -> list[str]:
    tags: list[str] = []
    o = b.owner
    if in_period:
        when = f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    else:
        when = rng.choice(("2019", "2020"))
        when = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{when}"
    return [
        render_name(o.name, o.sex, rng, rates, tags).upper(),
        render_nik(o.nik, rng, rates, tags),
        _address(b, rng, rates, tags).upper(),
        _regency_text(b, rng, rates, tags),
        kind.upper(),
        str(rng.choice(nd.AID_AMOUNTS)),
        when,
    ]


def _birth(nik: str) -> str:
    day = int(nik[6:8])
    day = day - 40 if day > 40 else day
    yy = int(nik[10:12])
    year = 2000 + yy if yy <= 8 else 1900 + yy
    return f"{day:02d}-{nik[8:10]}-{year}"


def _exclusion_row(cat: str, b: Business, rng: random.Random, rates: Rates) -> list[str]:
    """Registry lists: legal names in capitals, NIKs as text (no Excel damage)."""
    o = b.owner
    tags: list[str] = []
    name = o.name.upper()
    regency = load_tables().regencies[b.village_code[:4]].name.strip().upper()
    if cat == "asn":
        born = _birth(o.nik)
        nip = f"{born[-4:]}{born[3:5]}{born[:2]}2005{rng.randint(1, 2)}1{rng.randint(1, 999):03d}"
        clean = Rates(name_title=0.5, name_typo=0)
        titled = render_name(o.name, o.sex, rng, clean, tags).upper()
        return [
            nip,
            titled,
            o.nik,
            rng.choice(("DINAS PU", "DINAS PENDIDIKAN", "RSUD", "POLRES")),
            regency,
        ]
    if cat == "deceased":
        return [o.nik, name, f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-2020", regency]
    if cat == "credit":
        return [
            name,
            o.nik,
            rng.choice(("BRI", "BNI", "MANDIRI", "BSI")),
            rng.choice(("KUR MIKRO", "KUR KECIL", "KUPEDES")),
        ]
    return [
        name,
        _birth(o.nik),
        regency,
        rng.choice(("PT PLN", "PT POS", "PT KAI", "PT PERTAMINA")),
    ]


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    _write_table(path, header, rows)


def _write_table(path: Path, header: tuple[str, ...], rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.generate_aid", description=__doc__.split("\n")[0]
    )
    p.add_argument("--proposed", type=int, default=20_000)
    p.add_argument("--received", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    t = time.perf_counter()
    m = generate_aid(args.out, args.proposed, args.received, args.seed)
    print(  # noqa: T201 - a command-line tool
        f"{m['proposed_rows']:,} proposed, {m['received_rows']:,} received rows -> {args.out} "
        f"in {time.perf_counter() - t:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
