"""Domain exceptions to HTTP, in one place, as RFC 9457 problem+json."""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from geodata.errors import ClusterError, GeodataError, LoadError, NotFoundError

PROBLEM = "application/problem+json"

# (exception class path, HTTP status); the first match in this order wins.
STATUS_BY_ERROR: list[tuple[str, int]] = [
    ("geodata.errors.NotFoundError", 404),
    ("geodata.errors.ClusterError", 503),
    ("geodata.errors.LoadError", 422),
    ("geodata.errors.GeodataError", 422),
    ("indicators.errors.IndicatorError", 422),
    ("venues.errors.VenueModelError", 422),
]


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path), **extra}  # fmt: skip
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _resolve(path: str) -> type[Exception] | None:
    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def install(app: FastAPI) -> None:
    """Register the handlers: every known domain error, HTTP errors, validation errors."""
    for path, status in STATUS_BY_ERROR:
        cls = _resolve(path)
        if cls is not None:
            app.add_exception_handler(cls, _domain_handler(status))
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]


def _domain_handler(status: int):  # type: ignore[no-untyped-def]
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        title = getattr(exc, "title", None) or type(exc).__name__
        extra: dict[str, Any] = {}
        if isinstance(exc, LoadError):
            extra["errors"] = [p.__dict__ for p in exc.problems]
        return problem(status, title, str(exc), request, **extra)

    return handle


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    response = problem(exc.status_code, _reason(exc.status_code), str(exc.detail), request)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid request", detail, request, errors=errors)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


__all__ = ["ClusterError", "GeodataError", "NotFoundError", "install", "problem"]
