"""Benchmark of command start-up: `kvarterkort --help` and a small `kvarterkort venues solve`.

Each command runs as a fresh process (what a user types), ``--repeat`` times; the median wall
time is reported. Peers, measured in the same run on the same machine:

- ``python -c pass``: the interpreter alone, the floor no Python command can go under;
- the eager root as it was: importing what every command module imported at start-up (what
  `--help` cost before the lazy root: the web app, loaders, Alembic, ...);
- ``ogr2ogr --help`` (GDAL, a compiled command-line peer), when installed.

`venues solve` runs MCLP (p=2, 500 m) on the committed fixture tests/data/venues (the same
files tests/test_venues_cli.py uses), end to end including writing its JSON to stdout.
Run: ``uv run python benchmarks/bench_cli.py [--repeat 5]``. Prints figures and ratios;
asserts nothing (timings are not tests).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "venues"


def kvarterkort() -> list[str]:
    """The installed console script next to this interpreter, else the same entry point."""
    script = Path(sys.executable).with_name("kvarterkort")
    if script.exists():
        return [str(script)]
    return [
        sys.executable,
        "-c",
        "import sys; from app.cli import main; sys.argv[0]='kvarterkort'; main()",
    ]


def eager_root() -> list[str]:
    """What the root imported before it became lazy: every command module with its top-level
    imports, i.e. the web app (routes, use cases, maps, engines), the loaders, Alembic, the
    demo, the network and backup code and the import templates."""
    modules = (
        "app.main", "geodata.loaders", "geodata.migrate", "geodata.demo", "geodata.network",
        "geodata.backup", "geodata.assets_io", "app.table_templates", "venues.io",
    )  # fmt: skip
    return [sys.executable, "-c", "; ".join(f"import {m}" for m in modules)]


def solve_args() -> list[str]:
    return [
        "venues", "solve", "--model", "mclp", "--p", "2", "--radius", "500",
        "--demand", str(DATA / "demand.csv"), "--candidates", str(DATA / "candidates.csv"),
        "--costs", str(DATA / "costs_long.csv"),
    ]  # fmt: skip


def median_seconds(argv: list[str], repeat: int) -> float:
    """Median wall time of ``repeat`` runs (one warm-up run first fills the OS file cache)."""
    subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, ours: float, peer_label: str, peer: float) -> None:
    figures = f"ours {ours:6.3f} s   {peer_label:<22} {peer:6.3f} s   ratio {ours / peer:.3g}"
    print(f"{label:<34} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    floor = median_seconds([sys.executable, "-c", "pass"], repeat)
    eager = median_seconds(eager_root(), repeat)
    help_ = median_seconds([*kvarterkort(), "--help"], repeat)
    solve = median_seconds([*kvarterkort(), *solve_args()], repeat)
    python = sys.version.split()[0]
    print(f"median of {repeat} runs each, fresh processes, {sys.platform}, Python {python}")
    report("kvarterkort --help", help_, "python -c pass", floor)
    report("kvarterkort --help", help_, "eager root import", eager)
    report("kvarterkort venues solve (fixture)", solve, "eager root import", eager)
    report("kvarterkort venues solve (fixture)", solve, "python -c pass", floor)
    ogr = shutil.which("ogr2ogr")
    if ogr:
        report(
            "kvarterkort --help", help_, "ogr2ogr --help", median_seconds([ogr, "--help"], repeat)
        )
    else:
        print("ogr2ogr not installed: GDAL peer skipped")


if __name__ == "__main__":
    main()
