"""Bytes transferred per page, cold cache, on the Aalborg demo (issue 9 item 10: < 500 KB each).

Run:  uv run --frozen python benchmarks/page_weight.py [--database-url URL] [--budget-kb 500]

Without --database-url it starts a throwaway PostGIS cluster, migrates it and loads the demo
(a few minutes). The app is served by uvicorn in a thread with tiles switched off (tile images
come from a third party and are not part of the page's own weight). Every page and every map
frame is opened in a fresh headless-Chromium context (so nothing is cached), iframes are
scrolled into view so lazy ones load too, and the size of every response (headers plus the body
as sent on the wire, i.e. compressed when the server compressed it) is summed, iframes included.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# (label, path or a link pattern to follow from a seed page)
PAGES: list[tuple[str, str]] = [
    ("landing", "/"),
    ("overview map", "/maps/overview"),
    ("ranking", "/ranking"),
    ("ranking compare", "/ranking/compare"),
    ("area page", "link:/ranking:/ranking/areas/"),
    ("assets map", "/assets"),
    ("asset detail", "link:/assets:/assets/\\d+$"),
    ("asset new", "/assets/new"),
    ("login", "/login"),
    ("venues", "/venues"),
    ("venues solved", "/venues?p=2&radius=800&target=65%2B&area_code=9210"),
    ("venue report", "/venues/report?p=2&radius=800&target=65%2B&area_code=9210"),
    ("accessibility", "/tilgaengelighed"),
    ("error page", "/assets/999999"),
    ("API docs", "/docs"),
]
FRAMES: list[tuple[str, str]] = [
    ("frame: overview", "/maps/overview/map"),
    ("frame: ranking", "/ranking/map"),
    ("frame: compare", "/ranking/compare/map"),
    ("frame: assets", "/assets/map"),
    ("frame: picker", "/assets/new/map"),
    ("frame: venues", "/venues/map?p=2&radius=800&target=65%2B&area_code=9210"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo_database(url: str | None) -> Iterator[str]:
    """The given database, or a throwaway cluster with the migrated demo."""
    if url:
        yield url
        return
    from geodata.cluster import LocalCluster
    from geodata.demo import load_demo
    from geodata.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="kk-weight-"))
    workdir.chmod(0o711)  # under root the cluster runs as an unprivileged user
    cluster = LocalCluster(workdir / "cluster", port=free_port())
    try:
        server = cluster.start().url()
        print("loading the Aalborg demo ...", file=sys.stderr)
        upgrade(server)
        load_demo(server)
        yield server
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """The app on a free loopback port (like tests/conftest.py LiveServer)."""
    import uvicorn

    from app.main import create_app
    from app.settings import Settings

    data_dir = Path(tempfile.mkdtemp(prefix="kk-weight-app-"))
    app = create_app(Settings(tiles="none", data_dir=data_dir), database_url=database_url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def resolve(browser: Any, base: str, target: str) -> str | None:
    """A path, or for "link:SEED:PATTERN" the first link on SEED whose href matches."""
    if not target.startswith("link:"):
        return target
    _, seed, pattern = target.split(":", 2)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + seed, wait_until="load")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    context.close()
    return next((h for h in hrefs if re.match(pattern, h or "")), None)


def weigh(browser: Any, url: str) -> tuple[int, int, int]:
    """(status, requests, bytes) for one cold load of `url`, its frames and their resources."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(url, wait_until="load")
    for frame in page.locator("iframe").all():
        frame.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return (response.status if response else 0), len(finished), total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", help="a migrated database with the demo loaded")
    p.add_argument("--budget-kb", type=float, default=500.0)
    args = p.parse_args()
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, int, int, int]] = []
    with demo_database(args.database_url) as url, serve(url) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for label, target in PAGES + FRAMES:
            path = resolve(browser, base, target)
            if path is None:
                print(f"{label}: no link found for {target}", file=sys.stderr)
                continue
            status, count, size = weigh(browser, base + path)
            rows.append((label, path, status, count, size))
        browser.close()
    report(rows, args.budget_kb)


def report(rows: list[tuple[str, str, int, int, int]], budget_kb: float) -> None:
    print(f"{'page':<18} {'status':>6} {'requests':>8} {'KB':>9}  {'budget':<6} path")
    for label, path, status, count, size in rows:
        mark = "ok" if size <= budget_kb * 1000 else "OVER"
        print(f"{label:<18} {status:>6} {count:>8} {size / 1000:>9.1f}  {mark:<6} {path}")
    total = sum(r[4] for r in rows)
    print(f"{'total':<18} {'':>6} {sum(r[3] for r in rows):>8} {total / 1000:>9.1f}")


if __name__ == "__main__":
    main()
