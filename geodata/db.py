"""One engine per database URL, and sessions handed out by the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """The process-wide engine for `url` (pooled, pre-pinged)."""
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, future=True)


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


def database_status(url: str) -> dict[str, object]:
    """What /healthz and `db status` report: reachable, versions, migration revision."""
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
        return {"reachable": False, "error": type(exc).__name__ + ": " + str(exc).splitlines()[0]}
    return {"reachable": True, "postgresql": pg, "postgis": postgis, "revision": revision}
