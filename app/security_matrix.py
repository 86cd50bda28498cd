"""The route x role matrix of docs/SECURITY.md, read off the running app's routes.

Written by hand, such a table goes stale the day a route is added. Here it is generated from what
FastAPI will actually run: the roles come from the `require_role` dependency (its `roles`
attribute), CSRF from `csrf_protect` in the dependency tree, rate limits from `rate_limit`
dependencies and from `check_rate(request, "<bucket>", ...)` calls in the handler or the app
functions it calls, and the OpenAPI column from the schema itself. tests/test_security_matrix.py
fails when the documented table differs, and then checks the app behaves as documented.

Regenerate: ``uv run python -m app.security_matrix --write``.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.routing import Mount, Route

from app.security import csrf_protect

ROLES = ("resident", "coordinator", "planner", "admin")
STAFF_ROLES = ROLES[1:]
DOC = Path(__file__).resolve().parent.parent / "docs" / "SECURITY.md"
START, END = "<!-- route-matrix:start -->", "<!-- route-matrix:end -->"
HEADER = ("Method", "Path", *(r.capitalize() for r in ROLES), "CSRF", "Rate limit", "OpenAPI")
YES, NO = "✓", "–"
CHECK_RATE = re.compile(r"(?:check_rate|rate_wait)\(\s*request,\s*\"([^\"]+)\"")
# POSTs that change nothing: they compute an answer from their body, like a GET with a long query.
CSRF_EXEMPT = {("POST", "/api/ranking/run"), ("POST", "/api/venues/solve")}


@dataclass(frozen=True)
class Row:
    """One method of one route: who may call it and which protections run first."""

    method: str
    path: str
    roles: tuple[str, ...]  # the roles allowed; all of ROLES when the route is public
    csrf: bool
    rate: tuple[str, ...]
    openapi: bool

    def cells(self) -> tuple[str, ...]:
        allowed = tuple(YES if role in self.roles else NO for role in ROLES)
        rate = ", ".join(self.rate) or NO
        return (
            self.method,
            f"`{self.path}`",
            *allowed,
            _mark(self.csrf),
            rate,
            _mark(self.openapi),
        )


def _mark(flag: bool) -> str:
    return YES if flag else NO


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    """Every dependency callable FastAPI resolves for a route, depth first."""
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _rate_bucket(call: Callable[..., Any]) -> str | None:
    if not getattr(call, "__qualname__", "").startswith("rate_limit."):
        return None
    return str(inspect.getclosurevars(call).nonlocals.get("bucket"))


def _inline_buckets(fn: Callable[..., Any] | None, depth: int = 2) -> set[str]:
    """Buckets of check_rate calls in `fn` and in the app functions it calls (depth-limited)."""
    if fn is None:
        return set()
    try:
        found = set(CHECK_RATE.findall(inspect.getsource(fn)))
    except (OSError, TypeError):
        return set()
    if depth > 0 and hasattr(fn, "__code__"):
        for name in fn.__code__.co_names:
            target = getattr(fn, "__globals__", {}).get(name)
            if inspect.isfunction(target) and target.__module__.startswith("app."):
                found |= _inline_buckets(target, depth - 1)
    return found


def _api_rows(ctx: RouteContext, documented: set[tuple[str, str]]) -> Iterator[Row]:
    calls = list(_calls(ctx.dependant))
    roles: tuple[str, ...] = ROLES
    for call in calls:
        if hasattr(call, "roles"):
            roles = tuple(r for r in roles if r in call.roles)
    buckets = {b for b in map(_rate_bucket, calls) if b} | _inline_buckets(ctx.endpoint)
    csrf = any(call is csrf_protect for call in calls)
    path = str(ctx.path_format)
    for method in sorted(ctx.methods or ()):
        yield Row(method, path, roles, csrf, tuple(sorted(buckets)), (method, path) in documented)


def routes_of(app: FastAPI) -> list[Row]:
    """Every registered route and mount of the app, one row per method, sorted by path.

    FastAPI includes routers lazily; `iter_route_contexts` (what its OpenAPI generator uses)
    yields each route with the prefix and dependencies of the routers that include it.
    """
    schema = app.openapi().get("paths", {})
    documented = {(m.upper(), p) for p, ops in schema.items() for m in ops}
    rows: list[Row] = []
    for ctx in iter_route_contexts(app.routes):
        route = ctx.original_route
        if isinstance(route, APIRoute):
            rows.extend(_api_rows(ctx, documented))
        elif isinstance(route, Mount):
            rows.append(Row("GET", f"{route.path}/{{path}}", ROLES, False, (), False))
        elif isinstance(route, Route):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                in_schema = (method, route.path_format) in documented
                rows.append(Row(method, route.path_format, ROLES, False, (), in_schema))
    return sorted(rows, key=lambda r: (r.path, r.method))


def render_matrix(rows: list[Row]) -> str:
    """The Markdown table that sits between the markers in docs/SECURITY.md."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def documented_matrix(text: str) -> str:
    """The table currently between the markers (empty when the markers are missing)."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return ""
    return text[start + len(START) : end].strip()


def parse_matrix(table: str) -> list[Row]:
    """Rows of a rendered matrix, so tests can hold the app to what the document promises."""
    rows = []
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        method, path, *allowed, csrf, rate, openapi = cells
        roles = tuple(r for r, mark in zip(ROLES, allowed, strict=True) if mark == YES)
        buckets = () if rate == NO else tuple(b.strip() for b in rate.split(","))
        rows.append(Row(method, path.strip("`"), roles, csrf == YES, buckets, openapi == YES))
    return rows


def replace_matrix(text: str, table: str) -> str:
    """`text` with only the part between the markers replaced; other sections are kept."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{DOC} has no {START} ... {END} markers")
    return text[: start + len(START)] + "\n" + table + "\n" + text[end:]


def build_app() -> FastAPI:
    """The app as served, without touching a database (routes are built, never called)."""
    from app.main import create_app
    from app.settings import Settings

    settings = Settings(tiles="none")
    return create_app(settings, database_url="postgresql+psycopg://matrix@127.0.0.1:1/unused")


def main(argv: list[str]) -> int:
    """`--write` regenerates the table in docs/SECURITY.md; `--check` exits 1 when it is stale."""
    table = render_matrix(routes_of(build_app()))
    if not {"--write", "--check"} & set(argv):
        print(table)
        return 0
    text = DOC.read_text(encoding="utf-8")
    if "--write" in argv:
        DOC.write_text(replace_matrix(text, table), encoding="utf-8")
        print(f"wrote the route matrix ({table.count(chr(10)) - 1} rows) to {DOC}")
        return 0
    if "--check" in argv:
        stale = documented_matrix(text) != table
        print(f"{DOC}: route matrix {'is stale' if stale else 'is up to date'}")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
