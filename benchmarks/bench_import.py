"""Point loading against GDAL's ogr2ogr: the same N points into the same PostGIS database.

What it measures, in one run on one throwaway cluster (never the developer's database):

1. the peer: GDAL's ``ogr2ogr`` (Debian ``gdal-bin``) with ``PG_USE_COPY=YES``, reprojecting to
   EPSG:25832 and building a GiST index, into table ``bench_pois_ogr``;
2. ours: ``kvarterkort load pois <file>`` into ``pois`` (validation, keys, provenance and all);
3. ours again on the unchanged file: the "unchanged re-load" (issue 10's target: under 10 s for
   1,000,000 rows).

For each: wall-clock seconds, rows/s and the peak RSS of that child process (``os.wait4``, the
per-child form of ``getrusage(RUSAGE_CHILDREN)``), then the ratio ours / peer (above 1 means we
are slower). The input is a seeded synthetic GeoPackage (``--points``, default 1,000,000) of
points in EPSG:4326 inside a land box between Aalborg and Aarhus, with ``poi_key``, ``name`` and
``category``; it is written once with pyogrio and cached in the temp directory. Without
``ogr2ogr`` on PATH the peer is skipped and ours still measured.

Run: ``uv run python benchmarks/bench_import.py --points 200000`` (``apt-get install gdal-bin``
for the peer). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
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

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
BOX = (9.35, 56.25, 10.35, 57.05)  # lon/lat, inland Jutland between Aarhus and Aalborg
CATEGORIES = np.array(["bus_stop", "school", "shop", "library", "sports", "health"])
OGR_TABLE = "bench_pois_ogr"


@dataclass
class Run:
    """One load: wall time, the rows the table holds after it, the child's peak RSS."""

    label: str
    seconds: float
    rows: int
    peak_mib: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def input_file(points: int, seed: int) -> Path:
    """The seeded GeoPackage, written once per (points, seed) and reused by later runs."""
    import geopandas as gpd

    path = Path(tempfile.gettempdir()) / "kk-bench-import" / f"pois-{points}-{seed}.gpkg"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    lon = rng.uniform(BOX[0], BOX[2], points)
    lat = rng.uniform(BOX[1], BOX[3], points)
    keys = np.char.add("poi-", np.arange(points).astype(str))
    frame = gpd.GeoDataFrame(
        {
            "poi_key": keys,
            "name": np.char.add("Sted ", rng.integers(0, 50_000, points).astype(str)),
            "category": CATEGORIES[rng.integers(0, len(CATEGORIES), points)],
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    )
    partial = path.with_suffix(".partial.gpkg")
    frame.to_file(partial, layer="pois", driver="GPKG", engine="pyogrio")
    partial.rename(path)  # a killed run never leaves a half-written file behind as the cache
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database() -> Iterator[str]:
    """A throwaway cluster with a migrated database; stopped and removed afterwards."""
    from geodata.cluster import LocalCluster
    from geodata.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="kk-import-bench-"))
    workdir.chmod(0o711)  # under root the cluster runs as an unprivileged user
    cluster = LocalCluster(workdir / "cluster", port=free_port())
    try:
        url = cluster.start().url()
        upgrade(url)
        yield url
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one child process; its output goes to our stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=sys.stderr, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} failed with exit code {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def count(url: str, table: str) -> int:
    from geodata.db import get_engine

    with get_engine(url).connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def peer(url: str, path: Path) -> Run | None:
    """ogr2ogr with COPY into its own table of the same database, or None when not installed."""
    binary = shutil.which("ogr2ogr")
    if binary is None:
        print("ogr2ogr not installed: peer skipped")
        return None
    u = make_url(url)
    pg = f"PG:host={u.host} port={u.port} dbname={u.database} user={u.username}"
    env = {**os.environ, "PGPASSWORD": u.password or ""}  # kept out of the argument list
    argv = [binary, "-f", "PostgreSQL", pg, str(path), "-nln", OGR_TABLE,
            "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST",
            "-t_srs", "EPSG:25832", "--config", "PG_USE_COPY", "YES"]  # fmt: skip
    seconds, peak = timed(argv, env)
    return Run("ogr2ogr (peer)", seconds, count(url, OGR_TABLE), peak)


def ours(url: str, path: Path, label: str) -> Run:
    """`kvarterkort load pois` from this checkout's environment, as a user would run it."""
    binary = Path(sys.executable).with_name("kvarterkort")
    env = {**os.environ, "KVARTERKORT_DATABASE_URL": url}
    seconds, peak = timed([str(binary), "load", "pois", str(path)], env)
    return Run(label, seconds, count(url, "pois"), peak)


def report(points: int, runs: list[Run], reference: Run | None) -> None:
    print(f"\n{points:,} points, same GeoPackage, same database")
    print(f"{'load':<28}{'seconds':>10}{'rows':>12}{'rows/s':>12}{'peak RSS MiB':>14}")
    for run in runs:
        print(f"{run.label:<28}{run.seconds:>10.2f}{run.rows:>12,}{run.rate:>12,.0f}"
              f"{run.peak_mib:>14,.0f}")  # fmt: skip
    if reference is not None:
        for run in runs:
            if run is not reference:
                print(f"ratio {run.label} / peer: {run.seconds / reference.seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    path = input_file(args.points, args.seed)
    print(f"input {path} ({path.stat().st_size / 2**20:.0f} MiB, "
          f"ready in {time.perf_counter() - start:.1f} s)")  # fmt: skip
    with database() as url:
        reference = peer(url, path)
        first = ours(url, path, "kvarterkort load (ours)")
        again = ours(url, path, "unchanged re-load (ours)")
    runs = [r for r in (reference, first, again) if r is not None]
    report(args.points, runs, reference)


if __name__ == "__main__":
    main()
