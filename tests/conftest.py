"""Test fixtures on a real PostGIS: a private cluster, a migrated template, a database per test.

Every database test gets its own copy of a migrated template (CREATE DATABASE ... TEMPLATE), so
tests can write freely and still start from a known state. Set KVARTERKORT_TEST_DATABASE_URL to
a superuser URL of an existing PostGIS server to use it instead of a private cluster.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import app.i18n  # noqa: F401  - registers the map words (mapping.texts), as the app does
from geodata.cluster import LocalCluster
from geodata.db import get_engine, session_factory
from geodata.demo import load_demo
from geodata.migrate import upgrade

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
TEMPLATE = "kk_template"
DEMO_TEMPLATE = "kk_demo_template"
_counter = itertools.count()

# Tests render maps without network tiles.
os.environ.setdefault("KVARTERKORT_TILES", "none")


def _admin_conninfo(url: str, dbname: str = "postgres") -> str:
    u = make_url(url)
    return f"host={u.host} port={u.port} user={u.username} password={u.password} dbname={dbname}"


def _with_db(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _create_db(server_url: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    return _with_db(server_url, name)


def _drop_db(server_url: str, url: str) -> None:
    get_engine(url).dispose()
    name = make_url(url).database
    with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    """A free loopback port, so several test runs on one machine never share a cluster."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A PostGIS server: KVARTERKORT_TEST_DATABASE_URL or a private throwaway cluster."""
    configured = os.environ.get("KVARTERKORT_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    data_dir = Path(tempfile.mkdtemp(prefix="kk-test-"))
    fast = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
    cluster = LocalCluster(data_dir, port=_free_port(), server_settings=fast)
    try:
        yield cluster.start().url()
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def template_url(server_url: str) -> str:
    """A migrated, empty database used as the template for every test database."""
    url = _create_db(server_url, TEMPLATE)
    upgrade(url)
    get_engine(url).dispose()
    return url


@pytest.fixture
def db_url(server_url: str, template_url: str) -> Iterator[str]:
    """A fresh migrated database for one test."""
    url = _create_db(server_url, f"kk_test_{os.getpid()}_{next(_counter)}", TEMPLATE)
    yield url
    _drop_db(server_url, url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    s = session_factory(db_url)()
    yield s
    s.rollback()
    s.close()


@pytest.fixture(scope="session")
def demo_template_url(server_url: str, template_url: str) -> str:
    """The full Aalborg demo loaded once; tests get copies of it."""
    url = _create_db(server_url, DEMO_TEMPLATE, TEMPLATE)
    load_demo(url)
    get_engine(url).dispose()
    return url


@pytest.fixture
def demo_url(server_url: str, demo_template_url: str) -> Iterator[str]:
    """A fresh copy of the demo database for one test."""
    url = _create_db(server_url, f"kk_demo_{os.getpid()}_{next(_counter)}", DEMO_TEMPLATE)
    yield url
    _drop_db(server_url, url)


# --- live server and headless Chromium -------------------------------------------------------


class LiveServer:
    """The app served by uvicorn in a thread, for browser tests."""

    def __init__(self, url: str) -> None:
        import socket
        import threading

        import uvicorn

        from app.main import create_app
        from app.settings import Settings

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.settings = Settings(tiles="none", data_dir=Path(tempfile.mkdtemp(prefix="kk-app-")))
        app = create_app(self.settings, database_url=url)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        import time

        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server_for():  # type: ignore[no-untyped-def]
    """Factory: serve the app on a given database URL; stopped after the test."""
    servers: list[LiveServer] = []

    def start(url: str) -> LiveServer:
        servers.append(LiveServer(url))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


CHROMIUM = os.environ.get("KVARTERKORT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-debian.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()
