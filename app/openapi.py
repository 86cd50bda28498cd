"""An honest OpenAPI schema: every error an operation can answer, documented as problem+json.

FastAPI documents only the success and a validation error in its own shape. The app answers
errors as RFC 9457 problem+json (app/errors.py), so this module rewrites each operation's
responses from what the route depends on: parameters or a body (422), a body (413), path
parameters (404), a role (401/403), the CSRF check (403), a rate limit (429), the database
(503, always); form posts also document their 303. The bounded parameter types the routes share
are in app/params.py.

Routes kept out of the schema (HTML pages, map frames, the docs themselves) are listed in
`UNDOCUMENTED`; tests/test_bad_input.py throws bad input at each of them by hand and
tests/test_api_fuzz.py fails when a route is neither documented nor listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "One entry per invalid field (422 only).",
            "items": {"type": "object"},
        },
    },
}
DESCRIPTIONS = {
    400: "Unparseable body",
    401: "Not logged in",
    403: "Missing role, or a missing or wrong CSRF token",
    404: "No such item",
    413: "Body too large",
    422: "Invalid parameters or body",
    429: "Too many requests; see Retry-After",
    503: "Database unavailable or saturated; see Retry-After",
}
# Handlers that call app.security.check_rate themselves instead of through a dependency.
RATE_LIMITED_INLINE = {"submit_form", "submit_json", "private_edit"}

# "METHOD path" of every route deliberately kept out of the schema.
UNDOCUMENTED = {
    "GET /openapi.json",
    "GET /docs",
    "MOUNT /static",
    "GET /",
    "GET /ranking",
    "GET /ranking/compare",
    "GET /ranking/areas/{kind}/{code}",
    "GET /assets/new/map",
    "GET /assets/admin/map",
    "GET /assets/map",
    "GET /venues",
    "GET /venues/map",
    "GET /venues/report",
    "GET /venues/download",
    "GET /maps/overview/map",
    "GET /activities/{code}/reach",
    "GET /activities/{code}/reach/map",
    "GET /activities/{code}/venues",
    "GET /activities/{code}",
    "GET /activities/{code}/report",
    "GET /activities/{code}/download",
    "GET /tilgaengelighed",
}


def install(app: FastAPI) -> None:
    """Replace `app.openapi` with the honest schema (built once, then cached like FastAPI's)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI) -> dict[str, Any]:
    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        for method in route.methods or ():
            op = doc["paths"].get(route.path_format, {}).get(method.lower())
            if op is not None:
                _document_errors(op, route)
                _document_paging(op, route)
    return doc


LINK_HEADER = {
    "description": "RFC 8288 links of the list: self, and next/prev where those pages exist.",
    "schema": {"type": "string"},
}


def _document_paging(op: dict[str, Any], route: APIRoute) -> None:
    """A paged list (app.params: `limit` and `offset`) documents its `Link` header (next/prev
    pages) on the 200 answer."""
    names: set[str] = set()
    for param in (p for d in _dependants(route.dependant) for p in d.query_params):
        model = param.field_info.annotation  # a query model (the asset filters) adds its fields
        if isinstance(model, type) and issubclass(model, BaseModel):
            names |= set(model.model_fields)
        else:
            names.add(param.alias)
    if {"limit", "offset"} <= names:
        ok = op.setdefault("responses", {}).setdefault("200", {"description": "Successful"})
        ok.setdefault("headers", {})["Link"] = LINK_HEADER


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every APIRoute of the app, including those of nested routers."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context.original_route


def undocumented_routes(app: FastAPI) -> set[str]:
    """'METHOD path' of every route that the schema does not describe."""
    out: set[str] = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            if not route.include_in_schema:
                out |= {f"{m} {route.path_format}" for m in route.methods or ()}
        elif getattr(route, "methods", None):
            out |= {f"{m} {context.path}" for m in route.methods if m != "HEAD"}  # type: ignore[attr-defined]
        else:
            out.add(f"MOUNT {context.path}")
    return out


def error_statuses(route: APIRoute) -> set[int]:
    """The error statuses a route can answer, from its parameters and dependencies."""
    calls = _calls(route)
    statuses = {503}
    if any(d.path_params or d.query_params for d in _dependants(route.dependant)):
        statuses.add(404)  # a path id, or a profile, area kind or period with no data
    if _has_input(route):
        statuses.add(422)
    if route.body_field is not None or _writes(route):
        statuses |= {400, 413, 422}  # unparseable body, global size limit, invalid fields
    if "require_role.<locals>.dependency" in calls:
        statuses |= {401, 403}
    if "csrf_protect" in calls:
        statuses.add(403)
    if "rate_limit.<locals>.dependency" in calls or route.name in RATE_LIMITED_INLINE:
        statuses.add(429)
    return statuses


def _writes(route: APIRoute) -> bool:
    return bool((route.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"})


def redirects(route: APIRoute) -> bool:
    """Form posts answer 303 to the next page; pages behind a role send browsers to /login."""
    if route.path.startswith("/api/"):
        return False
    return _writes(route) or (
        _is_html(route) and "require_role.<locals>.dependency" in _calls(route)
    )


def _is_html(route: APIRoute) -> bool:
    cls = route.response_class
    return isinstance(cls, type) and issubclass(cls, HTMLResponse)


def _calls(route: APIRoute) -> set[str]:
    return {_name(d.call) for d in _dependants(route.dependant)}


def _has_input(route: APIRoute) -> bool:
    return any(
        x.query_params or x.path_params or x.body_params or x.header_params
        for x in _dependants(route.dependant)
    )


def _document_errors(op: dict[str, Any], route: APIRoute) -> None:
    responses = op.setdefault("responses", {})
    html = _is_html(route)
    if redirects(route):
        responses.setdefault("303", {"description": "See Other: the next page (Location)"})
    for status in sorted(error_statuses(route)):
        content: dict[str, Any] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        if html:  # form posts answer a page with the error when the form itself was wrong
            content["text/html"] = {"schema": {"type": "string"}}
        entry = responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
        entry["content"] = {**content, **_non_json(entry.get("content", {}))}


def _non_json(content: dict[str, Any]) -> dict[str, Any]:
    """Keep media types a route declared itself, except FastAPI's default JSON error body."""
    return {k: v for k, v in content.items() if k != "application/json"}


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _name(call: Any) -> str:
    return str(getattr(call, "__qualname__", ""))


# The 200 answers of routes that return files: `responses=FILES` on the route.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # app/downloads.py
FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/geo+json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/geopackage+sqlite3": {"schema": {"type": "string", "format": "binary"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
JSON_OR_TABLES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/geo+json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
GEOJSON_ONLY: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}}
}
