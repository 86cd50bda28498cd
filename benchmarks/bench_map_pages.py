"""Map pages at national size in headless Chromium: vector tiles (ours) against embedded GeoJSON.

Run:  uv run --frozen python benchmarks/bench_map_pages.py [--database-url URL] [--assets 50000]

Two maps, each opened cold (a fresh browser context) on the same data and server:
- the national parish choropleth: /ranking/map over all 2,148 DAGI sogne
  (../shared/data/boundaries/dk_sogne_dagi2014.geojson) with a generated two-indicator table;
- the public asset map /assets/map with 50,000 approved assets (one INSERT ... generate_series).

"Ours" is the app as configured (layers above map_embed_max_features = 2000 come from
/tiles/...); the peer is today's way, the same app with the threshold set out of reach so every
layer is embedded as GeoJSON. Printed per map and way: bytes transferred before the first
interaction (the document and every request made until the map has drawn and the network is
idle: headers plus bodies as sent, gzip included), the time from navigation to the first
painted feature, and the ratio peer / ours. The ranking map is asked for once each way before
it is measured (its HTML is cached by the server), so the ranking run itself is not counted.
Without --database-url a throwaway PostGIS cluster is started, migrated and loaded (about a minute).
"""

from __future__ import annotations

import argparse
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
PEER_LIMIT = 10_000_000  # nothing is this large: everything embedded, as before tiles
TIMEOUT_S = 600.0  # the embedded 50,000-asset map took 94 s to draw on a quiet machine
MAPS = [
    ("national parish choropleth", "/ranking/map?profile=landsprofil&area_kind=sogn&draws=0",
     ".leaflet-overlay-pane path.leaflet-interactive"),
    ("asset map", "/assets/map", ".leaflet-marker-icon"),
]  # fmt: skip
TILE_DRAWN = ".leaflet-kkTiles-pane path"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def national_database(url: str | None, assets: int) -> Iterator[str]:
    """The given database (already loaded), or a throwaway cluster with the data loaded."""
    if url:
        yield url
        return
    from geodata.cluster import LocalCluster
    from geodata.migrate import upgrade
    from tests.test_vector_maps_assets import insert_assets
    from tests.test_vector_maps_national import load_national_sogne

    workdir = Path(tempfile.mkdtemp(prefix="kk-mapbench-"))
    workdir.chmod(0o711)  # under root the cluster runs as an unprivileged user
    cluster = LocalCluster(workdir / "cluster", port=free_port())
    try:
        server = cluster.start().url()
        print("loading 2,148 sogne and the assets ...", file=sys.stderr)
        upgrade(server)
        load_national_sogne(server, workdir)
        insert_assets(server, assets)
        yield server
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def serve(database_url: str) -> Iterator[tuple[str, Any]]:
    """The app on a free loopback port, with its (mutable) settings."""
    import uvicorn

    from app.main import create_app
    from app.settings import Settings

    data_dir = Path(tempfile.mkdtemp(prefix="kk-mapbench-app-"))
    settings = Settings(tiles="none", data_dir=data_dir)
    app = create_app(settings, database_url=database_url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", settings
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


Figures = tuple[float, int, int] | None  # (first draw s, bytes, requests); None: timed out


def measure(browser: Any, url: str, drawn: str, timeout_ms: float) -> Figures:
    """(seconds to the first painted feature, bytes, requests) for one cold load of ``url``,
    or None when it did not draw within ``timeout_ms``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    start = time.perf_counter()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_selector(drawn, state="attached")
        first_draw = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
    except PlaywrightTimeout:
        context.close()
        return None
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return first_draw, total, len(finished)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", help="a migrated database with the sogne and assets loaded")
    p.add_argument("--assets", type=int, default=50_000)
    p.add_argument("--timeout-s", type=float, default=TIMEOUT_S, help="per map load")
    args = p.parse_args()
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    with (
        national_database(args.database_url, args.assets) as url,
        serve(url) as (base, settings),
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        ours_limit = settings.map_embed_max_features
        print(f"{'map':<28} {'way':<24} {'first draw s':>12} {'KB':>10} {'requests':>8}")
        for label, path, embedded_drawn in MAPS:
            warm_up(base + path, settings, ours_limit)
            settings.map_embed_max_features = ours_limit
            ours = measure(browser, base + path, TILE_DRAWN, args.timeout_s * 1000)
            row(label, "tiles (ours)", ours, args.timeout_s)
            settings.map_embed_max_features = PEER_LIMIT
            peer = measure(browser, base + path, embedded_drawn, args.timeout_s * 1000)
            row(label, "embedded GeoJSON (peer)", peer, args.timeout_s)
            ratio(label, ours, peer, args.timeout_s)
        browser.close()


def warm_up(url: str, settings: Any, ours_limit: int) -> None:
    """Ask for the ranking map both ways once first: its HTML is cached per question and
    threshold, so both ways are then measured from the server's cache and the figures are the
    browser's (loading, drawing, tiles), not the first ranking run. The asset map has no cache."""
    import urllib.request

    if "/ranking/" not in url:
        return
    for limit in (ours_limit, PEER_LIMIT):
        settings.map_embed_max_features = limit
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()


def row(label: str, way: str, figures: Figures, timeout_s: float) -> None:
    if figures is None:
        print(f"{label:<28} {way:<24} {'> ' + format(timeout_s, '.0f'):>12} (no draw in time)")
    else:
        secs, size, count = figures
        print(f"{label:<28} {way:<24} {secs:>12.2f} {size / 1000:>10.1f} {count:>8}")
    sys.stdout.flush()


def ratio(label: str, ours: Figures, peer: Figures, timeout_s: float) -> None:
    """peer / ours for time and bytes; a peer that timed out gives a lower bound (>=)."""
    if ours is None:
        print(f"{label:<28} {'ratio peer/ours':<24} (ours did not draw in time)")
        return
    if peer is None:
        print(
            f"{label:<28} {'ratio peer/ours':<24} {'>= ' + format(timeout_s / ours[0], '.0f'):>11}x"
        )
        return
    print(f"{label:<28} {'ratio peer/ours':<24} {peer[0] / ours[0]:>11.1f}x "
          f"{peer[1] / max(ours[1], 1):>9.1f}x")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
