"""Every error answer in one place: RFC 9457 problem+json for programs, an HTML page for browsers.

Exceptions map to a status by class (`STATUS_BY_ERROR`); Starlette picks the handler by walking
the exception's MRO, so a subclass (ClusterError under GeodataError) finds its own entry first.
A database that is down or saturated is 503 with Retry-After, in words for people and never with
host, port or driver text. Anything unmapped is a bug: it is logged with an incident id and the
answer shows only that id.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import psycopg
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from activities.errors import ActivityError
from app import format as fmt
from app import validation
from app.i18n import language, translator
from geodata.errors import ClusterError, GeodataError, LoadError, NotFoundError
from indicators.errors import IndicatorError
from venues.errors import VenueModelError

PROBLEM = "application/problem+json"
RETRY_AFTER_SECONDS = 5
FIELD_LIMIT, MESSAGE_LIMIT, ERRORS_LIMIT = 120, 300, 50
SUMMARY_LIMIT = 20  # problems written out in `detail` (all of them, to 50, are in `errors`)
logger = logging.getLogger("kvarterkort.errors")

# Exception class -> HTTP status. LoadError is a GeodataError (its handler adds the problems).
# The database-unavailable classes (connection refused or lost, pool exhausted, cluster not
# running) are 503; other DBAPIErrors (DataError, IntegrityError) reaching the top are bugs and
# stay 500 with an incident id.
STATUS_BY_ERROR: dict[type[Exception], int] = {
    NotFoundError: 404,
    GeodataError: 422,
    IndicatorError: 422,
    VenueModelError: 422,
    ActivityError: 422,
    ClusterError: 503,
    sa_exc.OperationalError: 503,
    sa_exc.InterfaceError: 503,
    sa_exc.TimeoutError: 503,
    psycopg.OperationalError: 503,
}


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    """A problem+json answer; `extra` adds members such as `errors` or `incident`."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path), **extra}  # fmt: skip
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    """Register the handlers: the class table, HTTP errors, validation errors, anything else."""
    for cls, status in STATUS_BY_ERROR.items():
        app.add_exception_handler(cls, _domain_handler(status))
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    # Exception goes to Starlette's ServerErrorMiddleware: it also sees errors raised in
    # dependencies, middleware and after a streaming response has started (then it only logs).
    app.add_exception_handler(Exception, _unexpected_handler)
    app.add_middleware(ContainBugs)


class ContainBugs:
    """Answer a bug here, before ServerErrorMiddleware, which would re-raise it after answering:
    the server would then log the traceback a second time, without the incident id and with the
    exception's text. A bug after the response has started still goes up (the connection must be
    cut), and ServerErrorMiddleware logs it with an incident id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise
            response = await _unexpected_handler(Request(scope, receive), exc)
            await response(scope, receive, send)


def respond(
    request: Request,
    status: int,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """The error answer in the form the client wants: an HTML page or problem+json."""
    lang = _lang(request)
    title = status_title(status, lang)
    text = title if detail is None else detail
    if wants_html(request):
        response = _html_page(request, status, title, text, extra.get("incident"))
    else:
        response = problem(status, title, text, request, **extra)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def wants_html(request: Request) -> bool:
    """A browser asking for a page: Accept names text/html and the path is not the API."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


def status_title(status: int, lang: str) -> str:
    """The translated generic title of an HTTP status; a status without words of its own is
    "Fejl" in Danish (the English reason phrase is only right for English)."""
    t = translator(lang)
    key = f"error.{status}"
    title = t(key)
    if title != key:
        return title
    if lang == "en" and _phrase(status):
        return _phrase(status)
    return t("error.other")


def _lang(request: Request) -> str:
    settings = getattr(request.app.state, "settings", None)
    return language(request, getattr(settings, "default_language", "da"))


def _domain_handler(status: int):  # type: ignore[no-untyped-def]
    async def handle(request: Request, exc: Exception) -> Response:
        if status == 503:
            return unavailable(request, exc)
        lang = _lang(request)
        if isinstance(exc, LoadError):
            return _load_error(request, status, exc, lang)
        return respond(request, status, translated(exc, lang))

    return handle


