"""`sinergi demo`: a working Sinergi with demo data in one command.

Steps, each safe to repeat: migrate the database, load the region codes (skipped when
complete), load KBLI 2020, create demo organisations and users (printing their logins),
generate the demo businesses deterministically, then serve with `--serve`.
"""

from __future__ import annotations

import argparse
import os
import time


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="siapkan data demo dan jalankan server / set up demo data and serve",
        description="Siapkan basis data dengan data demo / set up a demo database.",
    )
    p.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    p.add_argument(
        "--businesses", type=int, default=3000, help="number of demo businesses (default 3000)"
    )
    p.add_argument("--serve", action="store_true", help="run the web server afterwards")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=run)


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - this command talks to the person at the terminal


class _Said:
    """A stdout for management commands that prints through `_say` (one place to talk)."""

    def write(self, text: str) -> None:
        if text.strip():
            _say(f"    {text.strip()}")

    def flush(self) -> None:
        pass


def _refresh_duplicate_keys() -> None:
    """Give every demo business its blocking keys, so the duplicate warning finds them.

    Demo businesses are bulk-created, which bypasses the verbs that keep keys in step.
    """
    from sinergi.registry.models import Business
    from sinergi.review.keys import refresh_keys
    from sinergi.review.models import BusinessKey

    keyed = BusinessKey.objects.values("business_id")
    missing = list(Business.objects.exclude(id__in=keyed).values_list("id", flat=True))
    if missing:
        refresh_keys(missing)


def run(args: argparse.Namespace) -> int:
    from sinergi.cli import UsageError

    if args.businesses < 0:
        raise UsageError("--businesses must be 0 or more")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    # The demo is a developer's server on localhost: debug pages, a generated secret key,
    # plain HTTP. Production never runs `sinergi demo`; DEBUG defaults to false elsewhere.
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.regions.loading import is_fully_loaded, load_regions
    from sinergi.registry import demo
    from sinergi.registry.kbli import load_kbli

    start = time.monotonic()
    _say("1/5 Menyiapkan basis data / migrating the database ...")
    call_command("migrate", verbosity=0, interactive=False)
    if is_fully_loaded():
        _say("2/5 Kode wilayah sudah lengkap / region codes already loaded")
    else:
        _say("2/5 Memuat kode wilayah Kemendagri / loading region codes ...")
        counts = load_regions()
        _say(
            f"    {counts['province']} provinsi, {counts['regency']} kabupaten/kota, "
            f"{counts['district']} kecamatan, {counts['village']} desa/kelurahan"
        )
    _say(f"3/5 KBLI 2020: {load_kbli()} kode / codes")
    users = demo.ensure_users()
    _say("4/5 Pengguna demo / demo users ready")
    added = demo.ensure_businesses(args.seed, args.businesses)
    _say(f"5/5 Usaha demo / demo businesses: {added} ditambahkan / added")
    _refresh_duplicate_keys()
    from sinergi.programs.demo import ensure_program_demo

    _say(f"Program / programs: {ensure_program_demo()}")
    # Partnership loans, the demo bank statement to import, and Kadin memberships.
    call_command("loans_demo", stdout=_Said())
    from django.conf import settings

    from sinergi.intake.demo_files import write_demo_files

    files = write_demo_files(settings.VAR_DIR / "demo-files", args.seed, args.businesses)
    _say("Berkas kabupaten untuk dicoba diimpor / regency files to try importing:")
    for path in files:
        _say(f"  {path}")
    _say(f"Selesai / done in {time.monotonic() - start:.1f} s\n")
    url = f"http://{args.host}:{args.port}/"
    _say(f"Buka / open: {url}")
    _say(f"Kata sandi semua akun demo / password of every demo account: {demo.DEMO_PASSWORD}")
    for user in users:
        _say(f"  {user.username:<18} {user.description}")
    _say("")
    if args.serve:
        # The background worker for imports (django-tasks database backend).
        import subprocess
        import sys

        worker = subprocess.Popen([sys.executable, "-m", "sinergi.cli", "worker"])
        _say(f"Pekerja latar / background worker started (pid {worker.pid})")
        try:
            call_command(
                "runserver",
                f"{args.host}:{args.port}",
                use_reloader=False,
                insecure_serving=True,
            )
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    return 0
