"""Capacity: worker processes share a bounded pool, a saturated pool answers 503 at once, and
workers starting together agree on one secret key."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import get_engine

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("workers", [1, 2, 3, 4, 7, 16, 64])
@pytest.mark.parametrize("total", [1, 5, 20, 60, 97, 1000])
def test_all_workers_together_stay_within_the_total(workers: int, total: int) -> None:
    size, overflow = Settings(workers=workers, db_pool_total=total).pool_limits()
    assert size >= 1 and overflow >= 0
    if workers <= total:
        assert workers * (size + overflow) <= total
        assert size + overflow == total // workers  # and the share is used, not wasted


def test_default_fits_postgresqls_default_max_connections() -> None:
    settings = Settings()
    size, overflow = settings.pool_limits()
    # 100 connections by default, 3 reserved for superusers; leave room for CLI and backups.
    assert settings.workers * (size + overflow) <= 100 - 3 - 10
    assert settings.db_pool_timeout_s <= 5


def test_the_app_pool_is_sized_from_the_settings(db_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k", workers=4, db_pool_total=20,
                        db_pool_timeout_s=1.5)  # fmt: skip
    create_app(settings, database_url=db_url)
    pool = get_engine(db_url).pool
    assert (pool.size(), pool._max_overflow, pool.timeout()) == (4, 1, 1.5)  # type: ignore[attr-defined]


def test_a_saturated_pool_answers_503_with_retry_after(db_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k", workers=1, db_pool_total=1,
                        db_pool_timeout_s=0.3)  # fmt: skip
    client = TestClient(create_app(settings, database_url=db_url), raise_server_exceptions=False)
    engine = get_engine(db_url)
    assert engine.pool.timeout() == 0.3  # type: ignore[attr-defined]
    with engine.connect() as held:  # another request holding the only connection
        held.execute(text("SELECT 1"))
        busy = client.get("/api/layers")
    assert busy.status_code == 503
    assert busy.headers["content-type"].startswith("application/problem+json")
    assert int(busy.headers["retry-after"]) > 0
    assert client.get("/api/layers").status_code == 200  # free again: served again


def _key_in_child(data_dir: str, barrier: multiprocessing.synchronize.Barrier, out: object) -> None:
    barrier.wait()
    out.put(Settings(data_dir=Path(data_dir)).resolved_secret_key())  # type: ignore[attr-defined]


def test_a_key_being_written_by_another_worker_is_waited_for(tmp_path: Path) -> None:
    """The first worker has created the file (O_EXCL) but not yet written the key: a second
    worker must read that key, never overwrite it nor use an empty one."""
    path = tmp_path / "secret_key"
    path.touch(mode=0o600)
    writer = threading.Timer(0.2, lambda: path.write_text("the-first-workers-key"))
    writer.start()
    try:
        key = Settings(data_dir=tmp_path).resolved_secret_key()
    finally:
        writer.join()
    assert key == "the-first-workers-key" == path.read_text()


@pytest.mark.parametrize("round_", range(2))
def test_workers_starting_together_share_one_secret_key(tmp_path: Path, round_: int) -> None:
    ctx = multiprocessing.get_context("fork")
    n = 8
    barrier, out = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_key_in_child, args=(str(tmp_path), barrier, out))
             for _ in range(n)]  # fmt: skip
    for p in procs:
        p.start()
    keys = [out.get(timeout=30) for _ in range(n)]
    for p in procs:
        p.join(timeout=30)
    path = tmp_path / "secret_key"
    assert len(set(keys)) == 1 and keys[0] and path.read_text() == keys[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _serves_app(pid: int) -> bool:
    try:
        return b"spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def test_serve_runs_the_configured_number_of_workers(db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "KVARTERKORT_DATABASE_URL": db_url, "KVARTERKORT_DATA_DIR": str(tmp_path),
           "KVARTERKORT_WORKERS": "2"}  # fmt: skip
    code = "import sys; from app.cli import main; sys.argv[0] = 'kvarterkort'; main()"
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(port)], cwd=REPO, env=env,
            stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        status = _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        workers = [pid for pid in _children(proc.pid) if _serves_app(pid)]
    finally:
        if proc.poll() is None:  # a server that died by itself has no group left to stop
            os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    assert status == 200, log.read_text(errors="replace")[-2000:]
    assert len(workers) == 2


def _wait_healthy(url: str, proc: subprocess.Popen) -> int:
    status = 0
    for _ in range(240):
        if proc.poll() is not None:
            break
        try:
            status = httpx.get(url, timeout=2).status_code
        except httpx.HTTPError:
            status = 0
        if status == 200:
            break
        time.sleep(0.25)
    return status


def test_serve_warns_when_the_pools_exceed_the_servers_connections(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.demo import _check_connections

    _check_connections(db_url, Settings(workers=4, db_pool_total=60))
    assert "Warning" not in capsys.readouterr().err
    _check_connections(db_url, Settings(workers=4, db_pool_total=400))
    assert "lower KVARTERKORT_DB_POOL_TOTAL" in capsys.readouterr().err
