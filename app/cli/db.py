"""`kvarterkort db start|stop|status|url|upgrade`: the embedded cluster or a configured database."""

from __future__ import annotations

import json

import typer

from app.cli.common import console, database_url, settings, user_errors
from geodata.cluster import LocalCluster  # the standard library only: start/stop/url stay light

db = typer.Typer(help="Manage the database (a private PostGIS cluster unless a URL is set).")


def _cluster() -> LocalCluster:
    cfg = settings()
    return LocalCluster(cfg.data_dir, cfg.db_port)


@db.command()
def start() -> None:
    """Create (first time) and start the private PostGIS cluster, then create the database."""
    with user_errors():
        if settings().database_url:
            console.print("KVARTERKORT_DATABASE_URL is set: using that database, nothing to start.")
            return
        info = _cluster().start()
        console.print(f"Database running on 127.0.0.1:{info.port} (data in {settings().data_dir})")


@db.command()
def stop() -> None:
    """Stop the private cluster (its data stays in the data directory)."""
    with user_errors():
        if settings().database_url:
            console.print("KVARTERKORT_DATABASE_URL is set: nothing to stop.")
            return
        console.print("Stopped." if _cluster().stop() else "The database was not running.")


@db.command()
def status() -> None:
    """Print whether the database is reachable, its versions and migration revision (JSON)."""
    with user_errors():
        cfg = settings()
        cluster = _cluster()
        if not cfg.database_url and not cluster.is_running():
            typer.echo(json.dumps({"reachable": False, "running": False,
                                   "data_dir": str(cfg.data_dir)}))  # fmt: skip
            raise typer.Exit(1)
        from geodata.db import database_status

        report = database_status(database_url(), detail=True)
        typer.echo(json.dumps(report, default=str))
        if not report["reachable"]:
            raise typer.Exit(1)


@db.command()
def url() -> None:
    """Print the database connection URL (contains the private cluster's password)."""
    with user_errors():
        typer.echo(database_url())


@db.command()
def upgrade(
    revision: str = typer.Argument("heads", help="Alembic revision to migrate to."),
) -> None:
    """Apply the Alembic migrations (starts the private cluster when needed)."""
    from geodata.migrate import upgrade as run_upgrade  # Alembic and SQLAlchemy: only here

    with user_errors():
        run_upgrade(database_url(start=True), revision)
        console.print(f"Database migrated to {revision}.")


def register(root: typer.Typer) -> None:
    root.add_typer(db, name="db")
