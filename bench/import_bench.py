"""Import benchmark: synthetic source files through the platform's own import path.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_bench_intake \\
        python -m bench.import_bench --rows 1000000
    python -m bench.import_bench --rows 200000 --sqlite           # a fresh SQLite file
    python -m bench.import_bench --rows 260000 --xlsx            # one 100k-row .xlsx

Files come from `bench.generate` (messy UMKM lists with Excel damage, title rows, ...);
with --xlsx the first 100k rows of the generated regency-office lists (about 40% of the
generated rows) become ONE .xlsx sheet of text cells (Excel-damaged NIKs such as
"1.90206E+15" stay as the generator wrote them).

Timed exactly as the app runs it, minus the review app's linking (a separate benchmark):
  upload  = `actions.create_batch` (store the file, hash it, read it for the preview and
            keep what was read for the import, recognise columns, duplicate check);
  import  = `pipeline.run_import` (the table kept at upload, normalise with
            `prepare.normalise_frame` in chunks, problems, region scope, COPY / executemany
            of raw rows + records + problems).
Reports rows/s of each and end to end, the CPU seconds of this process and (local
PostgreSQL) of the server's backends for this database, and checks one stored record per
input row. Use a freshly created database for comparable figures.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def build_xlsx(sources: Path, out: Path, rows: int) -> tuple[Path, int]:
    """One .xlsx of the first `rows` rows of the generated regency-office (dinas_*) lists.

    The lists' columns are unified by name (a list without a column leaves it empty).
    """
    import polars as pl
    from openpyxl import Workbook

    from sinergi.linkage.io.read import read_table

    frames = []
    for path in sorted(sources.glob("dinas_*.csv")):
        table = read_table(path)
        frames.append(table.frame.drop("source_row"))
    frame = pl.concat(frames, how="diagonal_relaxed").head(rows)
    header = frame.columns
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data UMKM")
    sheet.append(header)
    for row in frame.iter_rows():
        sheet.append(list(row))
    target = out / "dinas_gabungan.xlsx"
    book.save(target)
    return target, frame.height


class ServerCpu:
    """CPU seconds of the PostgreSQL server processes serving this benchmark's database.

    Wall time on a shared machine depends on the other work; CPU seconds much less, so they
    show what a change saved. Needs a local server and Linux /proc (else reports nothing):
    a thread samples pg_stat_activity's backends of the database every 0.2 s and keeps each
    one's last user + system time.
    """

    def __init__(self, url: str) -> None:
        import threading

        self._url = url
        self._seen: dict[int, float] = {}
        self._before: dict[int, float] = {}  # what backends open at the start had used
        self._stop = threading.Event()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._thread.start()
        self._started.wait(10)

    def _cpu(self, pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self._tick

    def _poll(self) -> None:
        import psycopg

        try:
            conn = psycopg.connect(self._url, autocommit=True)
        except psycopg.Error:
            self._started.set()
            return
        with conn:
            first = True
            while first or not self._stop.wait(0.2):
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                for (pid,) in rows:
                    cpu = self._cpu(pid)
                    if cpu is not None:
                        if first:
                            self._before[pid] = cpu
                        self._seen[pid] = max(cpu, self._seen.get(pid, 0.0))
                if first:
                    first = False
                    self._started.set()

    def seconds(self) -> float:
        return sum(cpu - self._before.get(pid, 0.0) for pid, cpu in self._seen.items())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.seconds()


def _own_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_gb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.import_bench", description=__doc__)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--data", type=Path, help="reuse generated files in this directory")
    p.add_argument("--sqlite", action="store_true", help="use a fresh SQLite file")
    p.add_argument("--xlsx", action="store_true", help="import one .xlsx of regency lists")
    p.add_argument("--xlsx-rows", type=int, default=100_000, help="rows in that .xlsx")
    p.add_argument("--chunk", type=int, default=None, help="rows per chunk (default: app's)")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="sinergi-import-bench-"))
    os.environ["SINERGI_VAR_DIR"] = str(work / "var")
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        p.error("set DATABASE_URL to a PostgreSQL database, or pass --sqlite")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")

    data = args.data or work / "data"
    if args.data is None:
        from bench.generate import generate

        t = time.perf_counter()
        generate(data, args.rows, args.seed)
        _say(f"generated {args.rows:,} rows in {time.perf_counter() - t:.1f} s -> {data}")
    sources = data / "sources"
    if args.xlsx:
        t = time.perf_counter()
        xlsx, n = build_xlsx(sources, work, args.xlsx_rows)
        files = [xlsx]
        _say(f"wrote {xlsx.name} ({n:,} rows) in {time.perf_counter() - t:.1f} s")
    else:
        files = sorted(sources.glob("*.csv"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sinergi.accounts.models import Organisation
    from sinergi.intake import actions, pipeline
    from sinergi.intake.models import ImportBatch, SourceRecord

    call_command("migrate", verbosity=0, interactive=False)
    org, _ = Organisation.objects.get_or_create(name="Bench", defaults={"kind": "other"})

    def chunks(path: Path) -> Iterator[bytes]:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    server = ServerCpu(os.environ["DATABASE_URL"]) if connection.vendor == "postgresql" else None
    c0 = _own_cpu()
    t0 = time.perf_counter()
    batch = actions.create_batch(
        None,
        source_name=f"bench {time.time():.0f}",
        organisation=org,
        uploads=[actions.Upload(f.name, chunks(f)) for f in files],
    )
    t1 = time.perf_counter()
    c1 = _own_cpu()
    ImportBatch.objects.filter(id=batch.id).update(status="queued", link_after_import=False)
    kwargs = {"chunk_rows_count": args.chunk} if args.chunk else {}
    status = pipeline.run_import(batch.id, **kwargs)
    t2 = time.perf_counter()
    c2 = _own_cpu()
    server_cpu = server.stop() if server is not None else 0.0
    batch.refresh_from_db()
    stored = SourceRecord.objects.filter(batch=batch).count()
    rows = batch.rows_total
    upload_s, import_s, total_s = t1 - t0, t2 - t1, t2 - t0
    _say(f"database: {connection.vendor}; files: {len(files)}; rows: {rows:,}; status: {status}")
    _say(f"stored records: {stored:,} (one per input row: {stored == rows})")
    _say(f"problems: {batch.problems.count():,}; rows with problems: {batch.rows_with_problems:,}")
    _say(f"upload (store, hash, read for preview): {upload_s:.1f} s")
    _say(
        f"import (read, normalise, validate, store): {import_s:.1f} s = "
        f"{rows / import_s:,.0f} rows/s"
    )
    _say(f"end to end: {total_s:.1f} s = {rows / total_s:,.0f} rows/s")
    _say(f"CPU of this process: upload {c1 - c0:.1f} s, import {c2 - c1:.1f} s")
    _say(f"peak memory of this process: {_peak_rss_gb():.2f} GB")
    if server_cpu:
        _say(f"CPU of the database server for this run: {server_cpu:.1f} s")
    try:
        load = os.getloadavg()
        _say(f"load average during run (1/5/15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    except OSError:
        pass
    return 0 if status == "done" and stored == rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
