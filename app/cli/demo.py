"""`kvarterkort demo` and `kvarterkort serve`: the Aalborg demo in one command."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from app.cli.common import console, database_url, progress_bar, settings, user_errors

if TYPE_CHECKING:
    from app.settings import Settings

# The loaders, Alembic and the web app are imported inside the commands: `--help` stays light.


def demo(
    port: int = typer.Option(None, help="Port to serve on (default 8000)."),
    host: str = typer.Option(None, help="Interface to bind (default 127.0.0.1)."),
    serve: bool = typer.Option(True, help="Serve after loading (--no-serve only loads)."),
) -> None:
    """Start the database if needed, migrate, load the Aalborg demo (idempotent) and serve it."""
    from geodata.demo import load_demo
    from geodata.migrate import upgrade

    with user_errors():
        url = database_url(start=True)
        upgrade(url)
        with progress_bar() as stage:
            reports = load_demo(url, progress=stage,
                                code_key=settings().resolved_activity_code_key())  # fmt: skip
    for report in reports:
        console.print(report.summary(), highlight=False)
    changed = sum(r.counts.changed for r in reports)
    typer.echo(f"Demo loaded: {len(reports)} layers, {changed} rows changed.")
    if serve:
        _serve(url, host, port)


def serve_command(
    port: int = typer.Option(None, help="Port to serve on (default 8000)."),
    host: str = typer.Option(None, help="Interface to bind (default 127.0.0.1)."),
    workers: int = typer.Option(
        None,
        min=1,
        max=64,
        help="Worker processes (default: KVARTERKORT_WORKERS, else min(4, 2×CPUs)).",
    ),
) -> None:
    """Serve the web app and API on the configured database (no loading)."""
    from geodata.migrate import upgrade

    with user_errors():
        url = database_url(start=True)
        upgrade(url)
    _serve(url, host, port, workers)


def _serve(url: str, host: str | None, port: int | None, workers: int | None = None) -> None:
    """uvicorn with `workers` processes, each building the app from the same settings.

    Worker processes are started by uvicorn from the import string, so everything they need
    comes from the environment: the database is the configured one or the private cluster
    (started above), and the worker count goes there too because each process sizes its
    database pool by it (``Settings.pool_limits``).
    """
    import uvicorn

    from app.settings import get_settings

    cfg = settings()
    if workers is not None:
        os.environ["KVARTERKORT_WORKERS"] = str(workers)
        get_settings.cache_clear()  # one worker runs in this process: it must see the count too
        cfg = settings()
    _check_connections(url, cfg)
    bind_host, bind_port = host or cfg.host, port or cfg.port
    console.print(
        f"Kvarterkort on http://{bind_host}:{bind_port} with {cfg.workers} worker process(es), "
        f"{sum(cfg.pool_limits())} database connections each  (Ctrl+C to stop)"
    )
    from app.logs import log_config  # access log without client IPs or private tokens

    uvicorn.run(
        "app.main:create_app",
        factory=True,
        workers=cfg.workers,
        host=bind_host,
        port=bind_port,
        log_level="info",
        log_config=log_config(cfg.resolved_secret_key()),
        server_header=False,  # no "server: uvicorn" advertising the stack
        # uvicorn would take X-Forwarded-For from any loopback peer; app.security.client_ip
        # trusts it only from KVARTERKORT_TRUSTED_PROXIES.
        proxy_headers=False,
        # A worker answers the supervisor's health check only once the app is imported, which
        # takes well over uvicorn's 5 s default when several workers start on two busy cores:
        # the supervisor would kill and restart them forever.
        timeout_worker_healthcheck=WORKER_START_TIMEOUT_S,
    )


WORKER_START_TIMEOUT_S = 120


def _check_connections(url: str, cfg: Settings) -> None:
    """Warn when all worker pools together could take more connections than the server has:
    requests would then fail with "too many clients" instead of a quick 503."""
    from geodata.db import usable_connections

    size, overflow = cfg.pool_limits()
    wanted = cfg.workers * (size + overflow)
    with user_errors():
        usable = usable_connections(url)
    if wanted > usable:
        console.print(
            f"Warning: {cfg.workers} workers × {size + overflow} connections = {wanted}, but the "
            f"database allows {usable}; lower KVARTERKORT_DB_POOL_TOTAL or KVARTERKORT_WORKERS.",
            highlight=False,
            soft_wrap=True,
        )


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
    root.command("serve")(serve_command)
