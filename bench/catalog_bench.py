"""Public catalog benchmark: search over a million products on PostgreSQL, over HTTP.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sinergi_bench_catalog \\
        python -m bench.catalog_bench --products 1000000 --clients 20 --seconds 60

1. Migrates the database and fills it (once; not timed): `--products / 10` businesses in
   30 regencies of six provinces with a published storefront for nine in ten, and
   `--products` products whose names and descriptions combine Indonesian product words.
   Bulk SQL (generate_series), then ANALYZE.
2. Starts `--servers` Django processes (`manage runserver --noreload`, DEBUG off) on
   loopback and `--clients` client threads, each a keep-alive HTTP connection, that
   request catalog searches back to back for `--seconds`: a word, two words, a typo-ish
   fragment, with and without region/category filters, and the bare first page.
3. Reports the latency percentiles, throughput, errors, and the size of the catalog page
   before images (HTML + CSS); `--explain` prints the query plans of three searches.

Target (issue 13): p95 <= 100 ms with 20 concurrent clients; the page under 200 KB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

WORDS = (
    "kopi keripik kerupuk batik sambal madu teh gula aren rendang abon dodol bakpia tenun "
    "songket kain sabun lilin tas dompet sepatu sandal anyaman rotan bambu keramik kaos "
    "kemeja jilbab mukena tempe tahu bawang lada pala cengkeh kayu manis jahe kunyit temulawak "
    "jamu minyak kelapa virgin coklat kacang emping rempeyek bolu brownies roti kue nastar "
    "terasi petis ikan asin teri udang cumi belacan otak-otak pempek siomay bakso"
).split()
ADJECTIVES = "asli premium original pedas manis gurih organik khas murah spesial".split()
REGENCIES = [
    "1901", "1902", "1903", "1904", "1905", "1906", "1971", "5101", "5102", "5103", "5171",
    "3171", "3172", "3173", "3174", "3175", "3201", "3202", "3203", "3273", "3301", "3302",
    "3374", "3501", "3502", "3578", "1101", "1102", "1171", "7371",
]  # fmt: skip
SECTORS = ["10794", "10750", "10761", "13912", "14111", "16291", "20232", "10422"]
SEARCHES = [
    {"q": "kopi"}, {"q": "keripik pedas"}, {"q": "batik tulis"}, {"q": "madu"},
    {"q": "sambal", "region": "1901"}, {"q": "kerupuk", "category": "C"},
    {"q": "krupuk"}, {"q": "temulawak jahe"}, {"q": "songket"}, {},
    {"region": "3273"}, {"q": "abon ikan", "region": "7371"}, {"q": "tas rotan"},
]  # fmt: skip


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark reports on the terminal


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()


def fill(products: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sinergi.catalog.models import Product
    from sinergi.regions.loading import load_regions
    from sinergi.registry.kbli import load_kbli

    call_command("migrate", verbosity=0)
    have = Product.objects.count()
    if have >= products:
        _say(f"database already holds {have:,} products")
        return
    started = time.perf_counter()
    load_regions(sorted({r[:2] for r in REGENCIES}))
    load_kbli()
    businesses = max(1, products // 10)
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    adjectives = "ARRAY[" + ",".join(f"'{w}'" for w in ADJECTIVES) + "]"
    regencies = "ARRAY[" + ",".join(f"'{r}'" for r in REGENCIES) + "]"
    sectors = "ARRAY[" + ",".join(f"'{s}'" for s in SECTORS) + "]"
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.13)")
        cur.execute(
            "INSERT INTO registry_person (full_name, nik, sex, phone, email, created_at,"
            " updated_at) SELECT 'Pemilik ' || g, '', '', '', '', now(), now()"
            " FROM generate_series(1, %s) g",
            [businesses],
        )
        cur.execute("SELECT min(id) FROM registry_person WHERE full_name = 'Pemilik 1'")
        first_person = cur.fetchone()[0]
        cur.execute(
            f"""INSERT INTO registry_business (name, owner_id, address, rt_rw, postcode,
                province_code, regency_code, district_code, village_code, sector_id,
                kbli_edition, size_class, nib, marketplace_url, social_url, status, origin,
                created_at, updated_at)
            SELECT 'Usaha ' || ({words})[1 + mod(g, {len(WORDS)})] || ' ' || g,
                %s + g - 1, '', '', '', left(r, 2), r, '', '',
                ({sectors})[1 + mod(g, {len(SECTORS)})],
                '2020', 'mikro', '', '', '', 'active', 'demo', now(), now()
            FROM (SELECT g, ({regencies})[1 + mod(g * 7919, {len(REGENCIES)})] AS r
                  FROM generate_series(1, %s) g) s""",
            [first_person, businesses],
        )
        cur.execute(
            "INSERT INTO catalog_storefront (business_id, published, tagline, show_address,"
            " shop_phone, updated_at) SELECT id, mod(id, 10) <> 3, '', false, '', now()"
            " FROM registry_business WHERE origin = 'demo'"
        )
        cur.execute(
            f"""INSERT INTO catalog_product (business_id, name, description, price_min,
                price_max, unit, sector_id, kbli_edition, regency_code, category,
                availability, published, search_text, created_at, updated_at)
            SELECT b.id, n.name, n.description, p, p + mod(g, 3) * 5000, 'pcs', b.sector_id,
                '2020', b.regency_code, 'C', 'ready', mod(g, 20) <> 0,
                lower(n.name || ' ' || n.description || ' ' || b.name),
                now(), now() - (g || ' seconds')::interval
            FROM (SELECT g, 1 + mod(g, %s) AS bi, 5000 + mod(g, 200) * 500 AS p,
                         floor(random() * {len(WORDS)})::int AS w1,
                         floor(random() * {len(WORDS)})::int AS w2,
                         floor(random() * {len(ADJECTIVES)})::int AS a
                  FROM generate_series(1, %s) g) s
            JOIN LATERAL (SELECT initcap(({words})[1 + s.w1] || ' ' || ({words})[1 + s.w2]
                                 || ' ' || ({adjectives})[1 + s.a]) AS name,
                                 'Produk ' || ({words})[1 + s.w2] || ' buatan UMKM lokal'
                                 AS description) n ON true
            JOIN registry_business b ON b.id = (SELECT min(id) FROM registry_business
                                                WHERE origin = 'demo') + s.bi - 1""",
            [businesses, products - have],
        )
        cur.execute("ANALYZE")
    _say(f"filled {products:,} products in {time.perf_counter() - started:.0f} s")


def explain() -> None:
    from django.db import connection

    from sinergi.catalog.public_views import cards, filtered

    for params in ({"q": "kopi"}, {"q": "keripik pedas", "region": "1901"}, {"q": "krupuk"}):
        _, qs, _ = filtered(params)
        page = cards(qs)[:12]
        sql, args = page.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN ANALYZE " + sql, args)
            _say(f"--- {params}")
            for (line,) in cur.fetchall():
                _say(line)


def _server(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_up(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/katalog/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server on port {port} did not answer")


def load(clients: int, seconds: float, ports: list[int]) -> dict[str, object]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        port = ports[n % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.perf_counter() < stop:
            params = rng.choice(SEARCHES)
            path = "/katalog/?" + urllib.parse.urlencode(params)
            began = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as error:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(str(error))
                continue
            mine.append(time.perf_counter() - began)
            if status != 200:
                with lock:
                    errors.append(f"{status} {path}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "requests": len(ordered),
        "errors": len(errors),
        "throughput_per_s": round(len(ordered) / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(ordered), 1),
    }


def page_weight(port: int) -> dict[str, int]:
    sizes = {}
    for name, path in (("catalog_html", "/katalog/"), ("search_html", "/katalog/?q=kopi"),
                       ("css", "/static/catalog/public.css")):  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        sizes[name] = len(response.read()) if response.status == 200 else -response.status
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8761)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (this measures PostgreSQL)")
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "sinergi.web.settings", "DEBUG": "false",
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-not-a-secret"),
        "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
    })  # fmt: skip
    os.environ.update(env)
    _setup_django()
    fill(args.products)
    if args.explain:
        explain()
    ports = [args.port + n for n in range(args.servers)]
    servers = [_server(port, env) for port in ports]
    try:
        for port in ports:
            _wait_up(port)
        load(min(args.clients, 4), 5, ports)  # warm-up: connections, caches
        result = load(args.clients, args.seconds, ports)
        result.update(page_weight(ports[0]))
        result.update({"products": args.products, "clients": args.clients,
                       "servers": args.servers, "load_avg": os.getloadavg()[0]})  # fmt: skip
        _say(json.dumps(result, indent=2))
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
