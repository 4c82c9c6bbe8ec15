"""Field pages on an emulated slow 3G network: first view and a form submit.

Against a running demo (`sinergi demo --serve`, default http://127.0.0.1:8000), in
Debian's chromium at 360×740 with Chromium's network emulation (DevTools "Slow 3G":
2,000 ms round trip, 400 kbit/s each way):

- first view, cold: a new browser profile opens the login page (nothing cached);
- `/field/` and `/field/new/` after logging in (styles and scripts in the HTTP cache);
- submit: from pressing "Finish and send" on a filled form to the server's confirmation
  shown on the phone (the outbox empty again), online; with the number of requests the
  page made from the press to that confirmation.

The service worker is blocked here: Chromium's emulation throttles the page, not the
worker's own fetches, so with it the figures would be the unthrottled network's. (With
the worker, the kept pages open from the phone without any network.)

    python -m bench.field_slow3g --base http://127.0.0.1:8000 --runs 3

Prints one line per measure (median of the runs, milliseconds) and each page's weight
as transferred (compressed when the server compresses), before images.
Not a test: timings depend on the machine; the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
PASSWORD = "sinergi-demo"


def _throttle(page: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)


def _weight(page: Any) -> int:
    return page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          let n = nav ? nav.transferSize : 0;
          for (const r of performance.getEntriesByType('resource'))
            if (r.initiatorType !== 'img') n += r.transferSize;
          return n;
        }"""
    )


def _load_ms(page: Any) -> float:
    return page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }"
    )


def one_run(browser: Any, base: str, serial: int) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    context.set_default_timeout(300_000)
    page = context.new_page()
    _throttle(page)
    out: dict[str, float] = {}
    page.goto(f"{base}/accounts/login/")
    out["first view /accounts/login/ (cold) ms"] = _load_ms(page)
    out["/accounts/login/ bytes"] = _weight(page)
    page.fill("#id_username", "pendamping.bangka")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.goto(f"{base}/field/")
    out["view /field/ ms"] = _load_ms(page)
    out["/field/ bytes"] = _weight(page)
    page.goto(f"{base}/field/new/")
    out["view /field/new/ ms"] = _load_ms(page)
    out["/field/new/ bytes"] = _weight(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.fill("#id_owner-full_name", "Bench Slow Tiga G")
    page.fill("#id_business-name", f"Warung Bench 3G {serial} {time.time_ns()}")
    page.select_option("#id_business-regency", "1901")
    page.select_option("#id_business-district", "190101")
    page.select_option("#id_business-village", "1901011002")
    page.fill("#id_business-sector", "56102")
    started, requests[:] = time.perf_counter(), []
    page.click("#finish")
    # Online, the form page sends at once and shows the server's answer in place of the
    # form (no new page); the outbox count it then shows is 0.
    page.wait_for_function("document.body.dataset.outbox === '0'", timeout=300_000)
    out["submit to server confirmation ms"] = (time.perf_counter() - started) * 1000
    out["submit: requests made"] = len(requests)
    context.close()
    return out


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        runs = [one_run(browser, args.base.rstrip("/"), i) for i in range(args.runs)]
        browser.close()
    for key in runs[0]:
        value = statistics.median(r[key] for r in runs)
        print(f"{key:45} {value:>10.0f}")  # noqa: T201 - a benchmark reports on stdout


if __name__ == "__main__":
    main()
