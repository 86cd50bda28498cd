"""Load benchmark over loopback: concurrent submissions and read endpoints, against a peer.

What it measures, on the Aalborg demo database:

(a) ``--submitters`` anonymous clients (default 50) POST ``/api/assets`` for ``--submit-seconds``
    (default 60). Each submission carries a unique marker in its title; afterwards the database
    is read to check that every 2xx was stored exactly once and nothing else was stored. The
    rate limit is raised for the run (``KVARTERKORT_RATE_SUBMISSIONS_PER_HOUR``) so the figures
    are about capacity, not the abuse limit.
(b) read endpoints at ``--concurrency`` (default 20), each for ``--read-seconds``: req/s, p50
    and p99 latency, and the share of non-2xx answers.

By default it starts its own throwaway PostgreSQL cluster (default ``max_connections``, so the
pool must fit it), and for each checkout (this one, and ``--baseline-dir`` if given, e.g. a
``git worktree`` of an older commit) a fresh database loaded by that checkout's own
``kvarterkort demo --no-serve``, then that checkout's ``kvarterkort serve`` on a free port.
``--base-url`` targets an already running server instead (give ``--database-url`` for the
stored-once check). Only loopback addresses are accepted. Every phase is bounded in time and in
request count, and every process it starts is stopped at the end.

Run: ``uv run python benchmarks/bench_load.py --baseline-dir /tmp/kk-baseline``.
Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import numpy as np

REPO = Path(__file__).resolve().parent.parent
READS = (
    "/ranking/map",
    "/api/ranking/run",
    "/assets/map",
    "/api/assets",
    "/venues/map",
    "/healthz",
)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SUBMISSION = {
    "category": "spaces",
    "subcategory": "park",
    "description": "Benchmark submission",
    "lat": 57.03,
    "lon": 9.99,
    "consent": True,
}


@dataclass
class Figures:
    """Latencies (s) and statuses of one phase."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, latency: float, status: int) -> None:
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        return float(np.percentile(self.latencies, q)) * 1000 if self.latencies else float("nan")

    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 or status == 0)

    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


# --- phases ----------------------------------------------------------------------------------


async def _submitter(
    client: httpx.AsyncClient, k: int, marker: str, deadline: float, budget: list[int],
    figures: Figures, stored: list[str],
) -> None:  # fmt: skip
    n = 0
    headers = {"X-Forwarded-For": f"10.9.{k // 250}.{k % 250 + 1}"}
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        title = f"{marker}-{k}-{n}"
        n += 1
        start = time.perf_counter()
        try:
            r = await client.post("/api/assets", json={**SUBMISSION, "title": title},
                                  headers=headers)  # fmt: skip
            status = r.status_code
        except httpx.HTTPError:
            status = 0
        figures.add(time.perf_counter() - start, status)
        if 200 <= status < 300:
            stored.append(title)


async def submissions(
    base: str, submitters: int, seconds: float, max_requests: int, marker: str
) -> tuple[Figures, list[str]]:
    figures, answered = Figures(), []
    limits = httpx.Limits(max_connections=submitters)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.monotonic()
        budget = [max_requests]
        await asyncio.gather(*(
            _submitter(client, k, marker, start + seconds, budget, figures, answered)
            for k in range(submitters)
        ))  # fmt: skip
        figures.seconds = time.monotonic() - start
    return figures, answered


async def _reader(
    client: httpx.AsyncClient, path: str, deadline: float, budget: list[int], figures: Figures
) -> None:
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        start = time.perf_counter()
        try:
            status = (await client.get(path)).status_code
        except httpx.HTTPError:
            status = 0
        figures.add(time.perf_counter() - start, status)


async def reads(
    base: str, path: str, concurrency: int, seconds: float, max_requests: int, warmup: float
) -> Figures:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        if warmup > 0:  # not counted: the first answer of each worker process
            end = time.monotonic() + warmup
            await asyncio.gather(*(_reader(client, path, end, [concurrency], Figures())
                                   for _ in range(concurrency)))  # fmt: skip
        figures = Figures()
        start = time.monotonic()
        budget = [max_requests]
        await asyncio.gather(*(
            _reader(client, path, start + seconds, budget, figures) for _ in range(concurrency)
        ))  # fmt: skip
        figures.seconds = time.monotonic() - start
    return figures


def stored_once(database_url: str, marker: str, answered: list[str]) -> dict[str, int]:
    """Rows per marker title: every 2xx exactly once, and nothing that was not answered 2xx."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT title, count(*) FROM assets WHERE title LIKE :m GROUP BY title"),
                {"m": marker + "-%"},
            ).all()
    finally:
        engine.dispose()
    counts = {title: int(n) for title, n in rows}
    ok = set(answered)
    return {
        "answered_2xx": len(ok),
        "stored_rows": sum(counts.values()),
        "stored_once": sum(1 for t in ok if counts.get(t) == 1),
        "missing": sum(1 for t in ok if t not in counts),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "stored_without_2xx": sum(1 for t in counts if t not in ok),
    }


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str) -> list[str]:
    """`kvarterkort ARGS` as a command; run with cwd and PYTHONPATH at a checkout, it is that
    checkout's own CLI with this venv's packages."""
    code = "import sys; from app.cli import main; sys.argv[0] = 'kvarterkort'; main()"
    return [sys.executable, "-c", code, *args]


def checkout_env(checkout: Path, database_url: str, data_dir: Path, workers: int | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KVARTERKORT_")}
    env |= {
        "PYTHONPATH": str(checkout),
        "KVARTERKORT_DATABASE_URL": database_url,
        "KVARTERKORT_DATA_DIR": str(data_dir),
        "KVARTERKORT_RATE_SUBMISSIONS_PER_HOUR": "1000000",
        "KVARTERKORT_TRUSTED_PROXIES": "127.0.0.1",
    }
    if workers is not None:
        env["KVARTERKORT_WORKERS"] = str(workers)
    return env


def create_database(server_url: str, name: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(server_url)
    conninfo = f"host={u.host} port={u.port} user={u.username} password={u.password}"
    with psycopg.connect(conninfo + " dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@contextmanager
def served(checkout: Path, env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """`kvarterkort serve` of the checkout on `port` until the block ends (whole group stopped)."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            cli("serve", "--port", str(port), "--host", "127.0.0.1"),
            cwd=checkout, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server not healthy within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


