"""The FastAPI application: settings, one engine, routers per feature, problem+json errors."""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from app import errors
from app.settings import Settings, get_settings

# Each module exposes `router`; missing feature modules are skipped so the app always starts.
ROUTE_MODULES = ("home", "layers", "maps", "ranking", "assets", "venues")
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    """Build the app for `database_url` (default: the settings' database or private cluster)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Kvarterkort",
        description="Community health maps for Danish municipalities: layers, area ranking, "
        "ABCD asset map and venue finding on PostGIS.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.database_url = database_url or settings.resolved_database_url()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    page_paths: set[str] = {"/docs"}
    for name in ROUTE_MODULES:
        module = _optional_module(f"app.routes.{name}")
        if module is not None:
            app.include_router(module.router)
            page_paths |= {
                r.path
                for r in module.router.routes
                if isinstance(r, APIRoute) and "GET" in (r.methods or set())
            }
    app.state.page_paths = page_paths  # the navigation shows only pages that exist
    errors.install(app)
    return app


def _optional_module(path: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name != path:
            raise
        return None
