"""Time `prepare.normalise_frame` on a realistic 1M-row frame (one core by default).

    .venv/bin/python bench/bench_normalise.py [--rows 1000000] [--threads 1] [--no-regions]

Values are drawn the way officers write them (titles, degrees, old spelling, Muhammad
variants, shop forms, RT/RW spellings, phone formats, Excel-damaged NIKs), with about
one distinct owner name per two rows, so the per-distinct-value work is realistic.
Prints seconds per stage and in total.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time


def build(rows: int, seed: int = 7):
    import polars as pl

    from sinergi.linkage.normalize.region_tables import load_tables

    rng = random.Random(seed)
    tables = load_tables()
    # One province's data, as a provincial office holds it (Jawa Barat: ~5,900 villages).
    districts = [d for d in tables.districts.values() if d.code.startswith("32")]
    villages = [v for v in tables.villages.values() if v.code.startswith("32")]
    regencies = [r for r in tables.regencies.values() if r.code.startswith("32")]
    first = (
        "Siti Budi Agus Dewi Sri Eko Joko Ahmad Muhammad Nur Rina Wayan Made Nyoman Ketut "
        "Putu Andi Yusuf Fitri Dian Rudi Hendra Indah Ayu Bambang Slamet Tjahjono Soekarno "
        "Wahyu Rizki Fajar Dwi Tri Ani Yanti Heru Teguh Lestari Putri Rahmat Hasan"
    ).split()
    middle = "Aminah Santoso Wijaya Widjaja Prasetyo Hidayat Kusuma Saputra Lestari Rahayu".split()
    last = (
        "Setiawan Gunawan Susanto Sutrisno Hartono Purnomo Nugroho Wibowo Siregar Nasution "
        "Harahap Lubis Simanjuntak Sinaga Pane Daulay Ginting Tarigan Sembiring Manurung "
        "Pratama Permana Kurniawan Firmansyah Hakim Syahputra Chairul Achmad Effendi"
    ).split()
    titles = ["", "", "", "", "H. ", "Hj. ", "Drs. ", "Ir. ", "Bu ", "Bapak ", "Dr. "]
    degrees = ["", "", "", "", ", S.Pd.", " SE", ", S.H.", ", A.Md.", " MM", ", S.Kom"]
    muh = ["Muhammad", "M.", "Moh.", "Moch.", "Muh.", "Mochamad", "Mhd."]
    forms = ["Warung", "Toko", "UD", "CV.", "Kedai", "RM", "Kios", "PT.", "", "", "Usaha"]
    honor = ["", "", "Bu ", "Pak ", "Mbak ", "Koh "]
    words = "Sinar Jaya Makmur Berkah Barokah Rejeki Abadi Sentosa Mandiri Sejahtera Maju".split()
    kinds = ["Jl.", "Jln.", "Jalan", "Gg.", "Dsn.", "Kp.", "Perum."]
    streets = "Merdeka Sudirman Diponegoro Kartini Mawar Melati Pahlawan Pemuda Veteran".split()

    people = max(rows // 2, 1)
    base_names = []
    for _ in range(people):
        f = rng.choice(muh) if rng.random() < 0.08 else rng.choice(first)
        parts = [f, rng.choice(middle)] if rng.random() < 0.5 else [f]
        parts.append(rng.choice(last))
        base_names.append(" ".join(parts) + f" {rng.randint(1, 999)}" * 0)
    owner, nik, kk, biz, phone, addr, rtrw, vil, dist, reg, files, sex, bdate, amount = (
        [] for _ in range(14)
    )
    for i in range(rows):
        n = base_names[rng.randrange(people)]
        owner.append(rng.choice(titles) + n + rng.choice(degrees))
        d = rng.choice(districts)
        born_day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
        value = f"{d.code}{born_day:02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}"
        value += f"{rng.randint(1, 9999):04d}"
        x = rng.random()
        if x < 0.05:
            value = "'" + value
        elif x < 0.08:
            value = value[:15] + "0"
        elif x < 0.10:
            value = f"{value[0]}.{value[1:6]}E+15"
        elif x < 0.12:
            value = rng.choice(["-", "", "belum ada"])
        nik.append(value)
        kk.append(f"{d.code}{rng.randint(10**9, 10**10 - 1)}")
        biz.append(
            f"{rng.choice(forms)} {rng.choice(honor)}{rng.choice(words)} {rng.choice(words)}"
        )
        mobile = f"08{rng.randint(11, 99)}{rng.randint(10**6, 10**8 - 1)}"
        y = rng.random()
        phone.append(
            mobile
            if y < 0.4
            else f"+62 {mobile[1:4]}-{mobile[4:8]}-{mobile[8:]}"
            if y < 0.7
            else f"{mobile} / 0813{rng.randint(10**6, 10**7 - 1)}"
            if y < 0.8
            else "-"
        )
        rt, rw = rng.randint(1, 20), rng.randint(1, 12)
        addr.append(
            f"{rng.choice(kinds)} {rng.choice(streets)} No. {rng.randint(1, 200)} "
            + rng.choice([f"RT {rt:03d}/RW {rw:03d}", f"RT.{rt} RW.{rw}", f"{rt:03d}/{rw:03d}"])
        )
        rtrw.append(None)
        v = rng.choice(villages)
        vil.append(v.name)
        dist.append(tables.districts[v.parent_code].name if v.parent_code else None)
        reg.append(rng.choice(regencies).name.replace("Kabupaten ", "Kab. "))
        files.append(f"file_{i % 40:02d}.xlsx")
        sex.append(rng.choice(["L", "P", "Laki-laki", "Perempuan", ""]))
        bdate.append(f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-19{rng.randint(50, 99)}")
        amount.append(rng.choice(["Rp 2.400.000", "2,4 jt", "2400000", "", "Rp1.200.000,-"]))
    return pl.DataFrame(
        {
            "unique_id": list(range(rows)),
            "source_file": files,
            "source_row": [i // 40 + 1 for i in range(rows)],
            "owner_name": owner,
            "nik": nik,
            "kk": kk,
            "business_name": biz,
            "phone": phone,
            "address": addr,
            "rt_rw": rtrw,
            "village": vil,
            "district": dist,
            "regency": reg,
            "sex": sex,
            "birth_date": bdate,
            "amount": amount,
        },
        schema_overrides={"rt_rw": pl.Utf8},
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument(
        "--no-regions",
        action="store_true",
        help="skip the region resolver (another module) to time the normalisers alone",
    )
    args = ap.parse_args()
    # Must be set before polars is imported.
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars as pl

    from sinergi.linkage import prepare
    from sinergi.linkage.normalize.region_tables import load_tables

    t = time.perf_counter()
    df = build(args.rows)
    print(
        f"built {df.height:,} rows in {time.perf_counter() - t:.1f} s",
        f"(threads={pl.thread_pool_size()})",
    )
    load_tables()
    if args.no_regions:
        prepare.resolve_frame = None

    t = time.perf_counter()
    out = prepare.normalise_frame(df)
    seconds = time.perf_counter() - t
    print(f"normalise_frame: {seconds:.1f} s for {out.height:,} rows, {out.width} columns")
    t = time.perf_counter()
    problems = prepare.frame_problems(out)
    print(f"frame_problems: {time.perf_counter() - t:.1f} s, {problems.height:,} problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