def _load_error(request: Request, status: int, exc: LoadError, lang: str) -> Response:
    """Each problem located and in the user's language (app/import_errors.py); the members of
    `errors` stay file/location/field/message, so programs read them as before."""
    from app.import_errors import message_text, problem_text  # late: it reads the catalogue

    t = translator(lang)
    shown = exc.problems[:SUMMARY_LIMIT]
    lines = [problem_text(p, lang) for p in shown]
    if len(exc.problems) > len(shown):
        lines.append(t("error.load.more", n=fmt.inline(len(exc.problems) - len(shown), lang)))
    errors = [
        {"file": p.file, "location": p.location, "field": p.field, "message": message_text(p, t)}
        for p in exc.problems[:ERRORS_LIMIT]
    ]
    return respond(request, status, "\n".join(lines), errors=errors)


def translated(exc: Exception, lang: str) -> str:
    """A domain error in the user's language: its catalogue key when it has one (see the base
    classes in indicators/, venues/ and geodata/ errors, and `HTTPError`), else its own (English)
    text. Number parameters are written the language's way (da 1.234,5; en 1,234.5)."""
    key = getattr(exc, "key", None)
    if key:
        params = getattr(exc, "params", None) or {}
        return translator(lang)(key, **{k: fmt.inline(v, lang) for k, v in params.items()})
    return str(exc)


class HTTPError(HTTPException):
    """An HTTP error whose text is a catalogue key: `HTTPError(404, "error.404")`.

    The handler answers in the user's language; `detail` keeps the English text for logs and for
    code that reads it. Use it wherever a route or dependency would raise an HTTPException with
    words in it.
    """

    def __init__(
        self, status_code: int, key: str, headers: Mapping[str, str] | None = None, **params: object
    ) -> None:
        self.key = key
        self.params = params
        super().__init__(status_code, translated(self, "en"), dict(headers or {}) or None)


def unavailable(request: Request, exc: Exception) -> Response:
    """503 + Retry-After; the driver's text (host, port, user) goes to the log only."""
    logger.warning(
        "database unavailable on %s %s: %s", request.method, _route(request), type(exc).__name__
    )
    detail = translator(_lang(request))("error.unavailable.detail")
    return respond(request, 503, detail, {"Retry-After": str(RETRY_AFTER_SECONDS)})


async def _http_handler(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code < 400:  # a redirect raised as an exception (login first): not an error
        return Response(status_code=exc.status_code, headers=exc.headers)
    if getattr(exc, "key", None):
        detail: str | None = translated(exc, _lang(request))
    else:
        detail = None if exc.detail == _phrase(exc.status_code) else str(exc.detail)
    return respond(request, exc.status_code, detail, exc.headers)


async def _validation_handler(request: Request, exc: RequestValidationError) -> Response:
    """422 with a short list of (field, message) in the user's language (app/validation.py);
    input values are never echoed back."""
    errors = [
        {"field": _cut(e["field"], FIELD_LIMIT), "message": _cut(e["message"], MESSAGE_LIMIT)}
        for e in validation.messages(exc.errors()[:ERRORS_LIMIT], _lang(request))
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return respond(request, 422, detail or None, errors=errors)


async def _unexpected_handler(request: Request, exc: Exception) -> Response:
    """A bug: log it with a random incident id and show the user only that id."""
    incident = secrets.token_hex(6)
    logger.error(
        "incident %s: %s on %s %s",
        incident,
        type(exc).__name__,
        request.method,
        _route(request),
        exc_info=exc,
    )
    detail = translator(_lang(request))("error.incident.detail", incident=incident)
    return respond(request, 500, detail, incident=incident)


def _html_page(
    request: Request, status: int, title: str, detail: str, incident: str | None
) -> Response:
    from app.web import render  # late: app.web imports the templates, which is slow at import

    try:
        return render(
            request, "error.html", status, status=status, title=title, detail=detail,
            incident=incident, retry=status == 503,
        )  # fmt: skip
    except Exception:  # a broken page must not hide the original error
        logger.exception("error page failed to render")
        return problem(status, title, detail, request)


def _route(request: Request) -> str:
    """The route template, not the raw path: private links (/assets/mine/<token>) stay out."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "(no route)"))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "PROBLEM",
    "STATUS_BY_ERROR",
    "ClusterError",
    "GeodataError",
    "HTTPError",
    "NotFoundError",
    "install",
    "problem",
    "respond",
    "translated",
    "unavailable",
    "wants_html",
]
