"""`sinergi import FILE... --source NAME --org ORG`: import source files into the platform.

The same verbs as the upload page: files are stored, read, mapped (the source's remembered
mapping, then --map), checked against earlier uploads (same content -> refused unless
--again), and imported in this process (or queued for the worker with --queue).
Exit 0 when the import finished, 1 when it failed, 2 for unusable input.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="impor berkas sumber ke platform / import source files into the platform",
        description="Impor berkas .xlsx/.xls/.ods/.csv ke Sinergi / import source files.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="source files (.xlsx .xls .ods .csv)")
    p.add_argument(
        "--source",
        required=True,
        help='source name, e.g. "Dinas Kab. Bangka Tengah, pendataan UMKM terdampak"',
    )
    p.add_argument("--org", required=True, help="organisation name (or its id)")
    p.add_argument("--label", default="", help='description of this upload, e.g. "April 2020"')
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="[FILE:]HEADER=FIELD",
        help="correct the column mapping (remembered for the source)",
    )
    p.add_argument("--again", action="store_true", help="import a file already imported")
    p.add_argument("--queue", action="store_true", help="queue for the worker, do not wait")
    p.add_argument("--no-link", action="store_true", help="do not link into the registry")
    p.set_defaults(run=run)


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - this command talks to the person at the terminal


def run(args: argparse.Namespace) -> int:
    from sinergi.cli import UsageError

    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: berkas tidak ditemukan / file not found")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()
    from sinergi.accounts.models import Organisation
    from sinergi.intake import actions, pipeline
    from sinergi.intake.models import BatchStatus, ImportBatch
    from sinergi.linkage import InputError, overrides_for, parse_map_args

    org = Organisation.objects.filter(name=args.org).first()
    if org is None and args.org.isdigit():
        org = Organisation.objects.filter(pk=int(args.org)).first()
    if org is None:
        raise UsageError(f"--org {args.org!r}: organisasi tidak dikenal / unknown organisation")
    try:
        maps = parse_map_args(args.map)
    except InputError as exc:
        raise UsageError(str(exc)) from exc
    start = time.monotonic()

    def chunks(path: Path) -> Iterator[bytes]:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    try:
        batch = actions.create_batch(
            None,
            source_name=args.source,
            organisation=org,
            label=args.label,
            uploads=[actions.Upload(p.name, chunks(p)) for p in paths],
        )
        for source_file in batch.files.all():
            extra = overrides_for(maps, source_file.name)
            if extra:
                actions.set_mapping(None, source_file, {**source_file.mapping, **extra})
    except actions.IntakeError as exc:
        raise UsageError(str(exc)) from exc
    for source_file in batch.files.all():
        _say(f"{source_file.name}: {source_file.rows_total} baris / rows")
        for header, field in source_file.mapping.items():
            _say(f"  {header} -> {field}")
    if batch.duplicate_of_id and not args.again:
        ImportBatch.objects.filter(id=batch.id).update(status=BatchStatus.CANCELLED)
        raise UsageError(
            f"berkas yang sama sudah diimpor (impor #{batch.duplicate_of_id}); pakai --again "
            f"untuk mengimpor lagi / already imported (import #{batch.duplicate_of_id}); "
            "use --again to import it again"
        )
    if args.no_link:
        ImportBatch.objects.filter(id=batch.id).update(link_after_import=False)
    if args.queue:
        actions.start_import(None, batch, confirm_duplicate=args.again)
        _say(f"Impor #{batch.id} masuk antrean / queued for the worker")
        return 0
    ImportBatch.objects.filter(id=batch.id).update(
        status=BatchStatus.QUEUED, duplicate_confirmed=args.again
    )
    status = pipeline.run_import(batch.id)
    batch.refresh_from_db()
    elapsed = time.monotonic() - start
    _say(
        f"Impor #{batch.id}: {batch.get_status_display()} — {batch.rows_read} baris dibaca / "
        f"rows read, {batch.rows_valid} valid, {batch.rows_with_problems} bermasalah / with "
        f"problems, {batch.rows_out_of_scope} di luar wilayah / outside the region "
        f"({elapsed:.1f} s)"
    )
    if batch.error:
        _say(batch.error)
    return 0 if status == BatchStatus.DONE else 1
