"""Admission in one worker process: a thread per database connection, requests beyond them wait
in order, and beyond the queue the process answers 503 + Retry-After at once.

Requests are held inside the database by a table lock taken from outside the app, so "in
flight" is a fact the test can see in pg_stat_activity, not a matter of timing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.main import create_app
from app.settings import Settings

DOWN = "postgresql+psycopg://x:y@127.0.0.1:1/x"


def _conninfo(url: str) -> str:
    u = make_url(url)
    return (
        f"host={u.host} port={u.port} user={u.username} password={u.password} dbname={u.database}"
    )


@contextmanager
def layers_locked(url: str) -> Iterator[psycopg.Connection]:
    """Every request that reads `layers` waits until the block ends."""
    with psycopg.connect(_conninfo(url)) as conn:
        conn.execute("LOCK TABLE layers IN ACCESS EXCLUSIVE MODE")
        yield conn
        conn.rollback()


def _wait_for_lock_waiters(url: str, n: int) -> None:
    sql = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
           "AND wait_event_type = 'Lock'")  # fmt: skip
    for _ in range(400):
        with psycopg.connect(_conninfo(url)) as probe:
            row = probe.execute(sql).fetchone()
        if row and row[0] >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{n} requests never reached the database")


def _start(client: TestClient, results: list[httpx.Response]) -> threading.Thread:
    thread = threading.Thread(target=lambda: results.append(client.get("/api/layers")))
    thread.start()
    return thread


def _app(db_url: str, tmp_path: Path, **settings: object) -> TestClient:
    cfg = Settings(data_dir=tmp_path, secret_key="k", workers=1, db_pool_total=3, **settings)
    return TestClient(create_app(cfg, database_url=db_url), raise_server_exceptions=False)


def test_beyond_the_queue_the_process_answers_503_at_once(db_url: str, tmp_path: Path) -> None:
    held: list[httpx.Response] = []
    extra: list[httpx.Response] = []
    with _app(db_url, tmp_path, request_queue=0, db_pool_timeout_s=30) as client:
        with layers_locked(db_url) as _lock:
            threads = [_start(client, held) for _ in range(3)]  # one per connection
            _wait_for_lock_waiters(db_url, 3)
            late = _start(client, extra)
            late.join(timeout=20)
            answered_while_busy = list(extra)
        for t in [*threads, late]:
            t.join(timeout=30)
    assert [r.status_code for r in answered_while_busy] == [503]
    assert int(answered_while_busy[0].headers["retry-after"]) > 0
    assert answered_while_busy[0].headers["content-type"].startswith("application/problem+json")
    assert sorted(r.status_code for r in held) == [200, 200, 200]


def test_requests_beyond_the_connections_wait_for_a_thread(db_url: str, tmp_path: Path) -> None:
    """With a thread per connection, the fourth request waits its turn; given a thread of its
    own it would wait on the pool instead and fail after db_pool_timeout_s."""
    results: list[httpx.Response] = []
    with _app(db_url, tmp_path, request_queue=10, db_pool_timeout_s=0.3) as client:
        with layers_locked(db_url) as _lock:
            threads = [_start(client, results) for _ in range(3)]
            _wait_for_lock_waiters(db_url, 3)
            threads.append(_start(client, results))
            time.sleep(1.5)  # well past the pool timeout, so a fourth thread would have failed
        for t in threads:
            t.join(timeout=30)
    assert sorted(r.status_code for r in results) == [200, 200, 200, 200]


def test_static_files_and_the_health_check_are_never_refused_for_saturation() -> None:
    """A saturated worker still serves what needs no queue slot and still answers its checker."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from app.capacity import Admission

    reached: list[str] = []

    async def inner(scope, receive, send):  # type: ignore[no-untyped-def]
        reached.append(scope["path"])

    statuses: list[int] = []

    async def send(message):  # type: ignore[no-untyped-def]
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    admission = Admission(inner, threads=1, queue=0)
    admission.active = admission.limit  # saturated
    for path in ("/static/style.css", "/healthz", "/api/layers"):
        scope = {"type": "http", "path": path, "method": "GET", "headers": [],
                 "query_string": b"", "app": create_app(Settings(tiles="none"), DOWN)}  # fmt: skip
        with ThreadPoolExecutor(1) as pool:  # Playwright may hold an event loop in this thread
            pool.submit(asyncio.run, admission(scope, None, send)).result()  # type: ignore[arg-type]
    assert reached == ["/static/style.css", "/healthz"]
    assert statuses == [503]
