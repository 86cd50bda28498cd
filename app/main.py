"""The FastAPI application: settings, one engine, routers per feature, problem+json errors."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.gzip import GZipMiddleware

from app import errors, openapi
from app.settings import Settings, get_settings
from app.static_files import CachedStaticFiles, static_url
from app.web import TEMPLATES

# Each module exposes `router`; missing feature modules are skipped so the app always starts.
ROUTE_MODULES = (
    "home",
    "layers",
    "maps",
    "ranking",
    "ranking_area",
    "ranking_maps",
    "ranking_api",
    "assets",
    "venues",
    "about",
    "places",
    "templates_api",
    "sources",
    "statutory",
    "activities_register",  # /activities, the phone form, the session list
    "activities_api",  # /api/activities/... sessions and publishing
    "activities_progress",  # /activities/{code}: progress, reports, downloads
    "activities_reach",  # /activities/{code}/reach and /venues
    "tiles",  # /tiles/{layer}/{z}/{x}/{y}.pbf: vector tiles for the large map layers
)
STATIC_DIR = Path(__file__).parent / "static"
GZIP_MINIMUM_BYTES = 1000  # smaller answers gain less than the gzip header and the CPU cost
GZIP_LEVEL = 6  # most of level 9's gain at a fraction of its CPU on a 2-core municipal VM


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    """Build the app for `database_url` (default: the settings' database or private cluster)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Kvarterkort",
        description="Community health maps for Danish municipalities: layers, area ranking, "
        "ABCD asset map and venue finding on PostGIS.",
        version="0.1.0",
        docs_url=None,  # app.apidocs serves /docs from vendored files; no CDN, no ReDoc
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database_url = database_url or settings.resolved_database_url()
    importlib.import_module("app.capacity").install(app, settings)  # pool per worker, cache
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
    TEMPLATES.env.globals["static_url"] = static_url  # ?v=<hash> links (app/static_files.py)
    importlib.import_module("app.apidocs").install(app)
    page_paths: set[str] = {"/docs"}
    for name in ROUTE_MODULES:
        module = _optional_module(f"app.routes.{name}")
        if module is not None:
            app.include_router(module.router)
            page_paths |= set(_get_paths(module.router))
    app.state.page_paths = page_paths  # the navigation shows only pages that exist
    errors.install(app)
    importlib.import_module("app.request_limits").install(app)  # body cap (413); uploads: own
    # Compress pages, maps, JSON and CSV (images and fonts are skipped by Starlette); outside the
    # body cap and admission, so a 413/503 is compressed too and streaming downloads stay streams.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    openapi.install(app)  # problem+json errors, bounds and enums in the schema
    importlib.import_module("app.headers").install(app, settings)  # CSP etc.; outermost
    return app


def _get_paths(router: APIRouter) -> Iterator[str]:
    """GET paths of a router, including routers it includes (FastAPI nests them lazily)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and "GET" in (route.methods or set()):
            yield route.path
        nested = getattr(route, "original_router", None)
        if isinstance(nested, APIRouter):
            yield from _get_paths(nested)


def _optional_module(path: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name != path:
            raise
        return None
