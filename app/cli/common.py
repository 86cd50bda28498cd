"""Shared CLI plumbing: settings, database URL, progress bars, and turning errors into messages.

Every command module imports this, so it stays light: rich, pydantic (the settings), the
database driver and SQLAlchemy are imported when first used, not when `kvarterkort` starts
(tests/test_cli_imports.py checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from app.settings import Settings


@cache
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


class _LazyConsole:
    """``console.print(...)`` on a rich console made at its first use (rich costs start-up)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_stderr_console(), name)


console: Console = _LazyConsole()  # type: ignore[assignment]


def settings() -> Settings:
    from app.settings import get_settings

    return get_settings()


def database_url(start: bool = False) -> str:
    """The configured URL, or the private cluster's (started first when `start`)."""
    cfg = settings()
    if cfg.database_url:
        return cfg.database_url
    from geodata.cluster import LocalCluster
    from geodata.errors import GeodataError

    cluster = LocalCluster(cfg.data_dir, cfg.db_port)
    if start:
        return cluster.start().url()
    if not cluster.is_running():
        raise GeodataError(
            "The database is not running. Start it with `kvarterkort db start` "
            "(or set KVARTERKORT_DATABASE_URL to use an existing PostGIS database)."
        )
    return cluster.url()


def database_unavailable() -> tuple[type[Exception], ...]:
    """The database is down, unreachable, refusing logins or saturated: a fact to report, not a
    bug. (A function: the driver and SQLAlchemy load only once something failed.)"""
    import psycopg
    from sqlalchemy import exc as sa_exc

    return (
        sa_exc.OperationalError,
        sa_exc.InterfaceError,
        sa_exc.TimeoutError,
        psycopg.OperationalError,
    )


def describe(exc: BaseException) -> str | None:
    """A one-line message for an expected failure, or None for a bug (which keeps its traceback).

    The CLI runs locally, so the driver's first line (host, port) stays in: it says what to fix.
    """
    from geodata.errors import GeodataError

    if isinstance(exc, database_unavailable()):
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        return (
            f"cannot reach the database ({first}). Is it running? "
            "Check `kvarterkort db status` or KVARTERKORT_DATABASE_URL."
        )
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"no such file or directory: {exc.filename or exc}"
    if isinstance(exc, OSError):  # a full disk, a folder where a file should be, ...
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, GeodataError | ValueError):
        return str(exc)
    return None


@contextmanager
def user_errors() -> Iterator[None]:
    """Print an expected failure as a plain message and exit 2 instead of a traceback."""
    try:
        yield
    except Exception as exc:
        message = describe(exc)
        if message is None:
            raise
        typer.echo(f"Error: {message}", err=True)  # plain text: never re-wrapped, easy to grep
        raise typer.Exit(2) from exc


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int | None], Callable[[], None]]]:
    """A rich progress bar; yields a factory `stage(description, total) -> tick()`."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:

        def stage(description: str, total: int | None) -> Callable[[], None]:
            task = bar.add_task(description, total=total)
            return lambda: bar.advance(task)

        yield stage
