"""Vector tiles under concurrent load on loopback: our /tiles route against tipg on the same table.

The peer is tipg (https://github.com/developmentseed/tipg, from PyPI), the OGC Features and
Tiles server that builds tiles with ST_AsMVT like ours; it runs in its own environment
(``uv run --no-project --with tipg --with uvicorn``), so its dependencies never meet ours.
Both serve the ``assets`` table of one throwaway database holding ``--assets`` synthetic approved
assets spread over ~30 x 20 km around Aalborg: ours at ``/tiles/assets/{z}/{x}/{y}.pbf``, tipg at
``/collections/public.assets/tiles/WebMercatorQuad/{z}/{x}/{y}?properties=id,title,category&
status=approved`` (the same rows and public fields). Each runs as one uvicorn process with the
same per-tile feature cap; ``--clients`` concurrent clients (default 8) fetch a fixed list of
tiles at zooms 10-15, ``--rounds`` passes per zoom band, alternating between the two servers so
a busy moment of the shared machine falls on both alike. Below zoom 12 ours aggregates points
(tipg sends every point up to its cap), so the figures are printed per zoom band and in total;
bytes are as sent (gzip where the server compresses).

Run: ``uv run --frozen python benchmarks/bench_tiles.py --assets 50000``.
Prints both servers' figures and the throughput ratio ours/tipg (above 1: ours serves more
tiles per second); asserts nothing. Only loopback addresses are used; every process it starts
is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
CENTRE = (9.92, 57.03)  # Aalborg (lon, lat)
SPREAD_M = (30_000, 20_000)
ZOOMS = (10, 11, 12, 13, 14, 15)
TILES_PER_ZOOM = 12
CAP = 8000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_list() -> list[tuple[int, int, int]]:
    """Up to TILES_PER_ZOOM tiles per zoom over the assets, nearest the centre first."""
    dlon = SPREAD_M[0] / 2 / (111_320 * math.cos(math.radians(CENTRE[1])))
    dlat = SPREAD_M[1] / 2 / 110_570
    tiles = []
    for z in ZOOMS:
        x0, y0 = tile_of(CENTRE[0] - dlon, CENTRE[1] + dlat, z)
        x1, y1 = tile_of(CENTRE[0] + dlon, CENTRE[1] - dlat, z)
        cx, cy = tile_of(*CENTRE, z)
        near = sorted(
            ((x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)),
            key=lambda t: (abs(t[0] - cx) + abs(t[1] - cy), t),
        )
        tiles += [(z, x, y) for x, y in near[:TILES_PER_ZOOM]]
    return tiles


ASSETS_SQL = (
    "INSERT INTO assets (category, title, description, status, source, synthetic, endorsements, "
    "open_reports, geom) SELECT (ARRAY['spaces','culture','economy','institutions'])[i % 4 + 1], "
    "'Aktiv ' || i, 'Syntetisk', 'approved', 'import', true, 0, 0, "
    "ST_SetSRID(ST_MakePoint(ST_X(c) + ((i::bigint * 7919) % 30011) / 30011.0 * :w - :w / 2, "
    "ST_Y(c) + ((i::bigint * 104729) % 20011) / 20011.0 * :h - :h / 2), 25832) "
    "FROM generate_series(1, :n) i, "
    "(SELECT ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 25832) AS c) o"
)


@contextmanager
def database(assets: int) -> Iterator[str]:
    """A throwaway cluster with a migrated database and `assets` synthetic approved assets
    (never an existing database: the run writes tens of thousands of rows)."""
    from geodata.cluster import LocalCluster
    from geodata.db import get_engine, session_scope
    from geodata.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="kk-tiles-bench-"))
    workdir.chmod(0o711)  # under root the cluster runs as an unprivileged user
    cluster = LocalCluster(workdir / "cluster", port=free_port())
    try:
        server = cluster.start().url()
        upgrade(server)
        with session_scope(server) as session:
            session.execute(
                text(ASSETS_SQL),
                {"n": assets, "w": SPREAD_M[0], "h": SPREAD_M[1], "lon": CENTRE[0],
                 "lat": CENTRE[1]},
            )  # fmt: skip
        with get_engine(server).connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        get_engine(server).dispose()
        yield server
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def process(argv: list[str], env: dict[str, str], probe: str) -> Iterator[None]:
    """A server subprocess, ready when `probe` answers; stopped (by its own id) at the end."""
    proc = subprocess.Popen(argv, env={**os.environ, **env}, cwd=REPO)
    try:
        deadline = time.monotonic() + 300  # the first tipg run downloads it
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
            try:
                if httpx.get(probe, timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"{probe} did not answer")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def ours(url: str, port: int, data_dir: Path) -> tuple[list[str], dict[str, str], str]:
    env = {"KVARTERKORT_DATABASE_URL": url, "KVARTERKORT_TILES": "none",
           "KVARTERKORT_WORKERS": "1", "KVARTERKORT_DATA_DIR": str(data_dir),
           "KVARTERKORT_TILE_MAX_FEATURES": str(CAP)}  # fmt: skip
    argv = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    return argv, env, f"http://127.0.0.1:{port}/healthz"


def tipg(url: str, port: int) -> tuple[list[str], dict[str, str], str]:
    u = make_url(url)
    env = {"DATABASE_URL": u.set(drivername="postgresql").render_as_string(hide_password=False),
           "TIPG_DB_TABLES": '["public.assets"]', "TIPG_MAX_FEATURES_PER_TILE": str(CAP),
           "TIPG_DB_SPATIAL_EXTENT": "false", "TIPG_DB_DATETIME_EXTENT": "false"}  # fmt: skip
    argv = ["uv", "run", "--no-project", "--with", "tipg", "--with", "uvicorn", "python", "-m",
            "uvicorn", "tipg.main:app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning"]  # fmt: skip
    return argv, env, f"http://127.0.0.1:{port}/collections"


@dataclass
class Figures:
    """Tiles per second, latency percentiles and bytes of one run over one zoom band."""

    requests: int
    seconds: float
    latencies: list[float]
    bytes: int
    statuses: dict[int, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def add(self, other: Figures) -> Figures:
        statuses = dict(self.statuses)
        for status, n in other.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        return Figures(
            self.requests + other.requests, self.seconds + other.seconds,
            self.latencies + other.latencies, self.bytes + other.bytes, statuses,
        )  # fmt: skip


EMPTY = Figures(0, 0.0, [], 0, {})


async def load(urls: list[str], clients: int) -> Figures:
    """`clients` workers take the next URL of `urls` until none is left (bytes as sent)."""
    queue = list(reversed(urls))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    total = 0
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal total
            while queue:
                url = queue.pop()
                start = time.perf_counter()
                answer = await client.get(url)
                latencies.append(time.perf_counter() - start)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
                total += answer.num_bytes_downloaded

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    if set(statuses) - {200, 204}:
        raise RuntimeError(f"unexpected answers {statuses} from {urls[0]}")
    return Figures(len(latencies), elapsed, latencies, total, statuses)


BANDS = {"z10-11": (10, 11), "z12-15": (12, 13, 14, 15)}
PEER_PATH = "/collections/public.assets/tiles/WebMercatorQuad/{z}/{x}/{y}"
PEER_QUERY = "?properties=id,title,category&status=approved"  # the same rows and fields
OUR_PATH = "/tiles/assets/{z}/{x}/{y}.pbf"


def measure(peer: str, mine: str, clients: int, rounds: int) -> dict[str, dict[str, Figures]]:
    """Per band, `rounds` passes over its tiles, alternating peer and ours, so a busy moment
    of the shared machine falls on both alike; one unmeasured pass each first (warm-up)."""
    tiles = tile_list()
    out: dict[str, dict[str, Figures]] = {"tipg": {}, "ours": {}}
    for band, zooms in BANDS.items():
        chosen = [(z, x, y) for z, x, y in tiles if z in zooms]
        urls = {
            "tipg": [f"{peer}{PEER_PATH.format(z=z, x=x, y=y)}{PEER_QUERY}" for z, x, y in chosen],
            "ours": [f"{mine}{OUR_PATH.format(z=z, x=x, y=y)}" for z, x, y in chosen],
        }
        for name in out:
            asyncio.run(load(urls[name], clients))  # warm-up: connections, caches, plans
            out[name][band] = EMPTY
        for _ in range(rounds):
            for name in out:
                out[name][band] = out[name][band].add(asyncio.run(load(urls[name], clients)))
    for figures in out.values():
        figures["all"] = figures["z10-11"].add(figures["z12-15"])
    return out


def report(figures: dict[str, dict[str, Figures]]) -> None:
    print(f"{'band':8} {'server':6} {'tiles/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'KB/tile':>8} statuses")  # fmt: skip
    for band in (*BANDS, "all"):
        for name in ("tipg", "ours"):
            fig = figures[name][band]
            kb = fig.bytes / fig.requests / 1024
            print(f"{band:8} {name:6} {fig.rate:9.1f} {fig.pct(0.5):8.1f} {fig.pct(0.95):8.1f} "
                  f"{kb:8.1f} {dict(sorted(fig.statuses.items()))}")  # fmt: skip
    for band in (*BANDS, "all"):
        theirs, ours_ = figures["tipg"][band].rate, figures["ours"][band].rate
        print(f"{band:8} ratio  ours/tipg throughput = {ours_ / theirs:.2f}x "
              f"(tipg {theirs:.1f} tiles/s, ours {ours_:.1f} tiles/s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="kk-tiles-app-"))
    print(f"Tiles of {args.assets:,} assets, {args.clients} clients, {args.rounds} rounds, "
          f"{os.cpu_count()} cores, loopback; cap {CAP} features/tile", flush=True)  # fmt: skip
    try:
        with database(args.assets) as url:
            peer_port, our_port = free_port(), free_port()
            with process(*tipg(url, peer_port)), process(*ours(url, our_port, data_dir)):
                figures = measure(
                    f"http://127.0.0.1:{peer_port}", f"http://127.0.0.1:{our_port}",
                    args.clients, args.rounds,
                )  # fmt: skip
        report(figures)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
