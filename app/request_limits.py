"""A global cap on request bodies, as ASGI middleware in front of every route.

Without it any route that reads a body (JSON to /api/ranking/run, a form) accepts whatever a
client sends, and FastAPI buffers it all in memory before validation. The cap is checked twice:
against Content-Length before anything is read, and by counting the bytes actually received, so
a chunked body without Content-Length is stopped too. Upload routes (UploadLimitRoute: photo
forms, imports) get their own, larger budget instead, by raising the limit kept in the scope.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import respond
from app.i18n import language, translator
from app.security import LIMIT_KEY, upload_budget
from app.settings import Settings


class BodyTooLarge(HTTPException):
    """Raised from receive() when the counted body passes the limit.

    An HTTPException, because FastAPI re-raises those from body parsing unchanged (others
    become a 400), so a route that is reading its body answers 413 through the usual handler.
    """

    def __init__(self, scope: Scope, limit: int) -> None:
        t = translator(language(Request(scope)))
        super().__init__(413, t("abuse.too_large", limit=limit))
        self.limit = limit


class RequestSizeLimit:
    """Refuse request bodies above `max_request_bytes` (or the route's upload budget) with 413.

    The route is not known before routing, so the limit lives in the scope: it starts as the
    global cap and an UploadLimitRoute raises it to its budget before its body is read.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[LIMIT_KEY] = self.settings.max_request_bytes
        ceiling = max(upload_budget(self.settings), self.settings.max_request_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > ceiling:
            await _refuse(scope, receive, send, self.settings.max_request_bytes)
            return
        # A BodyTooLarge from receive() is an HTTPException raised inside a route (body or form
        # parsing), so the app's own handler already answers it with 413.
        await self.app(scope, _counting(scope, receive, declared), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def _counting(scope: Scope, receive: Receive, declared: int | None) -> Receive:
    """receive() that refuses once the declared or the counted size passes the scope's limit."""
    received = 0

    async def counted() -> Message:
        nonlocal received
        limit = int(scope[LIMIT_KEY])
        if declared is not None and declared > limit:
            raise BodyTooLarge(scope, limit)
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(scope, limit)
        return message

    return counted


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """413 in the client's language and form (problem+json or a page), without reading the body."""
    request = Request(scope, receive)
    detail = translator(language(request))("abuse.too_large", limit=limit)
    await respond(request, 413, detail, {"connection": "close"})(scope, receive, send)


def install(app: FastAPI) -> None:
    """Put the size limit in front of the whole app (call once from create_app)."""
    app.add_middleware(RequestSizeLimit, settings=app.state.settings)
