"""One engine per database URL, and sessions handed out by the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True)
class PoolOptions:
    """Connections one process may hold, and how long a request waits for one.

    The web app sizes these from its settings (all worker processes together must fit the
    server's max_connections) with a short timeout, so a saturated pool answers at once
    (503) instead of queueing requests for half a minute.
    """

    size: int = 5
    overflow: int = 5
    timeout_s: float = 30.0


_configured: dict[str, PoolOptions] = {}


def configure_pool(url: str, options: PoolOptions) -> None:
    """Use `options` for every later `get_engine(url)` in this process."""
    _configured[url] = options


def get_engine(url: str, options: PoolOptions | None = None) -> Engine:
    """The process-wide engine for `url` (pooled, pre-pinged), sized as configured."""
    return _engine(url, options or _configured.get(url, PoolOptions()))


@lru_cache(maxsize=16)
def _engine(url: str, options: PoolOptions) -> Engine:
    return create_engine(
        url, pool_pre_ping=True, pool_size=options.size, max_overflow=options.overflow,
        pool_timeout=options.timeout_s, future=True,
    )  # fmt: skip


def usable_connections(url: str) -> int:
    """Connections the server allows ordinary users: max_connections minus the reserved ones
    (what all worker pools together must stay under)."""
    with get_engine(url).connect() as conn:
        total = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
    return total - reserved


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def database_status(url: str, detail: bool = False) -> dict[str, object]:
    """Reachable, versions and migration revision, for /healthz and `db status`.

    The driver's message names the host, port and user, so it is only included when `detail`
    is asked for (the local CLI); a health check over HTTP must not hand it to anyone.
    """
    try:
        with get_engine(url).connect() as conn:
            pg = conn.execute(text("SHOW server_version")).scalar()
            postgis = conn.execute(
                text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
            ).scalar()
            has_alembic = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
            revision = (
                conn.execute(
                    text(
                        "SELECT string_agg(version_num, ',' ORDER BY version_num) "
                        "FROM alembic_version"
                    )
                ).scalar()
                if has_alembic
                else None
            )
    except Exception as exc:  # any driver error means "not reachable" for a health check
        status: dict[str, object] = {"reachable": False}
        if detail:
            status["error"] = type(exc).__name__ + ": " + (str(exc).strip().splitlines() or [""])[0]
        return status
    return {"reachable": True, "postgresql": pg, "postgis": postgis, "revision": revision}