# --- running ---------------------------------------------------------------------------------


def measure(base: str, database_url: str | None, args: argparse.Namespace) -> dict:
    marker = "bench-" + uuid.uuid4().hex[:10]
    print(f"  submissions: {args.submitters} clients for {args.submit_seconds:g} s …", flush=True)
    sub, answered = asyncio.run(
        submissions(base, args.submitters, args.submit_seconds, args.max_requests, marker)
    )
    check = stored_once(database_url, marker, answered) if database_url else None
    out: dict = {"submit": (sub, check), "reads": {}}
    for path in args.paths:
        print(f"  {path}: concurrency {args.concurrency} for {args.read_seconds:g} s …", flush=True)
        out["reads"][path] = asyncio.run(reads(
            base, path, args.concurrency, args.read_seconds, args.max_requests, args.warmup
        ))  # fmt: skip
    return out


def run_checkout(
    name: str, checkout: Path, server_url: str, workdir: Path, args: argparse.Namespace
) -> dict:
    print(f"{name}: {checkout} — loading the demo …", flush=True)
    db = create_database(server_url, f"bench_{name}")
    env = checkout_env(checkout, db, workdir / f"data-{name}", args.workers)
    demo_log = workdir / f"demo-{name}.log"
    with demo_log.open("w") as out:
        done = subprocess.run(cli("demo", "--no-serve"), cwd=checkout, env=env,
                              stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"demo load failed:\n{demo_log.read_text()[-3000:]}")
    with served(checkout, env, free_port(), workdir / f"serve-{name}.log") as base:
        return measure(base, db, args)


def report(name: str, figures: dict, peer: dict | None) -> None:
    sub, check = figures["submit"]
    print(f"\n== {name} ==")
    print(f"submissions: {sub.count} in {sub.seconds:.0f} s ({sub.rate:.1f}/s), "
          f"p50 {sub.pct(50):.0f} ms, p99 {sub.pct(99):.0f} ms, 5xx/failed {sub.server_errors()}, "
          f"statuses {dict(sorted(sub.statuses.items()))}")  # fmt: skip
    if check is not None:
        ok = check["stored_once"] == check["answered_2xx"] and not (
            check["duplicated"] or check["stored_without_2xx"]
        )
        print(f"stored-once check: {'OK' if ok else 'FAILED'} {check}")
    print(f"{'endpoint':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'ratio':>7}")
    for path, f in figures["reads"].items():
        ratio = ""
        if peer is not None and path in peer["reads"] and peer["reads"][path].rate > 0:
            ratio = f"{f.rate / peer['reads'][path].rate:.1f}x"
        print(f"{path:<20} {f.rate:>8.1f} {f.pct(50):>8.0f} {f.pct(99):>8.0f} "
              f"{f.non_2xx():>8} {ratio:>7}")  # fmt: skip


@contextmanager
def throwaway_cluster() -> Iterator[tuple[str, Path]]:
    sys.path.insert(0, str(REPO))
    from geodata.cluster import LocalCluster

    workdir = Path(tempfile.mkdtemp(prefix="kk-bench-"))
    workdir.chmod(0o711)  # under root the cluster runs as an unprivileged user
    cluster = LocalCluster(workdir / "cluster", port=free_port())
    try:
        yield cluster.start().url(), workdir
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-url", help="target a running server (loopback only)")
    p.add_argument("--database-url", help="its database, for the stored-once check")
    p.add_argument("--checkout", type=Path, default=REPO, help="checkout to serve (default: this)")
    p.add_argument("--baseline-dir", type=Path, help="a peer checkout served the same way")
    p.add_argument("--workers", type=int, help="KVARTERKORT_WORKERS for the servers started")
    p.add_argument("--submitters", type=int, default=50)
    p.add_argument("--submit-seconds", type=float, default=60)
    p.add_argument("--concurrency", type=int, default=20)
    p.add_argument("--read-seconds", type=float, default=20)
    p.add_argument("--warmup", type=float, default=2, help="untimed seconds before each read")
    p.add_argument("--max-requests", type=int, default=20000, help="per phase")
    p.add_argument("--paths", nargs="+", default=list(READS))
    args = p.parse_args()
    if args.base_url and urlsplit(args.base_url).hostname not in LOOPBACK:
        p.error("--base-url must be a loopback address")
    return args


def main() -> None:
    args = parse_args()
    if args.base_url:
        report(args.base_url, measure(args.base_url.rstrip("/"), args.database_url, args), None)
        return
    with throwaway_cluster() as (server_url, workdir):
        base = None
        if args.baseline_dir:
            base = run_checkout("baseline", args.baseline_dir.resolve(), server_url, workdir, args)
        current = run_checkout("current", args.checkout.resolve(), server_url, workdir, args)
    if base is not None:
        report(f"baseline ({args.baseline_dir})", base, None)
    report(f"current ({args.checkout})", current, base)


if __name__ == "__main__":
    main()
