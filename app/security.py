"""Request-level protections: signed session cookie, CSRF, hashed client IPs, rate limits,
private tokens and a streaming cap on request bodies.

Kept apart from the routes so every feature applies the same rules: a POST from a form must carry
the session's CSRF token, a JSON call authenticated by cookie must carry it in a header, and an
IP address is only ever handled as an HMAC keyed with the app's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import Message

from app.settings import Settings
from geodata.db import session_scope
from geodata.models_assets import MAX_PHOTOS
from geodata.queries.assets_auth import take_rate_slot

SESSION_COOKIE = "kk_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
RATE_WINDOW_S = 3600
FORM_OVERHEAD_BYTES = 256 * 1024


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def secret_key(request: Request) -> str:
    """The app's secret, read once per app (it may live in a file in the data directory)."""
    key = getattr(request.app.state, "kk_secret", None)
    if key is None:
        key = _settings(request).resolved_secret_key()
        request.app.state.kk_secret = key
    return str(key)


# --- session cookie -------------------------------------------------------------------------


@dataclass
class SessionData:
    """What the signed cookie holds: a CSRF token and, after login, the user and their epoch."""

    csrf: str
    user_id: int | None = None
    epoch: int = 0
    fresh: bool = False  # issued during this request: the response must set the cookie


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(request), salt="kk-session")


def read_session(request: Request) -> SessionData:
    """The request's session from its cookie, or a fresh anonymous one (cached per request)."""
    cached = getattr(request.state, "kk_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = SessionData(csrf=secrets.token_urlsafe(32), fresh=True)
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        try:
            payload = _serializer(request).loads(raw, max_age=_settings(request).session_max_age_s)
            data = SessionData(
                csrf=str(payload["c"]), user_id=payload.get("u"), epoch=int(payload.get("e", 0))
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            pass
    request.state.kk_session = data
    return data


def write_session(request: Request, response: Response, data: SessionData) -> None:
    """Set the cookie: HttpOnly, SameSite=Lax, Secure when configured, signed and time-limited."""
    settings = _settings(request)
    value = _serializer(request).dumps({"c": data.csrf, "u": data.user_id, "e": data.epoch})
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=settings.session_max_age_s,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    request.state.kk_session = data


def start_session(request: Request, response: Response, user_id: int | None, epoch: int) -> None:
    """A new session with a new CSRF token (login and logout rotate it)."""
    write_session(request, response, SessionData(secrets.token_urlsafe(32), user_id, epoch))


# --- CSRF -----------------------------------------------------------------------------------


async def csrf_protect(request: Request) -> None:
    """Dependency for every state-changing route.

    Forms always need the hidden field; other bodies (JSON) need the header when the request is
    authenticated by the session cookie. JSON from another site cannot be sent without a CORS
    preflight, which this app never grants, so anonymous JSON calls need no token.
    """
    if request.method in SAFE_METHODS:
        return
    session = read_session(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        sent: Any = (await request.form()).get(CSRF_FIELD)
    elif session.user_id is not None:
        sent = request.headers.get(CSRF_HEADER)
    else:
        return
    if session.fresh or not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        raise HTTPException(
            403,
            "The form has expired or did not come from this site: reload the page and try again.",
        )


# --- client identity without storing IPs ----------------------------------------------------


def client_hash(request: Request) -> str:
    """HMAC-SHA256 of the client IP keyed with the secret: comparable, not reversible."""
    ip = request.client.host if request.client else "unknown"
    return hmac.new(secret_key(request).encode(), ip.encode(), hashlib.sha256).hexdigest()


def check_rate(request: Request, bucket: str, setting: str) -> None:
    """Count one action against the client's one-hour window; 429 with Retry-After when full.

    The hit is committed in its own transaction so failed attempts count too.
    """
    limit = int(getattr(_settings(request), setting))
    with session_scope(request.app.state.database_url) as session:
        wait = take_rate_slot(session, bucket, client_hash(request), limit, RATE_WINDOW_S)
    if wait is not None:
        raise HTTPException(
            429,
            f"Too many requests of this kind ({bucket}) from your "
            f"connection; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


def rate_limit(bucket: str, setting: str) -> Callable[[Request], None]:
    """A dependency form of check_rate, e.g. Depends(rate_limit("report", "rate_reports_...))."""

    def dependency(request: Request) -> None:
        check_rate(request, bucket, setting)

    return dependency


# --- private links --------------------------------------------------------------------------


def new_private_token() -> tuple[str, str]:
    """(token for the submitter's link, hash to store); the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- request size -----------------------------------------------------------------------------


def upload_budget(settings: Settings) -> int:
    return settings.upload_max_bytes * MAX_PHOTOS + FORM_OVERHEAD_BYTES


class UploadLimitRoute(APIRoute):
    """Stop reading a request body as soon as it exceeds the upload budget (413), instead of
    letting the multipart parser spool an arbitrarily large upload to disk first."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            limit = upload_budget(_settings(request))
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise HTTPException(413, f"The request is larger than {limit // 2**20} MB.")
            request._receive = _counting(request.receive, limit)
            return await handler(request)

        return limited


def _counting(receive: Callable[[], Awaitable[Message]], limit: int) -> Any:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise HTTPException(413, f"The request is larger than {limit // 2**20} MB.")
        return message

    return counted
